package org.portaudit.scanner.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Optional;
import org.portaudit.reports.model.Evidence;

/**
 * Protocol knowledge for a UDP probe: the request to send and the matcher for its reply.
 * Implementations live in the {@code probes} package; the engine only calls them.
 * Implementations are stateless and safe to share between probes.
 */
public interface UdpPayload {
    /** Short stable name used in evidence ("dns", "kerberos-as-req", "ntp" ...). */
    String name();

    /** A fresh request datagram body; the caller owns (and releases) the buffer. */
    ByteBuf request(ByteBufAllocator alloc);

    /**
     * Judges one datagram that came back on the probe's connected channel. Returns evidence when it
     * is a reply of this protocol (matched = true) or recognisably something else (matched = false),
     * empty when the bytes say nothing. Never throws on hostile input; never retains {@code reply}.
     */
    Optional<Evidence> match(ByteBuf reply);

    /**
     * True when the protocol's server answers from a port other than the one probed (TFTP: RFC 1350
     * section 4 has the server reply from a new port, its transfer ID). A connected socket never hears
     * such a reply, so the engine sends from an unconnected socket instead and accepts a datagram from
     * the target's address only: from the probed port any reply, as on a connected socket; from any
     * other port only one that {@link #match} accepts as an answer to this request (matched = true).
     */
    default boolean repliesFromAnotherPort() {
        return false;
    }
}
