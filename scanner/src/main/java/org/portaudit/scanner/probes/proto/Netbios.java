package org.portaudit.scanner.probes.proto;

/** NetBIOS names (RFC 1001 14.1), shared by the name service (137/udp) and the session service (139/tcp). */
public final class Netbios {
    private Netbios() {
    }

    /** First-level encoding of a 16-octet NetBIOS name: a 32-octet label, each nibble as 'A' + nibble, then the root. */
    public static byte[] encodeName(byte[] name16) {
        if (name16.length != 16) {
            throw new IllegalArgumentException("a NetBIOS name is 16 octets, not " + name16.length);
        }
        byte[] out = new byte[34];
        out[0] = 32;
        for (int i = 0; i < 16; i++) {
            out[1 + 2 * i] = (byte) ('A' + (name16[i] >> 4 & 0xf));
            out[2 + 2 * i] = (byte) ('A' + (name16[i] & 0xf));
        }
        out[33] = 0;
        return out;
    }

    /** First-level encoding of a name of at most 15 characters, padded with spaces, plus its suffix octet. */
    public static byte[] encodeName(String name, int suffix) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 15; i++) {
            raw[i] = (byte) (i < name.length() ? name.charAt(i) : ' ');
        }
        raw[15] = (byte) suffix;
        return encodeName(raw);
    }
}
