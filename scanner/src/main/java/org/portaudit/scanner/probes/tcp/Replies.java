package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.Sanitize;

/** Helpers shared by the conversations for building evidence about what a peer said. */
final class Replies {
    /** How many reply bytes a mismatch keeps, as text and as hex, for the report. */
    static final int PREVIEW_BYTES = 64;

    private Replies() {
    }

    /**
     * Evidence that the peer did not speak the expected protocol: {@code why} for people, plus what it
     * said (a printable preview and the first bytes in hex).
     */
    static Evidence mismatch(String probe, String why, ByteBuf reply) {
        Map<String, Object> details = new LinkedHashMap<>();
        int n = reply == null ? 0 : reply.readableBytes();
        details.put("replyBytes", n);
        if (n > 0) {
            byte[] head = new byte[Math.min(n, PREVIEW_BYTES)];
            reply.getBytes(reply.readerIndex(), head);
            details.put("replyText", Sanitize.bytes(head, PREVIEW_BYTES));
            details.put("replyHex", ByteBufUtil.hexDump(head));
            String text = Sanitize.bytes(head, 40);
            boolean cutHere = head.length <= 40 && n > head.length; // Sanitize marks its own cut
            return new Evidence(probe, why + ": \"" + text + (cutHere ? "\u2026" : "") + "\"", false, details);
        }
        return new Evidence(probe, why, false, details);
    }

    /** The first line of {@code reply} (without CR LF), Latin-1, at most {@code max} bytes; null if none yet. */
    static String firstLine(ByteBuf reply, int max) {
        int end = reply.readerIndex() + Math.min(reply.readableBytes(), max);
        for (int i = reply.readerIndex(); i < end; i++) {
            if (reply.getByte(i) == '\n') {
                int stop = i > reply.readerIndex() && reply.getByte(i - 1) == '\r' ? i - 1 : i;
                byte[] line = new byte[stop - reply.readerIndex()];
                reply.getBytes(reply.readerIndex(), line);
                return Sanitize.bytes(line, max);
            }
        }
        return null;
    }

    /** Text for a detail value read from the wire (Latin-1 bytes, non-printables as '.'). */
    static String text(byte[] raw, int max) {
        return Sanitize.bytes(raw, max);
    }
}
