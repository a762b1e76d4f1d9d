package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Malformed;

/**
 * L2TP (RFC 2661) on 1701/udp: a Start-Control-Connection-Request (section 6.1) with the mandatory
 * AVPs (Message Type, Protocol Version 1.0, Host Name, Framing Capabilities, Assigned Tunnel ID). An LAC
 * or LNS answers with SCCRP, StopCCN or a ZLB acknowledgement, addressed to the tunnel ID we assigned.
 * Windows RRAS normally requires IPsec around L2TP and then drops this cleartext request.
 */
public final class L2tpPayload extends DecodingPayload {
    static final int SCCRQ = 1;
    static final int SCCRP = 2;
    static final int STOPCCN = 4;
    static final int HELLO = 6;
    private static final int MAX_AVPS = 64;

    private final int tunnelId;

    public L2tpPayload(RandomGenerator random) {
        this(1 + random.nextInt(0xfffe));
    }

    L2tpPayload(int tunnelId) {
        super("l2tp-sccrq", request(tunnelId));
        if (tunnelId <= 0 || tunnelId > 0xffff) {
            throw new IllegalArgumentException("tunnel ID 1..65535");
        }
        this.tunnelId = tunnelId;
    }

    static byte[] avp(int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int len = 6 + value.length;
        out.write(0x80 | len >> 8); // M bit
        out.write(len);
        out.write(0);
        out.write(0); // IETF vendor
        out.write(type >> 8);
        out.write(type);
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] request(int tunnelId) {
        byte[] avps = Bytes.concat(
                avp(0, new byte[] {0, SCCRQ}),
                avp(2, new byte[] {1, 0}),
                avp(3, new byte[] {0, 0, 0, 3}),
                avp(7, "portaudit".getBytes(StandardCharsets.US_ASCII)),
                avp(9, new byte[] {(byte) (tunnelId >> 8), (byte) tunnelId}));
        int len = 12 + avps.length;
        byte[] hdr = {
            (byte) 0xc8, 0x02, // T, L, S, version 2
            (byte) (len >> 8), (byte) len,
            0, 0, // tunnel ID: none yet
            0, 0, // session ID
            0, 0, // Ns
            0, 0}; // Nr
        return Bytes.concat(hdr, avps);
    }

    static String messageName(int type) {
        return switch (type) {
            case 1 -> "SCCRQ";
            case 2 -> "SCCRP";
            case 3 -> "SCCCN";
            case 4 -> "StopCCN";
            case 6 -> "HELLO";
            default -> "message type " + type;
        };
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        int total = w.remaining();
        if (total < 12) {
            return Optional.empty();
        }
        int flags = w.u16();
        if ((flags & 0x8000) == 0 || (flags & 0x4000) == 0 || (flags & 0xf) != 2) {
            return Optional.empty(); // not a control message with length, or not L2TPv2
        }
        int len = w.u16();
        int tid = w.u16();
        w.u16(); // session
        if (len < 12 || len > total || tid != tunnelId) {
            return Optional.empty();
        }
        if ((flags & 0x0800) != 0) {
            w.skip(4); // Ns, Nr
        }
        if ((flags & 0x0200) != 0) {
            w.skip(w.u16()); // offset
        }
        Wire avps = w.slice(len - (total - w.remaining()));
        Map<String, Object> d = new LinkedHashMap<>();
        if (!avps.hasRemaining()) {
            return matched("L2TP ZLB acknowledgement", d);
        }
        String message = null;
        for (int i = 0; i < MAX_AVPS && avps.hasRemaining(); i++) {
            int fl = avps.u16();
            int alen = fl & 0x3ff;
            if (alen < 6) {
                throw new Malformed("AVP length");
            }
            int vendor = avps.u16();
            int type = avps.u16();
            Wire v = avps.slice(alen - 6);
            boolean hidden = (fl & 0x4000) != 0;
            if (vendor != 0 || hidden) {
                continue;
            }
            switch (type) {
                case 0 -> {
                    int mt = v.u16();
                    message = messageName(mt);
                    d.put("message", message);
                }
                case 1 -> {
                    int result = v.u16();
                    d.put("resultCode", result);
                    if (v.remaining() >= 2) {
                        d.put("errorCode", v.u16());
                    }
                    if (v.hasRemaining()) {
                        d.put("errorMessage", Text.ascii(v.bytes(v.remaining()), Text.FIELD));
                    }
                }
                case 7 -> d.put("hostName", Text.ascii(v.bytes(v.remaining()), Text.FIELD));
                case 8 -> d.put("vendorName", Text.ascii(v.bytes(v.remaining()), Text.FIELD));
                case 9 -> d.put("assignedTunnelId", v.u16());
                default -> {
                }
            }
        }
        if (message == null || message.equals("SCCRQ")) {
            return Optional.empty(); // the first AVP of a control message is its type; a request is not a reply
        }
        return matched("L2TP " + message + (d.containsKey("hostName") ? " from " + d.get("hostName") : ""), d);
    }
}
