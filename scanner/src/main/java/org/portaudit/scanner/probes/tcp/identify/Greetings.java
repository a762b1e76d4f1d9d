package org.portaudit.scanner.probes.tcp.identify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the protocol of a server that speaks first, from its greeting alone: SSH (RFC 4253 4.2), SMTP
 * (RFC 5321 4.2), FTP (RFC 959), POP3 (RFC 1939), IMAP (RFC 9051 7.1), VNC (RFB 6.1.1), telnet option
 * negotiation (RFC 854/855), MySQL/MariaDB (the protocol-10 initial handshake, or its error packet). Each
 * check is strict: a greeting must be whole and well-formed to count, so garbage names nothing. Pure.
 */
final class Greetings {
    /** A greeting judged: the service it proves (null: none), a line for people, and typed facts. */
    record Recognition(String service, String summary, Map<String, Object> details) {
    }

    /** The bytes so far may still become a known greeting: wait for more (or for the greeting's time to end). */
    static final Recognition NEED_MORE = new Recognition(null, "need more", Map.of());

    private static final Pattern SSH = Pattern.compile("SSH-(2\\.0|1\\.99|1\\.5)-([\\x21-\\x2c\\x2e-\\x7e]{1,200})(?: [\\x20-\\x7e]*)?");
    private static final Pattern REPLY_LINE = Pattern.compile("(\\d{3})([ -])([\\x20-\\x7e\\t]*)");
    private static final Pattern RFB = Pattern.compile("RFB (\\d{3})\\.(\\d{3})\n");
    private static final int MAX_LINE = 1024;

    private Greetings() {
    }

    /**
     * Judges the first {@code n} bytes a server sent unasked.
     *
     * @param ended true when no more will come (the peer closed, the wait is over, or the byte bound is reached)
     */
    static Recognition recognise(byte[] b, int n, boolean ended) {
        if (n == 0) {
            return ended ? new Recognition(null, "no greeting", Map.of()) : NEED_MORE;
        }
        int first = b[0] & 0xff;
        if (first == 0xff) {
            return telnet(b, n, ended);
        }
        Recognition mysql = mysql(b, n, ended);
        if (mysql != null) {
            return mysql;
        }
        int eol = indexOf(b, n, (byte) '\n');
        if (eol < 0) {
            if (!ended && n < MAX_LINE && Seen.isText(b, n)) {
                return NEED_MORE; // a text line not yet whole
            }
            return unknown(b, n);
        }
        String line = new String(b, 0, eol > 0 && b[eol - 1] == '\r' ? eol - 1 : eol, StandardCharsets.ISO_8859_1);
        Matcher rfb = RFB.matcher(new String(b, 0, Math.min(n, eol + 1), StandardCharsets.ISO_8859_1));
        if (n == 12 && rfb.matches()) {
            return new Recognition("vnc", "VNC: RFB " + rfb.group(1) + "." + rfb.group(2),
                    details("rfbVersion", Integer.parseInt(rfb.group(1)) + "." + Integer.parseInt(rfb.group(2))));
        }
        Matcher ssh = SSH.matcher(line);
        if (ssh.matches()) {
            return new Recognition("ssh", "SSH: " + line, details("banner", line, "sshVersion", ssh.group(1),
                    "software", ssh.group(2)));
        }
        Matcher reply = REPLY_LINE.matcher(line);
        if (reply.matches() && reply.group(1).equals("220")) {
            String upper = line.toUpperCase(Locale.ROOT);
            String service = upper.contains("FTP") ? "ftp" : upper.contains("SMTP") ? "smtp" : null;
            if (service != null) {
                return new Recognition(service, service.toUpperCase(Locale.ROOT) + " greeting: " + line,
                        details("banner", line));
            }
            return new Recognition(null, "a 220 greeting that names neither SMTP nor FTP: '" + Seen.quote(b, eol)
                    + "'", details("banner", line));
        }
        if (line.equals("+OK") || line.startsWith("+OK ")) {
            return new Recognition("pop3", "POP3 greeting: " + line, details("banner", line));
        }
        if (line.startsWith("* OK ") || line.startsWith("* PREAUTH ")) {
            return new Recognition("imap", "IMAP greeting: " + line, details("banner", line));
        }
        return unknown(b, n);
    }

    /** Telnet: the greeting is option negotiation, IAC (255) then WILL/WONT/DO/DONT (251-254) and an option. */
    private static Recognition telnet(byte[] b, int n, boolean ended) {
        List<String> options = new ArrayList<>();
        int i = 0;
        while (i + 1 < n && (b[i] & 0xff) == 0xff) {
            int verb = b[i + 1] & 0xff;
            if (verb == 250) { // SB option ... IAC SE: a subnegotiation
                int se = -1;
                for (int j = i + 2; j + 1 < n; j++) {
                    if ((b[j] & 0xff) == 0xff && (b[j + 1] & 0xff) == 240) {
                        se = j;
                        break;
                    }
                }
                if (se < 0 || se == i + 2) {
                    break;
                }
                options.add("SB " + (b[i + 2] & 0xff));
                i = se + 2;
            } else if (verb >= 251 && verb <= 254) {
                if (i + 2 >= n) {
                    break;
                }
                options.add(new String[] {"WILL", "WONT", "DO", "DONT"}[verb - 251] + " " + (b[i + 2] & 0xff));
                i += 3;
            } else {
                break;
            }
        }
        if (!options.isEmpty()) {
            return telnetFound(options);
        }
        return ended || n >= 64 ? unknown(b, n) : NEED_MORE;
    }

    private static Recognition telnetFound(List<String> options) {
        return new Recognition("telnet", "telnet option negotiation: " + String.join(", ", options),
                details("telnetOptions", List.copyOf(options)));
    }

    /**
     * MySQL/MariaDB: a packet (3-byte little-endian length, sequence 0) holding the protocol-10 handshake (a
     * printable NUL-terminated server version, a connection id, 8 bytes of scramble and a NUL filler), or an
     * error packet (0xff, a code 1000-2999, printable text) such as "Host ... is not allowed to connect".
     * Null when the bytes are not such a packet.
     */
    private static Recognition mysql(byte[] b, int n, boolean ended) {
        if (n < 4) {
            return null;
        }
        int len = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16;
        if (b[3] != 0 || len < 8 || len > 4096) {
            return null;
        }
        int kind = b[4] & 0xff;
        if (kind != 10 && kind != 0xff) {
            return null;
        }
        if (n < 4 + len) {
            return ended ? null : NEED_MORE;
        }
        if (kind == 0xff) {
            int code = (b[5] & 0xff) | (b[6] & 0xff) << 8;
            int text = 7 + (len > 9 && b[7] == '#' ? 6 : 0);
            if (code < 1000 || code > 2999 || text >= 4 + len || !printable(b, text, 4 + len)) {
                return null;
            }
            String message = new String(b, text, 4 + len - text, StandardCharsets.ISO_8859_1);
            return new Recognition("mysql", "MySQL error " + code + ": " + message,
                    details("errorCode", code, "message", message));
        }
        int zero = -1;
        for (int i = 5; i < 4 + len && i < 5 + 80; i++) {
            if (b[i] == 0) {
                zero = i;
                break;
            }
        }
        if (zero <= 5 || !printable(b, 5, zero) || zero + 13 >= 4 + len || b[zero + 13] != 0) {
            return null;
        }
        String version = new String(b, 5, zero - 5, StandardCharsets.ISO_8859_1);
        return new Recognition("mysql", "MySQL handshake: server " + version, details("serverVersion", version));
    }

    private static boolean printable(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Not a greeting portaudit knows: said so, with what was seen. */
    static Recognition unknown(byte[] b, int n) {
        boolean text = Seen.isText(b, n);
        String seen = text ? "text greeting '" + Seen.quote(b, n) + "'"
                : "binary greeting of " + n + " byte(s) '" + Seen.quote(b, Math.min(n, 24)) + "'";
        return new Recognition(null, seen, details("greetingBytes", n));
    }

    private static int indexOf(byte[] b, int n, byte v) {
        for (int i = 0; i < n && i < MAX_LINE; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> details(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
