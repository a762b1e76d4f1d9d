package org.portaudit.scanner.engine;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.BindException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.Sanitize;

/**
 * Turns what a socket reported into a port state, and any failure into the protocol's words
 * ({@link #describe}). Refused and timed-out connects are results, not errors; only failures that
 * say nothing about the target (no file descriptors, no local port ...) are left for the run to
 * fail on.
 */
public final class Failures {

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

    /** "javax.net.ssl.SSLHandshakeException: " and the like, wherever they appear in a message. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_]*"
            + "(?:Exception|Error)\\b:? ?");
    /** Netty's native prefix: "recvAddress(..) failed: ", "finishConnect(..) failed: ". */
    private static final Pattern SYSCALL = Pattern.compile("\\b[A-Za-z]{1,40}\\(\\.\\.\\) failed:? ?");
    /** A JDK class or package named in a message ("javax.net.ssl.SSLEngine"); host names are left alone. */
    private static final Pattern JDK_NAME = Pattern.compile("\\bjavax?\\.(?:lang|io|nio|net|util|security)\\b[\\w.$]*");
    private static final Pattern AFTER_MS = Pattern.compile("after (\\d{1,12}) ?ms");
    private static final int MAX = 200;

    /** What {@code cause} says beyond its verdict's own words (for an evidence's "error"), or null when nothing. */
    static String beyond(Throwable cause, Verdict v, boolean udp) {
        String words = describe(cause, udp);
        return words.equals(v.what()) ? null : words;
    }

    /** {@link #describe(Throwable, boolean)} for a TCP exchange (where a refusal is an RST). */
    public static String describe(Throwable t) {
        return describe(t, false);
    }

    /**
     * What a failure means in the protocol's words, for evidence and for error lines: "ICMP port
     * unreachable", "RST (connection refused)", "TLS handshake failed: the server sent a fatal
     * handshake_failure alert", "timed out after 3000 ms", "connection closed". Never a Java
     * class name ({@code PortUnreachableException}, {@code java.io.}...) and never a native call's
     * name; whatever other detail the message holds is kept, printable and bounded.
     *
     * @param udp whether the exchange was UDP, where a refusal is an ICMP port unreachable
     */
    public static String describe(Throwable t, boolean udp) {
        if (t == null) {
            return "failed without a reason";
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException) {
                String tls = TlsFailure.describe(c);
                return tls.startsWith(TlsFailure.INCOMPLETE) ? "TLS handshake failed"
                        + tls.substring(TlsFailure.INCOMPLETE.length()) : "TLS handshake failed: " + tls;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String words = wordsFor(c, udp);
            if (words != null) {
                return words;
            }
        }
        String rest = Sanitize.text(withoutJavaNames(t.getMessage() == null ? "" : t.getMessage()), MAX);
        if (!rest.isEmpty()) {
            return rest;
        }
        return t instanceof IOException ? "an input/output error without a reason"
                : "an internal error without a reason (--verbose shows where)";
    }

    private static String wordsFor(Throwable c, boolean udp) {
        if (c instanceof ConnectTimeoutException || c instanceof SocketTimeoutException
                || c instanceof io.netty.handler.timeout.TimeoutException
                || c instanceof java.util.concurrent.TimeoutException) {
            Matcher m = AFTER_MS.matcher(c.getMessage() == null ? "" : c.getMessage());
            return m.find() ? "timed out after " + m.group(1) + " ms" : "timed out";
        }
        if (c instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (c instanceof FileSystemException f) {
            return file(f);
        }
        Verdict v = classifyOne(c, udp);
        if (v != null) {
            return v.what();
        }
        String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("broken pipe")) {
            return "connection broken (EPIPE: the peer had closed it)";
        }
        if (c instanceof BindException || m.contains("address already in use")
                || m.contains("cannot assign requested address")) {
            return "no local address or port to send from: " + Sanitize.text(withoutJavaNames(c.getMessage()), MAX);
        }
        if (m.contains("too many open files")) {
            return "out of file descriptors on this machine (EMFILE): raise the open-file limit or lower --concurrency";
        }
        if (c instanceof UnknownHostException) {
            return "no such host name" + (c.getMessage() == null ? "" : ": "
                    + Sanitize.text(withoutJavaNames(c.getMessage()), MAX));
        }
        return null;
    }

    /** A file error as ls or cat would say it: "report.json: permission denied". */
    private static String file(FileSystemException f) {
        String what;
        if (f instanceof NoSuchFileException) {
            what = "no such file or directory";
        } else if (f instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (f instanceof NotDirectoryException) {
            what = "not a directory";
        } else if (f instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (f instanceof DirectoryNotEmptyException) {
            what = "directory not empty";
        } else {
            what = f.getReason() == null ? "cannot be used" : withoutJavaNames(f.getReason());
        }
        String name = f.getFile() == null ? "" : Sanitize.text(f.getFile(), MAX) + ": ";
        String other = f.getOtherFile() == null ? "" : " (and " + Sanitize.text(f.getOtherFile(), MAX) + ")";
        return Sanitize.text(name + what + other, 2 * MAX + 40);
    }

    /**
     * {@code message} without Java exception class names and native calls' names ("recvAddress(..) failed: "),
     * on one line; not yet made printable.
     */
    public static String withoutJavaNames(String message) {
        if (message == null) {
            return "";
        }
        String s = JAVA_NAME.matcher(message).replaceAll("");
        s = SYSCALL.matcher(s).replaceAll("");
        s = JDK_NAME.matcher(s).replaceAll("").replaceAll("\\s+", " ").trim();
        return s.replaceAll("^[:;,. ]+", "");
    }
}
