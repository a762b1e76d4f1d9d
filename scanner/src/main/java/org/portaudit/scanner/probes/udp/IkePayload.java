package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Malformed;

/**
 * IKE on 500/udp and, behind the four-octet non-ESP marker of RFC 3948 section 2.2, on 4500/udp: an
 * IKEv2 IKE_SA_INIT request (RFC 7296 section 1.2) with one IKE proposal of common transforms (AES-CBC
 * 256/128 and 3DES, HMAC-SHA2-256 and SHA1 for PRF and integrity, MODP 2048 and 1024), a KE payload for
 * MODP 2048 and a nonce. Any answer that carries our initiator SPI proves IKE: the responder's
 * IKE_SA_INIT, a notify such as NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD or COOKIE, or an IKEv1 (ISAKMP)
 * informational from a responder that only speaks version 1 (as Windows does without an IKEv2 policy).
 */
public final class IkePayload extends DecodingPayload {
    static final int SA = 33;
    static final int KE = 34;
    static final int NONCE = 40;
    static final int NOTIFY = 41;
    static final int VENDOR_ID = 43;
    static final int IKE_SA_INIT = 34;
    static final int INFORMATIONAL = 37;
    static final int MODP_2048 = 14;
    private static final int MAX_PAYLOADS = 32;

    private final byte[] spi;
    private final boolean natT;

    private IkePayload(String name, byte[] spi, byte[] ke, byte[] nonce, boolean natT) {
        super(name, request(spi, ke, nonce, natT));
        this.spi = spi.clone();
        this.natT = natT;
    }

    /** IKEv2 on 500/udp. */
    public static IkePayload ike(RandomGenerator random) {
        return ike(spi(random), Bytes.random(random, 256), Bytes.random(random, 32), false);
    }

    /** IKEv2 on 4500/udp, preceded by the non-ESP marker. */
    public static IkePayload natTraversal(RandomGenerator random) {
        return ike(spi(random), Bytes.random(random, 256), Bytes.random(random, 32), true);
    }

    static IkePayload ike(byte[] spi, byte[] ke, byte[] nonce, boolean natT) {
        if (spi.length != 8 || ke.length != 256 || nonce.length < 16 || nonce.length > 256) {
            throw new IllegalArgumentException("SPI 8, KE 256, nonce 16..256 octets");
        }
        return new IkePayload(natT ? "ike-nat-t-sa-init" : "ike-sa-init", spi, ke, nonce, natT);
    }

    static byte[] spi(RandomGenerator random) {
        byte[] b = Bytes.random(random, 8);
        if (b[0] == 0) {
            b[0] = 1; // an SPI of zero is reserved, and four zero octets would read as a non-ESP marker
        }
        return b;
    }

    /** Transform substructure (RFC 7296 3.3.2); {@code keyLength} 0 for none. */
    static byte[] transform(boolean last, int type, int id, int keyLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(last ? 0 : 3);
        out.write(0);
        Bytes.u16(out, keyLength > 0 ? 12 : 8);
        out.write(type);
        out.write(0);
        Bytes.u16(out, id);
        if (keyLength > 0) {
            Bytes.u16(out, 0x800e); // AF=1, Key Length (14)
            Bytes.u16(out, keyLength);
        }
        return out.toByteArray();
    }

    static byte[] payload(int next, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(next);
        out.write(0);
        Bytes.u16(out, 4 + body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] request(byte[] spi, byte[] ke, byte[] nonce, boolean natT) {
        byte[][] transforms = {
            transform(false, 1, 12, 256), transform(false, 1, 12, 128), transform(false, 1, 3, 0),
            transform(false, 2, 5, 0), transform(false, 2, 2, 0),
            transform(false, 3, 12, 0), transform(false, 3, 2, 0),
            transform(false, 4, MODP_2048, 0), transform(true, 4, 2, 0)};
        ByteArrayOutputStream prop = new ByteArrayOutputStream();
        int tlen = 0;
        for (byte[] t : transforms) {
            tlen += t.length;
        }
        prop.write(0); // last proposal
        prop.write(0);
        Bytes.u16(prop, 8 + tlen);
        prop.write(1); // proposal #1
        prop.write(1); // protocol IKE
        prop.write(0); // SPI size 0 in IKE_SA_INIT
        prop.write(transforms.length);
        for (byte[] t : transforms) {
            prop.writeBytes(t);
        }
        ByteArrayOutputStream keBody = new ByteArrayOutputStream();
        Bytes.u16(keBody, MODP_2048);
        Bytes.u16(keBody, 0);
        keBody.writeBytes(ke);
        byte[] body = Bytes.concat(payload(KE, prop.toByteArray()), payload(NONCE, keBody.toByteArray()),
                payload(0, nonce));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (natT) {
            Bytes.u32(out, 0); // non-ESP marker
        }
        out.writeBytes(spi);
        out.writeBytes(new byte[8]); // responder SPI
        out.write(SA);
        out.write(0x20); // version 2.0
        out.write(IKE_SA_INIT);
        out.write(0x08); // Initiator
        Bytes.u32(out, 0); // message ID
        Bytes.u32(out, 28 + body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static String notifyName(int type) {
        return switch (type) {
            case 1 -> "UNSUPPORTED_CRITICAL_PAYLOAD";
            case 4 -> "INVALID_IKE_SPI";
            case 5 -> "INVALID_MAJOR_VERSION";
            case 7 -> "INVALID_SYNTAX";
            case 14 -> "NO_PROPOSAL_CHOSEN";
            case 17 -> "INVALID_KE_PAYLOAD";
            case 24 -> "AUTHENTICATION_FAILED";
            case 16388 -> "NAT_DETECTION_SOURCE_IP";
            case 16389 -> "NAT_DETECTION_DESTINATION_IP";
            case 16390 -> "COOKIE";
            case 16404 -> "MULTIPLE_AUTH_SUPPORTED";
            case 16406 -> "IKEV2_FRAGMENTATION_SUPPORTED";
            case 16431 -> "SIGNATURE_HASH_ALGORITHMS";
            default -> "NOTIFY_" + type;
        };
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (natT) {
            if (w.remaining() < 4 || w.u32() != 0) {
                return Optional.empty(); // without the marker it would be ESP, not IKE
            }
        }
        int total = w.remaining();
        if (total < 28 || !w.startsWith(spi)) {
            return Optional.empty();
        }
        w.skip(8);
        byte[] rspi = w.bytes(8);
        int next = w.u8();
        int version = w.u8();
        int exchange = w.u8();
        int flags = w.u8();
        long msgId = w.u32();
        long length = w.u32();
        int major = version >> 4;
        if (length < 28 || length > total || major != 1 && major != 2) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ikeVersion", major + "." + (version & 0xf));
        d.put("exchange", exchange);
        d.put("responderSpi", HexFormat.of().formatHex(rspi));
        if (major == 1) {
            // RFC 2408 3.1: ISAKMP header; our initiator cookie is echoed
            return matched("IKEv1 (ISAKMP) responder, exchange " + exchange, d);
        }
        if ((flags & 0x20) == 0 || msgId != 0) {
            return Optional.empty(); // not a response to our message 0
        }
        Wire body = w.slice((int) length - 28);
        List<String> notifies = new ArrayList<>();
        boolean sa = false;
        int vendorIds = 0;
        for (int i = 0; i < MAX_PAYLOADS && next != 0; i++) {
            int type = next;
            next = body.u8();
            body.u8();
            int plen = body.u16();
            if (plen < 4) {
                throw new Malformed("payload length");
            }
            Wire p = body.slice(plen - 4);
            if (type == NOTIFY && p.remaining() >= 4) {
                p.u8(); // protocol
                int spiSize = p.u8();
                int nt = p.u16();
                p.skip(spiSize);
                String n = notifyName(nt);
                if (nt == 17 && p.remaining() >= 2) {
                    n += "(group " + p.u16() + ")";
                }
                notifies.add(n);
            } else if (type == SA) {
                sa = true;
            } else if (type == VENDOR_ID) {
                vendorIds++;
            }
        }
        if (!notifies.isEmpty()) {
            d.put("notify", String.join(", ", notifies));
        }
        if (vendorIds > 0) {
            d.put("vendorIds", vendorIds);
        }
        String what = sa ? "accepted our proposal" : notifies.isEmpty() ? "answered" : String.join(", ", notifies);
        return matched("IKEv2 responder " + what + (exchange == IKE_SA_INIT ? "" : " (exchange " + exchange + ")"), d);
    }
}
