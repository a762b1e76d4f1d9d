package org.portaudit.scanner.probes.udp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * NTP (RFC 5905) on 123/udp: a version 4 client request (mode 3). The transmit timestamp is a random
 * 64-bit value (as RFC 9109 and current clients do, so that it reveals nothing); a server copies it
 * into the origin timestamp of its mode 4 reply, which is how the reply is matched. Reports stratum,
 * reference ID (or the kiss code of a stratum 0 kiss-o'-death), version and the server's clock.
 */
public final class NtpPayload extends DecodingPayload {
    static final int LENGTH = 48;
    /** Seconds between the NTP era 0 epoch (1900) and the Unix epoch. */
    static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    private final long transmit;

    public NtpPayload(RandomGenerator random) {
        this(random.nextLong());
    }

    NtpPayload(long transmit) {
        super("ntp-client", request(transmit));
        this.transmit = transmit;
    }

    long transmit() {
        return transmit;
    }

    static byte[] request(long transmit) {
        byte[] b = new byte[LENGTH];
        b[0] = 0x23; // LI 0, VN 4, mode 3 (client)
        for (int i = 0; i < 8; i++) {
            b[40 + i] = (byte) (transmit >>> (56 - 8 * i));
        }
        return b;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        // 48 octets, then only whole 32-bit words (extension fields, a MAC: RFC 5905 7.3)
        if (w.remaining() < LENGTH || w.remaining() % 4 != 0) {
            return Optional.empty();
        }
        int first = w.u8();
        int leap = first >> 6;
        int version = first >> 3 & 7;
        int mode = first & 7;
        int stratum = w.u8();
        w.skip(2 + 8); // poll, precision, root delay, root dispersion
        byte[] refid = w.bytes(4);
        w.skip(8); // reference timestamp
        long origin = w.u64();
        w.skip(8); // receive timestamp
        long xmit = w.u64();
        if (mode != 4 || version < 1 || version > 4 || origin != transmit || stratum > 16) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", version);
        d.put("stratum", stratum);
        d.put("leap", leap);
        String ref = refid(stratum, refid);
        d.put(stratum == 0 ? "kissCode" : "refid", ref);
        String summary;
        if (stratum == 0) {
            summary = "NTP kiss-o'-death " + ref;
        } else {
            summary = "NTP server, stratum " + stratum + ", refid " + ref
                    + (leap == 3 ? " (unsynchronised)" : "");
            Instant t = toInstant(xmit);
            if (t != null) {
                d.put("serverTime", t.toString());
            }
        }
        return matched(summary, d);
    }

    /** Stratum 0 and 1: four ASCII characters; higher strata: an IPv4 address (or an IPv6 hash). */
    static String refid(int stratum, byte[] r) {
        if (stratum <= 1) {
            int n = 0;
            while (n < 4 && r[n] != 0) {
                n++;
            }
            byte[] s = new byte[n];
            System.arraycopy(r, 0, s, 0, n);
            return Text.ascii(s, 4);
        }
        return (r[0] & 0xff) + "." + (r[1] & 0xff) + "." + (r[2] & 0xff) + "." + (r[3] & 0xff);
    }

    /** NTP timestamp (era 0, or era 1 after 2036 for small values) to an instant; null for zero. */
    static Instant toInstant(long ntp) {
        long seconds = ntp >>> 32;
        if (ntp == 0) {
            return null;
        }
        long unix = seconds - NTP_UNIX_OFFSET;
        if ((seconds & 0x80000000L) == 0) {
            unix += 1L << 32; // era 1 (RFC 5905 6: the high bit rolls over on 2036-02-07)
        }
        long nanos = ((ntp & 0xffffffffL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(unix, nanos);
    }
}
