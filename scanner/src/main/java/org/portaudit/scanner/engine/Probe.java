package org.portaudit.scanner.engine;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import io.netty.util.concurrent.ScheduledFuture;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

/**
 * One task in flight. All of its state lives on one event loop ({@link #loop}); the control thread
 * starts it on the loop (in batches) and calls {@link #abort()}, which hops onto that loop.
 */
abstract class Probe {
    final ProbeTask<?> task;
    final ProbeRun<?> run;
    final EventLoop loop;
    Channel channel;
    int attempts;
    long pacedNanos;
    boolean done;
    /** What the engine knows of the target: its round trip, its ICMP budget. */
    final HostPacer.Host host;
    private ScheduledFuture<?> deadline;

    Probe(ProbeTask<?> task, ProbeRun<?> run, EventLoop loop) {
        this.task = task;
        this.run = run;
        this.loop = loop;
        this.host = run.pacer().host(task.target());
    }

    /**
     * Calls {@code onExpiry} once the host's timeout ({@code timeout}, read again each time) has
     * passed since {@code sentNanos}. While the host has not answered anything the timeout is the
     * ceiling, but other probes' answers may shorten it meanwhile: so the deadline is checked again
     * after the floor, then after twice that and so on, never later than it is due. On the loop.
     */
    final void armDeadline(long sentNanos, LongSupplier timeout, Runnable onExpiry) {
        armDeadline(sentNanos, timeout, onExpiry, run.pacer().floorNanos());
    }

    private void armDeadline(long sentNanos, LongSupplier timeout, Runnable onExpiry, long recheck) {
        if (done) {
            return;
        }
        long wait = sentNanos + timeout.getAsLong() - System.nanoTime();
        if (wait <= 0) {
            deadline = null;
            onExpiry.run();
            return;
        }
        long next = Math.min(wait, recheck);
        try {
            deadline = loop.schedule(() -> armDeadline(sentNanos, timeout, onExpiry, recheck * 2), next,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            done = true; // engine closing: no result
        }
    }

    /** Cancels the deadline armed by {@link #armDeadline}, if any. */
    final void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Ends the probe without a result (the run was cancelled or the engine closed). Any thread. */
    final void abort() {
        try {
            loop.execute(() -> {
                done = true;
                cancelDeadline();
                cancelTimers();
                if (channel != null) {
                    channel.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // the loop is shutting down and closes its channels itself
        }
    }

    /** First step, on the loop. */
    abstract void begin();

    /** Cancels whatever the probe has scheduled; on the loop. */
    abstract void cancelTimers();

    /** Runs {@code action} on the loop after {@code delayNanos}, or now when that is 0. */
    final void later(long delayNanos, Runnable action) {
        if (delayNanos <= 0) {
            action.run();
            return;
        }
        try {
            loop.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            done = true; // engine closing: no result
        }
    }

    /** Ends the probe with a result; the slot is given back once the channel is closed. On the loop. */
    final void finish(PortState state, long rttNanos, Evidence evidence, Evidence service, boolean icmpSuspect) {
        if (done) {
            return;
        }
        done = true;
        cancelDeadline();
        cancelTimers();
        ProbeResult<?> result = new ProbeResult<>(task, state, rttNanos < 0 ? null : Duration.ofNanos(rttNanos),
                attempts, evidence, service, icmpSuspect, Duration.ofNanos(pacedNanos));
        Channel ch = channel;
        if (ch != null && ch.isOpen()) {
            ch.close().addListener(f -> run.probeDone(this, result));
        } else {
            run.probeDone(this, result);
        }
    }

    /** Ends the probe with a failure that says nothing about the target; the run fails. On the loop. */
    final void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        cancelDeadline();
        cancelTimers();
        if (channel != null) {
            channel.close();
        }
        run.probeFailed(this, cause);
    }

    /** "0.42 ms" below 10 ms, "123 ms" above: without String.format, which costs more than a probe. */
    static String ms(long nanos) {
        if (nanos >= 9_995_000L) {
            return ((nanos + 500_000L) / 1_000_000L) + " ms";
        }
        long hundredths = (nanos + 5_000L) / 10_000L;
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac + " ms";
    }

    /** Evidence details from key, value pairs (String, Long/Integer, Boolean ...); null values are left out. */
    static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    static String tries(int n) {
        return n == 1 ? "1 try" : n + " tries";
    }
}
