package org.portaudit.scanner.cli;

import org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier;
import java.util.List;
import java.util.Optional;
import org.portaudit.scanner.audit.Protocols;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.UdpPayload;
import org.portaudit.scanner.probes.tcp.TcpConversations;
import org.portaudit.scanner.probes.udp.UdpPayloads;

/** The protocol probes of a run: the UDP payload and TCP conversation registries. */
final class ProtocolRegistry implements Protocols {
    /** Kerberos (88) over both transports, kpasswd (464), DNS (53) and CLDAP (389/udp) ask about the domain. */
    private static final java.util.Set<Integer> DOMAIN_TCP = java.util.Set.of(53, 88);
    private static final java.util.Set<Integer> DOMAIN_UDP = java.util.Set.of(53, 88, 389, 464);

    private final UdpPayloads udp;
    private final TcpConversations tcp;
    private final String domain;
    private final String snmpCommunity;
    private final ServiceIdentifier identifier;
    /** The registries of the domains hosts named, shared by the hosts of one domain (the run's other hosts). */
    private final java.util.concurrent.ConcurrentHashMap<String, ProtocolRegistry> learned;

    /** @param identify how unexpected open ports are identified; null: they are not */
    ProtocolRegistry(String domain, String snmpCommunity, ServiceIdentifier.Settings identify) {
        this(domain, snmpCommunity, new java.util.concurrent.ConcurrentHashMap<>(), identify);
    }

    private ProtocolRegistry(String domain, String snmpCommunity,
                             java.util.concurrent.ConcurrentHashMap<String, ProtocolRegistry> learned,
                             ServiceIdentifier.Settings identify) {
        this.domain = domain == null || domain.isBlank() ? null : domain.trim();
        this.snmpCommunity = snmpCommunity;
        this.learned = learned;
        this.udp = UdpPayloads.create(UdpPayloads.Options.defaults().withDomain(this.domain)
                .withSnmpCommunity(snmpCommunity));
        this.tcp = this.domain == null ? TcpConversations.defaults() : TcpConversations.forRealm(this.domain);
        this.identifier = identify == null ? null : new ServiceIdentifier(tcp, identify);
    }

    @Override
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    @Override
    public boolean asksAboutDomain(org.portaudit.catalog.Transport transport, int port) {
        return transport == org.portaudit.catalog.Transport.TCP ? DOMAIN_TCP.contains(port)
                : transport == org.portaudit.catalog.Transport.UDP && DOMAIN_UDP.contains(port);
    }

    @Override
    public Protocols forDomain(String named) {
        if (named == null || named.isBlank() || named.equalsIgnoreCase(domain)) {
            return this;
        }
        String key = named.trim().toLowerCase(java.util.Locale.ROOT);
        // Bounded: a run of hostile hosts naming a new domain each gets the default probes after 64 domains.
        if (!learned.containsKey(key) && learned.size() >= 64) {
            return this;
        }
        return learned.computeIfAbsent(key, k -> new ProtocolRegistry(k, snmpCommunity, learned,
                identifier == null ? null : identifier.settings()));
    }

    @Override
    public Optional<ServiceIdentifier> identifier() {
        return Optional.ofNullable(identifier);
    }

    @Override
    public Optional<TcpConversation> tcp(int port) {
        return tcp.forPort(port);
    }

    @Override
    public List<UdpPayload> udp(int port) {
        return udp.payloadsFor(port);
    }

    @Override
    public Optional<String> udpUnprovable(int port) {
        Optional<String> why = udp.noProbeReason(port);
        return why.isPresent() ? why : udp.silenceNote(port);
    }
}
