package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portaudit.reports.model.Evidence;

/**
 * HTTP (RFC 9110, 9112; RFC 1945 for 1.0): {@code HEAD / HTTP/1.0} with a Host header. The status
 * line proves HTTP; the status and the Server header are reported. Headers are read up to 8 KiB.
 */
final class HttpHeadConversation extends ExchangeConversation {
    static final String NAME = "http-head";
    static final int MAX_HEADERS = 8 * 1024;

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/(\\d)\\.(\\d) (\\d{3})(?: (.*))?");
    private static final byte[] PREFIX = "HTTP/".getBytes(StandardCharsets.US_ASCII);

    HttpHeadConversation() {
        super(NAME, MAX_HEADERS);
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        int port = portOf(peer);
        String host = hostOf(peer) + (port > 0 && port != 80 ? ":" + port : "");
        String req = "HEAD / HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: portaudit\r\nAccept: */*\r\n\r\n";
        return ByteBufUtil.writeAscii(alloc, req);
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        int n = reply.readableBytes();
        for (int i = 0; i < Math.min(n, PREFIX.length); i++) {
            if (reply.getByte(reply.readerIndex() + i) != PREFIX[i]) {
                throw new MalformedReplyException("not HTTP: reply does not start with HTTP/");
            }
        }
        int end = headerEnd(reply);
        if (end < 0 && !ended) {
            return Verdict.NEED_MORE;
        }
        String head = new String(ByteBufUtil.getBytes(reply, reply.readerIndex(), end < 0 ? n : end),
                StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n", 101);
        Matcher m = STATUS_LINE.matcher(lines[0]);
        if (!m.matches()) {
            throw new MalformedReplyException("not HTTP: malformed status line");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("httpVersion", m.group(1) + "." + m.group(2));
        details.put("status", Integer.parseInt(m.group(3)));
        if (m.group(4) != null) {
            details.put("reason", m.group(4));
        }
        for (int i = 1; i < lines.length && i <= 100; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String field = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                if (field.equals("server")) {
                    details.put("server", value);
                } else if (field.equals("location")) {
                    details.put("location", value);
                }
            }
        }
        return Verdict.done(new Evidence(NAME, "HTTP " + m.group(3)
                + (details.containsKey("server") ? " from " + details.get("server") : ""), true, details));
    }

    /** Offset (from the reader index) of the blank line ending the header, or -1. */
    private static int headerEnd(ByteBuf b) {
        int start = b.readerIndex();
        for (int i = start; i < b.writerIndex(); i++) {
            if (b.getByte(i) == '\n') {
                if (i + 1 < b.writerIndex() && b.getByte(i + 1) == '\n') {
                    return i - start;
                }
                if (i + 2 < b.writerIndex() && b.getByte(i + 1) == '\r' && b.getByte(i + 2) == '\n') {
                    return i - start;
                }
            }
        }
        return -1;
    }
}
