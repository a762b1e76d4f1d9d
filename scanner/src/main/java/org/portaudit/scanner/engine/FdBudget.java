package org.portaudit.scanner.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Optional;

/**
 * Every probe in flight holds one file descriptor; more probes than the process may open would fail
 * with EMFILE (and starve the report writer). This reads the limit and caps concurrency below it.
 */
final class FdBudget {
    /** Descriptors left for everything else (jars, logs, the report being written, DNS ...). */
    static final int RESERVE = 128;

    /** The process's open-file limit and how many are open now. */
    record Limits(long max, long open) {
        long free() {
            return max - open;
        }
    }

    private FdBudget() {
    }

    /** The limits, when the platform tells them (Unix). */
    static Optional<Limits> read() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long open = unix.getOpenFileDescriptorCount();
            if (max > 0 && open >= 0) {
                return Optional.of(new Limits(max, open));
            }
        }
        return Optional.empty();
    }

    /** {@code requested}, or fewer so that probes fit in the free descriptors less the reserve; at least 1. */
    static int cap(int requested, Limits limits, int reserve) {
        long room = limits.free() - reserve;
        return (int) Math.max(1, Math.min(requested, room));
    }
}
