package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Dns;
import org.portaudit.scanner.probes.proto.DnsName;
import org.portaudit.scanner.probes.proto.Netbios;

/**
 * NetBIOS name service (RFC 1002) on 137/udp: a NODE STATUS REQUEST (section 4.2.17) for the wildcard
 * name "*", which every NBNS responder answers with its name table (section 4.2.18): computer name,
 * workgroup or domain, the domain controller names (&lt;1C&gt;, &lt;1B&gt;) and the adapter's unit ID.
 */
public final class NetbiosNodeStatusPayload extends DecodingPayload {
    static final int NBSTAT = 0x21;
    private static final int MAX_NAMES = 64;

    private final int id;

    public NetbiosNodeStatusPayload(RandomGenerator random) {
        this(random.nextInt(0x10000));
    }

    NetbiosNodeStatusPayload(int id) {
        super("netbios-nbstat", request(id));
        this.id = id & 0xffff;
    }

    int id() {
        return id;
    }

    /**
     * The request: a DNS-format query (opcode QUERY, no flags: a unicast node status request) for the
     * first-level encoded wildcard name, type NBSTAT, class IN.
     */
    static byte[] request(int id) {
        byte[] wildcard = new byte[16];
        wildcard[0] = '*';
        byte[] label = Netbios.encodeName(wildcard);
        return Dns.query(id, new String(label, 1, 32, StandardCharsets.US_ASCII), NBSTAT);
    }

    /** One entry of the node's name table. */
    record NameEntry(String name, int suffix, boolean group, boolean active) {
        String display() {
            return name + "<" + String.format("%02X", suffix) + "> " + (group ? "GROUP" : "UNIQUE")
                    + (active ? "" : " (inactive)");
        }
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (w.remaining() < 12) {
            return Optional.empty();
        }
        Dns.Header h = Dns.Header.read(w);
        if (h.id() != id || !h.isResponse() || h.opcode() != 0) {
            return Optional.empty();
        }
        int rcode = h.rcode();
        int qd = h.questions();
        int an = h.answers();
        if (rcode == 0 && an == 0) {
            return Optional.empty(); // a positive response without its answer is no node status response
        }
        if (rcode != 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("rcode", rcode);
            return matched("NetBIOS name service response, rcode " + rcode + ", no name table", d);
        }
        for (int i = 0; i < Math.min(qd, 4); i++) {
            DnsName.read(w);
            w.skip(4);
        }
        DnsName.read(w); // RR_NAME
        int type = w.u16();
        w.skip(6); // class, ttl
        int rdlen = w.u16();
        if (type != NBSTAT) {
            return Optional.empty();
        }
        Wire rdata = w.slice(rdlen);
        int count = rdata.u8();
        List<NameEntry> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] raw = rdata.bytes(16);
            int nameFlags = rdata.u16();
            if (names.size() < MAX_NAMES) {
                byte[] n15 = new byte[15];
                System.arraycopy(raw, 0, n15, 0, 15);
                names.add(new NameEntry(Text.ascii(n15, 15).stripTrailing(), raw[15] & 0xff,
                        (nameFlags & 0x8000) != 0, (nameFlags & 0x0400) != 0));
            }
        }
        if (rdata.remaining() < 6) {
            // RFC 1002 4.2.18: the name table is followed by the STATISTICS, which begin with the unit ID
            return Optional.empty();
        }
        byte[] unit = rdata.bytes(6);
        return matched(summary(names), details(names, unit));
    }

    private static String summary(List<NameEntry> names) {
        String host = null;
        String domain = null;
        boolean dc = false;
        for (NameEntry e : names) {
            if (e.suffix() == 0x00 && !e.group() && host == null) {
                host = e.name();
            } else if (e.suffix() == 0x00 && e.group() && domain == null) {
                domain = e.name();
            } else if (e.suffix() == 0x1c && e.group()) {
                dc = true;
                if (domain == null) {
                    domain = e.name();
                }
            }
        }
        StringBuilder sb = new StringBuilder("NetBIOS node status: ").append(names.size()).append(" names");
        if (host != null) {
            sb.append(", computer ").append(host);
        }
        if (domain != null) {
            sb.append(", domain ").append(domain);
        }
        if (dc) {
            sb.append(" (domain controller)");
        }
        return sb.toString();
    }

    private static Map<String, Object> details(List<NameEntry> names, byte[] unit) {
        Map<String, Object> d = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();
        for (NameEntry e : names) {
            shown.add(e.display());
        }
        d.put("names", shown);
        d.put("nameCount", names.size());
        if (unit != null) {
            StringBuilder mac = new StringBuilder();
            for (byte b : unit) {
                if (mac.length() > 0) {
                    mac.append(':');
                }
                mac.append(String.format("%02x", b & 0xff));
            }
            d.put("unitId", mac.toString());
        }
        return d;
    }
}
