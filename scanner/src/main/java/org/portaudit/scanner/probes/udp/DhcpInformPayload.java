package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * DHCP (RFC 2131) on 67/udp: a DHCPINFORM, which asks for configuration and leases no address. A
 * server answers with DHCPACK (or DHCPNAK) carrying our xid. Caution: RFC 2131 4.3.5 and 4.1 send that
 * ACK to the client port 68 of the address in ciaddr (or broadcast), not to the probe's own port, so a
 * probe from an ephemeral port usually hears nothing from a conforming server; see
 * {@link UdpPayloads#silenceNote(int)}. Some servers answer the source port; those are recognised.
 */
public final class DhcpInformPayload extends DecodingPayload {
    static final int BOOTREQUEST = 1;
    static final int BOOTREPLY = 2;
    static final int INFORM = 8;
    static final long MAGIC = 0x63825363L;
    private final long xid;

    public DhcpInformPayload(RandomGenerator random) {
        this(random.nextInt() & 0xffffffffL, Bytes.random(random, 6));
    }

    DhcpInformPayload(long xid, byte[] mac) {
        super("dhcp-inform", request(xid, mac));
        this.xid = xid;
    }

    static byte[] request(long xid, byte[] mac) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(BOOTREQUEST);
        out.write(1); // htype Ethernet
        out.write(6); // hlen
        out.write(0); // hops
        Bytes.u32(out, xid);
        Bytes.u32(out, 0); // secs, flags
        out.writeBytes(new byte[16]); // ciaddr, yiaddr, siaddr, giaddr
        byte[] chaddr = new byte[16];
        System.arraycopy(mac, 0, chaddr, 0, 6);
        chaddr[0] = (byte) (chaddr[0] & 0xfe | 0x02); // locally administered, unicast
        out.writeBytes(chaddr);
        out.writeBytes(new byte[64 + 128]); // sname, file
        Bytes.u32(out, MAGIC);
        out.writeBytes(new byte[] {53, 1, INFORM});
        out.writeBytes(new byte[] {55, 4, 1, 3, 6, 15}); // subnet mask, router, DNS, domain name
        out.write(255);
        return out.toByteArray();
    }

    static String typeName(int t) {
        return switch (t) {
            case 2 -> "DHCPOFFER";
            case 5 -> "DHCPACK";
            case 6 -> "DHCPNAK";
            default -> "DHCP message type " + t;
        };
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (w.remaining() < 240) {
            return Optional.empty();
        }
        int op = w.u8();
        w.skip(3);
        long rxid = w.u32();
        w.skip(8 + 4 + 4); // secs, flags, ciaddr, yiaddr
        byte[] siaddr = w.bytes(4);
        w.skip(4 + 16 + 64 + 128);
        if (op != BOOTREPLY || rxid != xid || w.u32() != MAGIC) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        int type = -1;
        for (int i = 0; i < 128 && w.hasRemaining(); i++) {
            int code = w.u8();
            if (code == 255) {
                break;
            }
            if (code == 0) {
                continue;
            }
            Wire v = w.slice(w.u8());
            switch (code) {
                case 53 -> type = v.u8();
                case 54 -> d.put("serverIdentifier", ip(v.bytes(4)));
                case 15 -> d.put("domainName", Text.ascii(v.bytes(v.remaining()), Text.FIELD));
                case 3 -> d.put("router", ip(v.bytes(4)));
                case 6 -> d.put("dns", ip(v.bytes(4)));
                default -> {
                }
            }
        }
        if (type < 0) {
            return Optional.empty(); // BOOTP without DHCP message type
        }
        d.put("messageType", typeName(type));
        d.putIfAbsent("serverIdentifier", ip(siaddr));
        return matched(typeName(type) + " from DHCP server " + d.get("serverIdentifier"), d);
    }

    static String ip(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
}
