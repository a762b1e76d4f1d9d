package org.portaudit.scanner.cli;

import java.util.List;
import java.util.Optional;
import org.portaudit.scanner.audit.Protocols;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.UdpPayload;
import org.portaudit.scanner.probes.tcp.TcpConversations;
import org.portaudit.scanner.probes.udp.UdpPayloads;

/** The protocol probes of a run: the UDP payload and TCP conversation registries. */
final class ProtocolRegistry implements Protocols {
    private final UdpPayloads udp;
    private final TcpConversations tcp;

    ProtocolRegistry(String domain, String snmpCommunity) {
        this.udp = UdpPayloads.create(UdpPayloads.Options.defaults().withDomain(domain)
                .withSnmpCommunity(snmpCommunity));
        this.tcp = domain == null ? TcpConversations.defaults() : TcpConversations.forRealm(domain);
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
