package org.portaudit.scanner.audit;

/** Told how a run advances; the CLI draws a progress line from it on a terminal. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, hostsDone, hosts) -> {
    };

    void progress(long probesDone, long probesTotal, int hostsDone, int hosts);
}
