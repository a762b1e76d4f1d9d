package org.portaudit.scanner.probes.tcp.identify;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portaudit.reports.model.Evidence;

/** The identifier's own client-first checks: HTTP GET, the PostgreSQL SSLRequest, the Redis PING. */
final class ClientChecks {
    private ClientChecks() {
    }

    /**
     * HTTP (RFC 9112): {@code GET / HTTP/1.0}; a well-formed status line proves HTTP. Reports the status, the
     * Server header and the page's {@code <title>} when it comes within the byte bound.
     */
    static final class HttpGet extends ByteExchange {
        static final String NAME = "http-get";
        private static final Pattern STATUS = Pattern.compile("HTTP/(\\d)\\.(\\d) (\\d{3})(?: ([\\x20-\\x7e\\t]*))?");
        private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]{0,512})</title", Pattern.CASE_INSENSITIVE);
        private static final byte[] PREFIX = "HTTP/".getBytes(StandardCharsets.US_ASCII);

        HttpGet() {
            super(NAME, 16 * 1024);
        }

        @Override
        byte[] request(SocketAddress peer) {
            return ("GET / HTTP/1.0\r\nHost: " + host(peer) + "\r\nUser-Agent: portaudit\r\nAccept: */*\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        Evidence judge(byte[] reply, int n, boolean ended) {
            if (!prefixAgrees(reply, n, PREFIX)) {
                return other("not HTTP", reply, n);
            }
            String text = new String(reply, 0, n, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            int lfEnd = text.indexOf("\n\n");
            int end = headEnd >= 0 ? headEnd : lfEnd;
            if (end < 0 && !ended) {
                return null;
            }
            String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r?\n", 101);
            Matcher m = STATUS.matcher(lines[0]);
            if (!m.matches()) {
                return other("not HTTP: malformed status line", reply, n);
            }
            Matcher title = TITLE.matcher(end < 0 ? "" : text.substring(end));
            boolean hasTitle = title.find();
            if (!hasTitle && !ended) {
                return null; // the body may still bring a title
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("httpVersion", m.group(1) + "." + m.group(2));
            d.put("status", Integer.parseInt(m.group(3)));
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("server")) {
                    d.put("server", lines[i].substring(colon + 1).trim());
                }
            }
            if (hasTitle) {
                d.put("title", title.group(1).replaceAll("\\s+", " ").trim());
            }
            return new Evidence(NAME, "HTTP " + m.group(3) + (d.containsKey("server") ? ", Server: " + d.get("server") : "")
                    + (hasTitle ? ", title '" + d.get("title") + "'" : ""), true, d);
        }
    }

    /**
     * PostgreSQL (protocol 3, 55.2.10): an SSLRequest (length 8, code 80877103); the server answers one byte, 'S'
     * (TLS follows) or 'N', and nothing more.
     */
    static final class PostgresSsl extends ByteExchange {
        static final String NAME = "postgresql-sslrequest";

        PostgresSsl() {
            super(NAME, 64);
        }

        @Override
        byte[] request(SocketAddress peer) {
            return new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
        }

        @Override
        Evidence judge(byte[] reply, int n, boolean ended) {
            if (n == 0) {
                return ended ? other("no reply to an SSLRequest", reply, n) : null;
            }
            if (n > 1 || reply[0] != 'S' && reply[0] != 'N') {
                return other("not PostgreSQL: the SSLRequest answer is not one byte 'S' or 'N'", reply, n);
            }
            boolean tls = reply[0] == 'S';
            return new Evidence(NAME, "PostgreSQL: SSLRequest answered '" + (char) reply[0] + "' (TLS "
                    + (tls ? "offered" : "not offered") + ")", true, Map.of("tlsOffered", tls));
        }
    }

    /** Redis (RESP): an inline PING; {@code +PONG}, or the refusals {@code -NOAUTH} and {@code -DENIED}. */
    static final class RedisPing extends ByteExchange {
        static final String NAME = "redis-ping";
        private static final Pattern LINE = Pattern.compile("(\\+PONG|-NOAUTH [\\x20-\\x7e]*|-DENIED [\\x20-\\x7e]*)\r\n");

        RedisPing() {
            super(NAME, 512);
        }

        @Override
        byte[] request(SocketAddress peer) {
            return "PING\r\n".getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        Evidence judge(byte[] reply, int n, boolean ended) {
            int eol = -1;
            for (int i = 0; i < n; i++) {
                if (reply[i] == '\n') {
                    eol = i;
                    break;
                }
            }
            if (eol < 0) {
                return ended || n > 0 && reply[0] != '+' && reply[0] != '-' ? other("not Redis", reply, n) : null;
            }
            String line = new String(reply, 0, eol + 1, StandardCharsets.ISO_8859_1);
            if (!LINE.matcher(line).matches()) {
                return other("not Redis", reply, n);
            }
            String said = line.trim();
            return new Evidence(NAME, "Redis: PING answered " + Seen.quote(reply, Math.min(eol, 60)), true,
                    Map.of("reply", said.length() > 120 ? said.substring(0, 120) : said,
                            "authRequired", !said.equals("+PONG")));
        }
    }
}
