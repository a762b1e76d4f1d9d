package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.util.random.RandomGenerator;

/** Building blocks for requests: random octets, concatenation, big-endian integers. */
final class Bytes {
    private Bytes() {
    }

    static byte[] random(RandomGenerator random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v >> 16));
        u16(out, (int) v);
    }
}
