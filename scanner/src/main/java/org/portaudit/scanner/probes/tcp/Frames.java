package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;

/** Framing checks for replies with a length prefix. */
final class Frames {
    private Frames() {
    }

    /**
     * For a reply that starts with a big-endian length of {@code prefixBytes} (2, 3 or 4) bytes
     * counting what follows: the length of the body once all of it is present, -1 while it is not.
     * Throws when the announced body is shorter than {@code minBody} or longer than {@code maxBody}.
     */
    static int prefixedBody(ByteBuf reply, int prefixBytes, int minBody, int maxBody, String protocol) {
        if (reply.readableBytes() < prefixBytes) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < prefixBytes; i++) {
            length = length << 8 | reply.getUnsignedByte(reply.readerIndex() + i);
        }
        if (length < minBody || length > maxBody) {
            throw new MalformedReplyException("not " + protocol + ": announced length " + length
                    + " outside " + minBody + ".." + maxBody);
        }
        return reply.readableBytes() - prefixBytes >= length ? (int) length : -1;
    }
}
