package org.portaudit.scanner.engine;

import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portaudit.reports.model.Sanitize;

/**
 * Why a TLS handshake failed, in the protocol's words ("the server sent a fatal handshake_failure alert",
 * "a handshake message of 16777215 bytes, more than the 32768 a client reads"), never a Java exception's
 * name. The JDK's messages are matched by what they say; anything else is the cause's message with the
 * exception names taken out, made printable and bounded.
 */
public final class TlsFailure {
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: ([a-z_]{1,40})");
    private static final Pattern MESSAGE_SIZE = Pattern.compile(
            "size of the handshake message \\((\\d{1,10})\\) exceeds the maximum allowed size \\((\\d{1,10})\\)");
    private static final Pattern CHAIN_LENGTH = Pattern.compile(
            "certificate chain length \\((\\d{1,10})\\) exceeds the maximum allowed length \\((\\d{1,10})\\)");
    private static final int MAX = 200;
    /** The words for a failure nothing more is known of; followed by ": " and the detail when there is one. */
    static final String INCOMPLETE = "the handshake did not complete";
    private static final String NO_VERSION = "the server and portaudit share no TLS version";
    private static final String NO_SUITE = "the server and portaudit share no cipher suite";
    private static final String CLOSED = "the server closed the connection during the handshake";
    /** The failures another hello may get past: nothing in common with the JDK's, or the server gave up on it. */
    private static final java.util.Set<String> NO_COMMON_GROUND = java.util.Set.of(NO_VERSION, NO_SUITE, CLOSED,
            fatalAlert("protocol_version"), fatalAlert("handshake_failure"), fatalAlert("insufficient_security"));

    private TlsFailure() {
    }

    /**
     * True when {@code words} (from {@link #describe}) say the server and the JDK found no version or suite in
     * common, or the server gave up on the JDK's hello: a server a TLS 1.0-1.2 hello with the old suites may
     * still answer ({@link LegacyTlsConversation}). A certificate that does not parse or a chain too large is
     * not such a failure: another hello would meet the same chain.
     */
    public static boolean noCommonGround(String words) {
        return NO_COMMON_GROUND.contains(words);
    }

    private static String fatalAlert(String name) {
        return "the server sent a fatal " + name + " alert";
    }

    /** What went wrong, for evidence; {@link Failures#describe} says it for any failure that holds a TLS one. */
    public static String describe(Throwable cause) {
        if (cause == null) {
            return INCOMPLETE;
        }
        StringBuilder all = new StringBuilder();
        for (Throwable t = cause; t != null && all.length() < 4096; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException) {
                all.append(" connection closed");
            }
            if (t.getMessage() != null) {
                all.append(' ').append(t.getMessage(), 0, Math.min(t.getMessage().length(), 1024));
            }
        }
        String text = all.toString();
        Matcher m = ALERT.matcher(text);
        if (m.find()) {
            return fatalAlert(m.group(1));
        }
        m = MESSAGE_SIZE.matcher(text);
        if (m.find()) {
            return "the server sent a handshake message of " + m.group(1) + " bytes, more than the " + m.group(2)
                    + " a client reads (a certificate chain too large to check)";
        }
        m = CHAIN_LENGTH.matcher(text);
        if (m.find()) {
            return "the server sent a chain of " + m.group(1) + " certificates, more than the " + m.group(2)
                    + " a client reads";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("certificate") && (lower.contains("pars") || lower.contains("encod"))
                || lower.contains("bad_certificate")) {
            return "the server's Certificate message holds a certificate that does not parse";
        }
        if (lower.contains("no appropriate protocol") || lower.contains("protocol_version")
                || lower.contains("unsupported protocol") || lower.contains("not supported or disabled")) {
            return NO_VERSION;
        }
        if (lower.contains("no cipher suites in common") || lower.contains("no negotiable cipher")) {
            return NO_SUITE;
        }
        if (lower.contains("connection closed") || lower.contains("connection reset")
                || lower.contains("closed") && lower.contains("handshake")) {
            return CLOSED;
        }
        String rest = Sanitize.text(Failures.withoutJavaNames(text), MAX);
        return rest.isEmpty() ? INCOMPLETE : INCOMPLETE + ": " + rest;
    }
}
