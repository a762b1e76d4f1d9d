package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.portaudit.scanner.engine.UdpPayload;

/**
 * Which request to send to a UDP port, and what to say when no request can prove the port.
 *
 * <p>Build one per run: {@code UdpPayloads.create(UdpPayloads.Options.defaults())}. Transaction IDs,
 * nonces and cookies are drawn once, when it is built, from a {@link SecureRandom}; payloads are
 * immutable and shared by every probe of the run (each probe has its own connected channel, so a
 * reply is only ever judged against the target it came from).
 *
 * <ul>
 *   <li>{@link #payloadsFor(int)}: every payload for the port, best first; the engine may send them
 *       in turn (retrying only while nothing has answered) and stops at the first match.</li>
 *   <li>{@link #forPort(int)}: the first of them.</li>
 *   <li>{@link #noProbeReason(int)}: present exactly when there is no payload; says why (a protocol
 *       that never answers, like the NetBIOS datagram service or RTP, or simply none known), so the
 *       judge can write "unverified" with the reason instead of a bare open|filtered.</li>
 *   <li>{@link #silenceNote(int)}: for ports that have a payload but whose servers are known to stay
 *       silent to it for reasons other than a firewall (RADIUS, SNMP community, TFTP, DHCP).</li>
 *   <li>{@link #repliesFromAnotherPort(int)}: the protocol's reply comes from a different source port
 *       (TFTP), which a connected channel filters out; each payload says so itself
 *       ({@link UdpPayload#repliesFromAnotherPort()}) and the engine listens unconnected for it.</li>
 * </ul>
 */
public final class UdpPayloads {
    /**
     * Options of a run.
     *
     * @param snmpCommunity community for the SNMP v2c get; null means "public"
     * @param domain        the AD DNS domain (also the Kerberos realm) when known: the DNS query asks
     *                      for its SOA, the CLDAP ping names it, the AS-REQ uses it as realm; may be null
     * @param radiusSecret  RADIUS shared secret if the operator has one; null otherwise
     */
    public record Options(String snmpCommunity, String domain, String radiusSecret) {
        public static Options defaults() {
            return new Options(null, null, null);
        }

        public Options withSnmpCommunity(String community) {
            return new Options(community, domain, radiusSecret);
        }

        public Options withDomain(String d) {
            return new Options(snmpCommunity, d, radiusSecret);
        }

        public Options withRadiusSecret(String s) {
            return new Options(snmpCommunity, domain, s);
        }

        @Override
        public String toString() {
            // never print the secrets
            return "Options[domain=" + domain + ", snmpCommunity=" + (snmpCommunity == null ? "default" : "set")
                    + ", radiusSecret=" + (radiusSecret == null ? "none" : "set") + "]";
        }
    }

    private static final Map<Integer, String> NO_PROBE = Map.ofEntries(
            Map.entry(138, "NetBIOS datagram service (RFC 1002 4.4) carries one-way datagrams: nothing answers a"
                    + " probe, so an open port cannot be told from a filtered one"),
            Map.entry(3389, "RDP over UDP (MS-RDPEUDP) is only set up from inside a TCP RDP connection;"
                    + " a lone datagram gets no answer"),
            Map.entry(5004, "RTP media ports answer only inside a call that signalling has set up"),
            Map.entry(5005, "RTCP media ports answer only inside a call that signalling has set up"),
            Map.entry(514, "syslog receivers never answer"),
            Map.entry(2049, "NFS over UDP needs an ONC RPC probe, which portaudit does not send yet"),
            Map.entry(111, "ONC RPC portmapper probe not implemented yet"),
            Map.entry(520, "RIP responders answer only routers they peer with"),
            Map.entry(3343, "the cluster service's UDP traffic (heartbeats between nodes) answers only members of its"
                    + " cluster; no request from outside gets an answer"),
            Map.entry(3391, "the RD Gateway's UDP transport (MS-TSGU) is set up only from inside an authenticated"
                    + " HTTPS tunnel; a lone datagram gets no answer"),
            Map.entry(4011, "a WDS/PXE server answers a PXE request on 4011 only for a boot client it serves, and to"
                    + " the client's DHCP port (68), not to the probe's; portaudit sends no PXE request yet"));

    private static final Map<Integer, String> SILENCE = Map.of(
            1812, "a RADIUS server silently discards requests from"
                    + " clients it has no shared secret for (RFC 2865 3); silence is expected unless this host"
                    + " is a configured client",
            1813, "a RADIUS accounting server silently discards requests from clients it has no shared"
                    + " secret for (RFC 2866 3)",
            161, "an SNMP v1/v2c agent ignores a wrong community and the Windows SNMP service does not speak v3;"
                    + " give the community to confirm it",
            69, "a TFTP server may ignore hosts it does not serve (in.tftpd behind tcp_wrappers), and it answers"
                    + " from a new port (RFC 1350 4), which a stateful firewall on the way back (this machine's"
                    + " too) drops unless it tracks TFTP (Linux: nf_conntrack_tftp)",
            67, "a DHCP server sends its ACK to port 68 or broadcasts it (RFC 2131 4.1), not to the probe's port",
            123, "an NTP server may rate-limit or restrict unknown clients and then not answer",
            1701, "L2TP behind IPsec (as Windows RRAS requires by default) drops cleartext control messages",
            500, "an IKE responder without a matching policy for this host may stay silent",
            4500, "an IKE responder without a matching policy for this host may stay silent",
            443, "a QUIC server may limit how many Version Negotiation packets it sends (RFC 9000 6.1), and a"
                    + " host whose 443/udp is only a UDP relay (no QUIC) stays silent");

    private final Map<Integer, List<UdpPayload>> byPort;

    private UdpPayloads(Map<Integer, List<UdpPayload>> byPort) {
        this.byPort = byPort;
    }

    public static UdpPayloads create(Options options) {
        return create(options, new SecureRandom());
    }

    /** With a given random source: tests pass a seeded one for reproducible requests. */
    public static UdpPayloads create(Options options, RandomGenerator random) {
        Options o = options == null ? Options.defaults() : options;
        String domain = o.domain() == null || o.domain().isBlank() ? null : o.domain().trim();
        byte[] secret = o.radiusSecret() == null ? null : o.radiusSecret().getBytes(StandardCharsets.UTF_8);
        Map<Integer, List<UdpPayload>> m = new TreeMap<>();
        m.put(7, List.of(SimpleServicePayload.echo(random)));
        m.put(13, List.of(SimpleServicePayload.daytime()));
        m.put(17, List.of(SimpleServicePayload.qotd()));
        m.put(19, List.of(SimpleServicePayload.chargen()));
        m.put(53, List.of(new DnsPayload(domain, random)));
        m.put(67, List.of(new DhcpInformPayload(random)));
        m.put(69, List.of(new TftpPayload(random)));
        m.put(88, List.of(new KerberosAsReqPayload(domain, random)));
        m.put(123, List.of(new NtpPayload(random)));
        m.put(137, List.of(new NetbiosNodeStatusPayload(random)));
        m.put(161, List.of(new SnmpV2cPayload(o.snmpCommunity(), random), new SnmpV3DiscoveryPayload(random)));
        m.put(389, List.of(CldapPayload.netlogonPing(domain, random), CldapPayload.rootDse(random)));
        m.put(464, List.of(new KpasswdPayload(domain, random)));
        m.put(500, List.of(IkePayload.ike(random)));
        m.put(1434, List.of(new SqlBrowserPayload()));
        m.put(1701, List.of(new L2tpPayload(random)));
        RadiusPayload access = RadiusPayload.access(secret, random);
        RadiusPayload accounting = RadiusPayload.accounting(secret, random);
        m.put(1645, List.of(access));
        m.put(1812, List.of(access));
        m.put(1646, List.of(accounting));
        m.put(1813, List.of(accounting));
        m.put(1900, List.of(new SsdpPayload()));
        m.put(4500, List.of(IkePayload.natTraversal(random)));
        m.put(443, List.of(QuicPayload.of(random)));
        return new UdpPayloads(Collections.unmodifiableMap(m));
    }

    /** Every payload for the port, best first; empty when none is known. */
    public List<UdpPayload> payloadsFor(int port) {
        return byPort.getOrDefault(port, List.of());
    }

    /** The preferred payload for the port. */
    public Optional<UdpPayload> forPort(int port) {
        List<UdpPayload> l = payloadsFor(port);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Ports that have a payload, ascending. */
    public java.util.Set<Integer> ports() {
        return byPort.keySet();
    }

    /** Why the port cannot be confirmed by a request; empty when a payload exists. */
    public Optional<String> noProbeReason(int port) {
        if (byPort.containsKey(port)) {
            return Optional.empty();
        }
        String known = NO_PROBE.get(port);
        if (known != null) {
            return Optional.of(known);
        }
        if (port >= 49152 && port <= 65535) {
            return Optional.of("dynamic port: no protocol is known for it, so no request can prove it open");
        }
        return Optional.of("no UDP payload is known for port " + port
                + ": only an ICMP port unreachable (closed) can be told apart from silence");
    }

    /** Why silence on this port may not mean a firewall, for ports whose servers often stay silent. */
    public Optional<String> silenceNote(int port) {
        String s = SILENCE.get(port == 1645 ? 1812 : port == 1646 ? 1813 : port);
        return Optional.ofNullable(s);
    }

    /** True when a payload of the port answers from a port other than the one probed (TFTP). */
    public boolean repliesFromAnotherPort(int port) {
        return payloadsFor(port).stream().anyMatch(UdpPayload::repliesFromAnotherPort);
    }
}
