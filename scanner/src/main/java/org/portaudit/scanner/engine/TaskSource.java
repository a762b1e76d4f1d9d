package org.portaudit.scanner.engine;

import java.util.Iterator;
import java.util.Objects;

/**
 * Where a run pulls its tasks from. Unlike an iterator, a source may have nothing to hand out now and
 * more later (a host's dynamic RPC ports become known only when its endpoint mapper has answered): it
 * then returns null from {@link #poll()}, and calls the wake-up the run registered once it has more,
 * or once it is {@link #finished()}.
 *
 * <p>{@link #poll()} and {@link #finished()} are called on the engine's control thread only, one at a
 * time; the wake-up may be called from any thread.
 *
 * @param <T> the tasks' tag type
 */
public interface TaskSource<T> {
    /** The next task that is ready now, or null when none is (which does not mean none will be). */
    ProbeTask<T> poll();

    /** True once {@link #poll()} will never return a task again. */
    boolean finished();

    /**
     * Called once when the run starts, with what to call (from any thread) when tasks become ready or
     * the source becomes finished while the run may be waiting. Sources that only ever hand out tasks
     * synchronously (an iterator) can ignore it.
     */
    default void onWakeup(Runnable wakeup) {
    }

    /** A source over an iterator: always ready until exhausted. */
    static <T> TaskSource<T> of(Iterator<ProbeTask<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return new TaskSource<>() {
            @Override
            public ProbeTask<T> poll() {
                if (!tasks.hasNext()) {
                    return null;
                }
                ProbeTask<T> t = tasks.next();
                if (t == null) {
                    throw new IllegalStateException("the task source returned null");
                }
                return t;
            }

            @Override
            public boolean finished() {
                return !tasks.hasNext();
            }
        };
    }
}
