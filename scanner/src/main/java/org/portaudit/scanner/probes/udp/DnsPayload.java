package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;

/**
 * DNS (RFC 1035) on 53/udp: a non-recursive query for the SOA of a zone: the AD domain when the caller
 * knows it (a DC's DNS server answers that authoritatively, naming its primary server), otherwise the
 * root zone. Every DNS server answers some way (the SOA, a referral, REFUSED, SERVFAIL, even FORMERR as
 * Samba does for the root) and any of those, carrying our ID with QR set, proves a DNS server. RD is
 * clear so that a resolver is not asked to go out to the internet on our behalf.
 */
public final class DnsPayload extends DecodingPayload {
    static final int TYPE_NS = 2;
    static final int TYPE_SOA = 6;
    static final int CLASS_IN = 1;
    private static final int MAX_RRS = 16;
    private static final String[] RCODES = {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
        "NXRRSET", "NOTAUTH", "NOTZONE"};

    private final int id;

    /** {@code zone} may be null: the root zone is asked then. */
    public DnsPayload(String zone, RandomGenerator random) {
        this(zone, random.nextInt(0x10000));
    }

    DnsPayload(int id) {
        this(null, id);
    }

    DnsPayload(String zone, int id) {
        super("dns-soa", query(id, zone == null || zone.isBlank() ? "." : zone.trim(), TYPE_SOA));
        this.id = id & 0xffff;
    }

    int id() {
        return id;
    }

    static byte[] query(int id, String qname, int qtype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id >> 8);
        out.write(id);
        out.write(0); // QR=0 opcode=0 AA=0 TC=0 RD=0
        out.write(0); // RA=0 Z=0 RCODE=0
        writeU16(out, 1); // QDCOUNT
        writeU16(out, 0);
        writeU16(out, 0);
        writeU16(out, 0);
        byte[] name = DnsName.encode(qname);
        out.write(name, 0, name.length);
        writeU16(out, qtype);
        writeU16(out, CLASS_IN);
        return out.toByteArray();
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    static String rcodeName(int rcode) {
        return rcode < RCODES.length ? RCODES[rcode] : "RCODE" + rcode;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (w.remaining() < 12) {
            return Optional.empty();
        }
        int rid = w.u16();
        int flags = w.u16();
        if (rid != id || (flags & 0x8000) == 0) {
            return Optional.empty(); // not our reply, or a query echoed back
        }
        int opcode = flags >> 11 & 0xf;
        int rcode = flags & 0xf;
        int qd = w.u16();
        int an = w.u16();
        int ns = w.u16();
        int ar = w.u16();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("id", Integer.toString(rid));
        d.put("rcode", rcodeName(rcode));
        d.put("authoritative", Boolean.toString((flags & 0x0400) != 0));
        d.put("recursionAvailable", Boolean.toString((flags & 0x0080) != 0));
        d.put("truncated", Boolean.toString((flags & 0x0200) != 0));
        d.put("answers", Integer.toString(an));
        d.put("authority", Integer.toString(ns));
        if (opcode != 0) {
            d.put("opcode", Integer.toString(opcode));
        }
        String soa = null;
        try {
            for (int i = 0; i < Math.min(qd, MAX_RRS); i++) {
                DnsName.read(w);
                w.skip(4);
            }
            int rrs = Math.min(an + ns, MAX_RRS);
            for (int i = 0; i < rrs && soa == null; i++) {
                String owner = DnsName.read(w);
                int type = w.u16();
                w.skip(6); // class, ttl
                int rdlen = w.u16();
                int rdStart = w.position();
                w.skip(rdlen);
                if (type == TYPE_SOA) {
                    // rdata names may point anywhere in the message: read them in the whole reply
                    int after = w.position();
                    w.seek(rdStart);
                    String mname = DnsName.read(w);
                    w.seek(after);
                    soa = Text.clean(owner) + " SOA " + Text.clean(mname);
                }
            }
        } catch (Malformed e) {
            d.put("note", "records after the header could not be parsed");
        }
        if (soa != null) {
            d.put("soa", soa);
        }
        String summary = "DNS response " + rcodeName(rcode) + (soa != null ? ", " + soa : "")
                + ((flags & 0x0400) != 0 ? " (authoritative)" : "");
        return matched(summary, d);
    }
}
