package org.portaudit.scanner.engine;

/**
 * Receives the results of a run, one call per task.
 *
 * <p>Calls come one at a time, in completion order, on the engine's control thread, never on an
 * event loop: a listener need not be thread-safe and may do modest work (write a line of JSON). It
 * holds up the run while it works: the probe's slot is given back only when the call returns, which
 * is what keeps memory bounded when results come faster than they are consumed. A listener that
 * throws fails the run.
 */
@FunctionalInterface
public interface ProbeListener<T> {
    void onResult(ProbeResult<T> result);
}
