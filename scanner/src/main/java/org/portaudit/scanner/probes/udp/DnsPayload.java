package org.portaudit.scanner.probes.udp;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Dns;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * DNS (RFC 1035) on 53/udp: a non-recursive query for the SOA of a zone: the AD domain when the caller
 * knows it (a DC's DNS server answers that authoritatively, naming its primary server), otherwise the
 * root zone. Every DNS server answers some way (the SOA, a referral, REFUSED, SERVFAIL, even FORMERR as
 * Samba does for the root) and any of those, carrying our ID with QR set, proves a DNS server. RD is
 * clear so that a resolver is not asked to go out to the internet on our behalf. The message is
 * {@link Dns}'s; this class keeps the datagram and the transaction ID.
 */
public final class DnsPayload extends DecodingPayload {
    static final int TYPE_SOA = Dns.TYPE_SOA;
    static final int CLASS_IN = Dns.CLASS_IN;
    private static final int MAX_RRS = 16;

    private final int id;

    /** {@code zone} may be null: the root zone is asked then. */
    public DnsPayload(String zone, RandomGenerator random) {
        this(zone, random.nextInt(0x10000));
    }

    DnsPayload(int id) {
        this(null, id);
    }

    DnsPayload(String zone, int id) {
        super("dns-soa", Dns.query(id, zone == null || zone.isBlank() ? "." : zone.trim(), Dns.TYPE_SOA));
        this.id = id & 0xffff;
    }

    int id() {
        return id;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        byte[] msg = w.bytes(w.remaining());
        if (msg.length < Dns.HEADER) {
            return Optional.empty();
        }
        Dns.Response r = Dns.decode(msg, MAX_RRS);
        if (r.header().id() != id || !r.header().isResponse() || r.header().opcode() != 0
                || r.header().questions() > 1 || !Dns.countsFit(r.header(), msg.length)) {
            return Optional.empty(); // not our reply, a query echoed back, or counts no reply to one question has
        }
        String rcode = Dns.rcodeName(r.header().rcode());
        String summary = "DNS response " + rcode + (r.soa() != null ? ", " + r.soa() : "")
                + (r.header().authoritative() ? " (authoritative)" : "");
        return matched(summary, Dns.details(r));
    }
}
