package org.portaudit.scanner.audit;

import java.util.List;
import java.util.Optional;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.UdpPayload;
import org.portaudit.scanner.probes.tcp.LegacyTlsConversation;

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

    /** The AD domain (also the Kerberos realm) these probes ask about, when one was given; empty otherwise. */
    default Optional<String> domain() {
        return Optional.empty();
    }

    /**
     * True when the probe of this endpoint asks about the domain (Kerberos names a realm, DNS a zone, CLDAP a
     * domain), so that it is worth waiting for a domain the host itself names.
     */
    default boolean asksAboutDomain(org.portaudit.catalog.Transport transport, int port) {
        return false;
    }

    /** What names the service on an open port no role expects; empty when ports are not identified. */
    default Optional<org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier> identifier() {
        return Optional.empty();
    }

    /** These probes, with unexpected open ports identified by {@code identifier} (null: not identified). */
    default Protocols identifying(org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier identifier) {
        Protocols base = this;
        return new Protocols() {
            @Override
            public Optional<TcpConversation> tcp(int port) {
                return base.tcp(port);
            }

            @Override
            public List<UdpPayload> udp(int port) {
                return base.udp(port);
            }

            @Override
            public Optional<String> udpUnprovable(int port) {
                return base.udpUnprovable(port);
            }

            @Override
            public Optional<String> domain() {
                return base.domain();
            }

            @Override
            public boolean asksAboutDomain(org.portaudit.catalog.Transport transport, int port) {
                return base.asksAboutDomain(transport, port);
            }

            @Override
            public Protocols forDomain(String domain) {
                return base.forDomain(domain).identifying(identifier);
            }

            @Override
            public Optional<org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier> identifier() {
                return Optional.ofNullable(identifier);
            }
        };
    }

    /**
     * The second conversation worth having on an expected TCP endpoint, given what its first conversation said:
     * a TLS port whose server the JDK's handshake found no version or suite in common with gets a partial
     * TLS 1.0-1.2 handshake that reads its certificate ({@link LegacyTlsConversation}); an RDP port the same after
     * its X.224 negotiation. Empty when the first answer stands.
     */
    default Optional<SecondTry> secondTry(int port, org.portaudit.reports.model.Evidence first) {
        if (LegacyTlsConversation.worthRetrying(first)) {
            return Optional.of(new SecondTry(new LegacyTlsConversation(), LegacyTlsConversation::merge));
        }
        if (LegacyTlsConversation.worthRetryingRdp(first)) {
            return Optional.of(new SecondTry(LegacyTlsConversation.rdp(), LegacyTlsConversation::merge));
        }
        return Optional.empty();
    }

    /** The same probes asking about {@code domain} (a domain the host named); this when they ask about none. */
    default Protocols forDomain(String domain) {
        return this;
    }
}
