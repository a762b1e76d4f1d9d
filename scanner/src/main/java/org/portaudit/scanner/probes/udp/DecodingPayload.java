package org.portaudit.scanner.probes.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Map;
import java.util.Optional;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.UdpPayload;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Malformed;

/**
 * Common frame of every payload here. The request is built once, when the payload is constructed
 * (its transaction ID, nonce or cookie is chosen then), so a payload is immutable and can be shared
 * by all probes of a run; the matcher checks replies against that same ID. Replies are copied out of
 * the {@link ByteBuf} (never retained, reader index untouched) and decoded by a {@link Wire}; any
 * framing error ends in {@link Malformed}, which becomes {@code Optional.empty()} here.
 */
abstract class DecodingPayload implements UdpPayload {
    /** Largest datagram we look at: an IPv4/IPv6 UDP payload cannot be larger. */
    static final int MAX_DATAGRAM = 65535;

    private final String name;
    private final byte[] request;

    DecodingPayload(String name, byte[] request) {
        this.name = name;
        this.request = request.clone();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ByteBuf request(ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(request.length, request.length);
        buf.writeBytes(request);
        return buf;
    }

    /** The request bytes (a copy), for tests and for logging what was sent. */
    final byte[] requestBytes() {
        return request.clone();
    }

    @Override
    public final Optional<Evidence> match(ByteBuf reply) {
        if (reply == null) {
            return Optional.empty();
        }
        int n = reply.readableBytes();
        if (n == 0 || n > MAX_DATAGRAM) {
            return Optional.empty();
        }
        byte[] bytes = new byte[n];
        reply.getBytes(reply.readerIndex(), bytes);
        try {
            return decode(new Wire(bytes));
        } catch (Malformed e) {
            return Optional.empty();
        }
    }

    /** Judges one reply; may throw {@link Malformed} and nothing else. */
    abstract Optional<Evidence> decode(Wire reply);

    final Optional<Evidence> matched(String summary, Map<String, ?> details) {
        return Optional.of(new Evidence("udp:" + name, summary, true, details));
    }

    final Optional<Evidence> other(String summary, Map<String, ?> details) {
        return Optional.of(new Evidence("udp:" + name, summary, false, details));
    }
}
