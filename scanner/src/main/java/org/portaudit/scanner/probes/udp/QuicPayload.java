package org.portaudit.scanner.probes.udp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * QUIC on 443/udp (SMB over QUIC, HTTP/3): a long-header packet of a reserved version, 0x1a2a3a4a (RFC 9000
 * 15: versions of the form 0x?a?a?a?a exist to force version negotiation), padded to 1200 bytes, the
 * smallest datagram a server must answer (RFC 9000 14.1). A QUIC server that does not speak the version
 * answers with a Version Negotiation packet (RFC 9000 6.1, 17.2.1; RFC 8999 6): version 0, our source
 * connection ID as its destination and our destination ID as its source, then the versions it supports.
 * Those echoed IDs are the proof; nothing else is accepted.
 */
public final class QuicPayload extends DecodingPayload {
    static final int RESERVED_VERSION = 0x1a2a3a4a;
    static final int DATAGRAM = 1200;
    private static final int MAX_VERSIONS = 32;

    private final byte[] dcid;
    private final byte[] scid;

    private QuicPayload(byte[] dcid, byte[] scid) {
        super("quic-version-negotiation", request(dcid, scid));
        this.dcid = dcid.clone();
        this.scid = scid.clone();
    }

    public static QuicPayload of(RandomGenerator random) {
        return of(Bytes.random(random, 8), Bytes.random(random, 8));
    }

    static QuicPayload of(byte[] dcid, byte[] scid) {
        if (dcid.length != 8 || scid.length != 8) {
            throw new IllegalArgumentException("connection IDs of 8 octets");
        }
        return new QuicPayload(dcid, scid);
    }

    static byte[] request(byte[] dcid, byte[] scid) {
        byte[] b = new byte[DATAGRAM]; // the rest stays zero: padding
        int at = 0;
        b[at++] = (byte) 0xc0;         // long header, fixed bit; type Initial (RFC 9000 17.2)
        b[at++] = 0x1a;
        b[at++] = 0x2a;
        b[at++] = 0x3a;
        b[at++] = 0x4a;
        b[at++] = (byte) dcid.length;
        System.arraycopy(dcid, 0, b, at, dcid.length);
        at += dcid.length;
        b[at++] = (byte) scid.length;
        System.arraycopy(scid, 0, b, at, scid.length);
        return b;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if ((w.u8() & 0x80) == 0 || w.u32() != 0) {
            return Optional.empty(); // not a long header, or not Version Negotiation (version 0)
        }
        byte[] toUs = w.bytes(w.u8());
        byte[] fromThem = w.bytes(w.u8());
        if (!Arrays.equals(toUs, scid) || !Arrays.equals(fromThem, dcid)) {
            return Optional.empty();
        }
        if (w.remaining() == 0 || w.remaining() % 4 != 0) {
            return Optional.empty();
        }
        List<String> versions = new ArrayList<>();
        while (w.hasRemaining() && versions.size() < MAX_VERSIONS) {
            versions.add(versionName(w.u32()));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("quicVersions", versions);
        return matched("QUIC version negotiation: the server speaks " + String.join(", ", versions), d);
    }

    /** A QUIC version for people: v1 (RFC 9000), v2 (RFC 9369), draft-N, or its hex. */
    static String versionName(long v) {
        if (v == 0x00000001L) {
            return "QUIC v1";
        }
        if (v == 0x6b3343cfL) {
            return "QUIC v2";
        }
        if ((v & 0xffffff00L) == 0xff000000L) {
            return "draft-" + (v & 0xff);
        }
        return String.format("0x%08x", v);
    }
}
