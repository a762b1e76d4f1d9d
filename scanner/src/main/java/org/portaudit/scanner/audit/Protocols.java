package org.portaudit.scanner.audit;

import java.util.List;
import java.util.Optional;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.UdpPayload;

/** Which protocol knowledge to use on a port: a TCP conversation and UDP payloads. */
public interface Protocols {
    /** Connect only and send empty datagrams: no protocol knowledge. */
    Protocols NONE = new Protocols() {
        @Override
        public Optional<TcpConversation> tcp(int port) {
            return Optional.empty();
        }

        @Override
        public List<UdpPayload> udp(int port) {
            return List.of();
        }

        @Override
        public Optional<String> udpUnprovable(int port) {
            return Optional.empty();
        }
    };

    Optional<TcpConversation> tcp(int port);

    List<UdpPayload> udp(int port);

    /** Why no request can get an answer on this UDP port (138, RTP), or empty. */
    Optional<String> udpUnprovable(int port);
}
