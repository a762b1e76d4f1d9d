package org.portaudit.scanner.probes.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.UUID;

/** MS-DTYP 2.3.4 GUIDs as they travel in SMB2 and in the netlogon reply: the first three fields little-endian. */
public final class Guids {
    private Guids() {
    }

    /** The usual text form ("00112233-4455-6677-8899-aabbccddeeff") of 16 wire bytes. */
    public static String text(byte[] g) {
        if (g.length != 16) {
            throw new Malformed("GUID of " + g.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = b.getInt() & 0xffffffffL;
        long d2 = b.getShort() & 0xffff;
        long d3 = b.getShort() & 0xffff;
        b.order(ByteOrder.BIG_ENDIAN);
        long low = b.getLong();
        return new UUID(d1 << 32 | d2 << 16 | d3, low).toString().toLowerCase(Locale.ROOT);
    }
}
