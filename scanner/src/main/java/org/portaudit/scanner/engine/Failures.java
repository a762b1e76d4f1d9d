package org.portaudit.scanner.engine;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.util.Locale;
import org.portaudit.reports.model.PortState;

/**
 * Turns what a socket reported into a port state. Refused and timed-out connects are results, not
 * errors; only failures that say nothing about the target (no file descriptors, no local port ...)
 * are left for the run to fail on.
 */
final class Failures {

    /**
     * A port state read from a socket error.
     *
     * @param state   the state it proves
     * @param what    a short phrase for evidence ("RST (connection refused)")
     * @param errno   the Linux errno name when known ("ECONNREFUSED"), else null
     * @param note    what can not be told apart, or null
     * @param silence true when it means no answer came (a timeout), which is what retries are for
     */
    record Verdict(PortState state, String what, String errno, String note, boolean silence) {
    }

    static final String HOST_UNREACHABLE_NOTE = "Linux reports an ICMP host unreachable and a firewall's"
            + " ICMP administratively prohibited (type 3 code 9, 10 or 13) alike, as EHOSTUNREACH or"
            + " ENETUNREACH; a socket cannot tell them apart. If other ports of this host answer, a"
            + " firewall rejecting this port is the likelier cause (filtered).";

    private static final Verdict TIMEOUT = new Verdict(PortState.FILTERED, "no answer", null, null, true);
    private static final Verdict REFUSED_TCP = new Verdict(PortState.CLOSED, "RST (connection refused)",
            "ECONNREFUSED", null, false);
    private static final Verdict PORT_UNREACHABLE = new Verdict(PortState.CLOSED, "ICMP port unreachable",
            "ECONNREFUSED", null, false);
    private static final Verdict HOST_UNREACHABLE = new Verdict(PortState.UNREACHABLE,
            "host unreachable (EHOSTUNREACH)", "EHOSTUNREACH", HOST_UNREACHABLE_NOTE, false);
    private static final Verdict NET_UNREACHABLE = new Verdict(PortState.UNREACHABLE,
            "network unreachable (ENETUNREACH)", "ENETUNREACH", HOST_UNREACHABLE_NOTE, false);
    private static final Verdict HOST_DOWN = new Verdict(PortState.UNREACHABLE, "host is down (EHOSTDOWN)",
            "EHOSTDOWN", null, false);
    private static final Verdict KERNEL_TIMEOUT = new Verdict(PortState.FILTERED,
            "no answer (the kernel gave up: ETIMEDOUT)", "ETIMEDOUT", null, true);
    private static final Verdict LOCAL_EPERM = new Verdict(PortState.FILTERED,
            "blocked on this machine (EPERM): a local firewall rule refused to send", "EPERM",
            "the probe never left this machine", false);
    private static final Verdict LOCAL_EACCES = new Verdict(PortState.FILTERED,
            "blocked on this machine (EACCES)", "EACCES", "the probe never left this machine", false);
    private static final Verdict BLACKHOLE = new Verdict(PortState.UNREACHABLE,
            "no route: the kernel refused to send (EINVAL), as it does for a blackhole route", "EINVAL",
            "the probe never left this machine", false);
    private static final Verdict RESET = new Verdict(PortState.CLOSED, "connection reset (ECONNRESET)",
            "ECONNRESET", null, false);

    private Failures() {
    }

    /** The verdict for a failed TCP connect or UDP exchange, or null when the cause is not about the target. */
    static Verdict classify(Throwable cause, boolean udp) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Verdict v = classifyOne(t, udp);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Verdict classifyOne(Throwable t, boolean udp) {
        if (t instanceof ConnectTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof PortUnreachableException) {
            return PORT_UNREACHABLE;
        }
        if (t instanceof Errors.NativeIoException nio) {
            Verdict v = byErrno(-nio.expectedErr(), udp);
            if (v != null) {
                return v;
            }
        }
        if (t instanceof NoRouteToHostException) {
            return HOST_UNREACHABLE;
        }
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return udp ? PORT_UNREACHABLE : REFUSED_TCP;
        }
        if (m.contains("no route to host")) {
            return HOST_UNREACHABLE;
        }
        if (m.contains("network is unreachable")) {
            return NET_UNREACHABLE;
        }
        if (m.contains("host is down")) {
            return HOST_DOWN;
        }
        if (m.contains("connection timed out")) {
            return KERNEL_TIMEOUT;
        }
        if (m.contains("operation not permitted")) {
            return LOCAL_EPERM;
        }
        if (m.contains("permission denied")) {
            return LOCAL_EACCES;
        }
        if (m.contains("connection reset")) {
            return RESET;
        }
        if (m.contains("invalid argument")) {
            return BLACKHOLE;
        }
        return null;
    }

    /** Linux errno numbers (x86-64 and arm64 agree on these). */
    private static Verdict byErrno(int errno, boolean udp) {
        return switch (errno) {
            case 111 -> udp ? PORT_UNREACHABLE : REFUSED_TCP;
            case 113 -> HOST_UNREACHABLE;
            case 101 -> NET_UNREACHABLE;
            case 112 -> HOST_DOWN;
            case 110 -> KERNEL_TIMEOUT;
            case 1 -> LOCAL_EPERM;
            case 13 -> LOCAL_EACCES;
            case 104 -> RESET;
            // A connect or send towards a blackhole route fails at once with EINVAL: about the
            // target's route, not this machine, so it is a result and not a failure of the run.
            case 22 -> BLACKHOLE;
            default -> null;
        };
    }

    /** One line for logs and evidence: class and message, no stack. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
