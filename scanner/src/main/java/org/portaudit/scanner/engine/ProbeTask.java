package org.portaudit.scanner.engine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.portaudit.catalog.Transport;

/**
 * One port to probe.
 *
 * @param target       the address to probe (IPv4 or IPv6; names are resolved before the engine)
 * @param transport    {@link Transport#TCP} or {@link Transport#UDP}; bare IP protocols are not probed
 * @param port         1 to 65535
 * @param payloads     UDP only: the requests sent on every try, in order (empty: one empty datagram)
 * @param conversation TCP only, may be null: what to say once connected, to confirm the service
 * @param tag          the caller's own (typed) reference, opaque to the engine and handed back in the
 *                     {@link ProbeResult}; may be null
 * @param <T>          the tag's type
 */
public record ProbeTask<T>(InetAddress target, Transport transport, int port, List<UdpPayload> payloads,
                           TcpConversation conversation, T tag) {

    public ProbeTask {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        if (transport == Transport.IP) {
            throw new IllegalArgumentException("the engine probes tcp and udp ports, not bare ip protocols");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        payloads = payloads == null ? List.of() : List.copyOf(payloads);
        if (transport == Transport.TCP && !payloads.isEmpty()) {
            throw new IllegalArgumentException("udp payloads given for a tcp probe");
        }
        if (transport == Transport.UDP && conversation != null) {
            throw new IllegalArgumentException("tcp conversation given for a udp probe");
        }
    }

    /** A TCP connect probe. */
    public static <T> ProbeTask<T> tcp(InetAddress target, int port, T tag) {
        return new ProbeTask<>(target, Transport.TCP, port, List.of(), null, tag);
    }

    /** A TCP connect probe that, once connected, confirms the service with {@code conversation}. */
    public static <T> ProbeTask<T> tcp(InetAddress target, int port, TcpConversation conversation, T tag) {
        return new ProbeTask<>(target, Transport.TCP, port, List.of(), conversation, tag);
    }

    /** A UDP probe that sends an empty datagram. */
    public static <T> ProbeTask<T> udp(InetAddress target, int port, T tag) {
        return new ProbeTask<>(target, Transport.UDP, port, List.of(), null, tag);
    }

    /** A UDP probe that sends {@code payload}'s request. */
    public static <T> ProbeTask<T> udp(InetAddress target, int port, UdpPayload payload, T tag) {
        return new ProbeTask<>(target, Transport.UDP, port, List.of(payload), null, tag);
    }

    /** A UDP probe that sends every payload's request on each try. */
    public static <T> ProbeTask<T> udp(InetAddress target, int port, List<UdpPayload> payloads, T tag) {
        return new ProbeTask<>(target, Transport.UDP, port, payloads, null, tag);
    }

    /** "tcp/192.0.2.1:389" or "udp/[2001:db8::1]:53", for logs and evidence. */
    public String endpoint() {
        String host = target.getHostAddress();
        if (target instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return transport.id() + "/" + host + ":" + port;
    }
}
