package org.portaudit.scanner.probes.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 1035 section 3.1 / 4.1.4 domain names: length-prefixed labels with compression pointers. Used by
 * DNS, NetBIOS name service (RFC 1002 uses the same encoding) and the CLDAP netlogon reply (MS-ADTS
 * 6.3.1.9 stores its names compressed relative to the start of the structure).
 */
public final class DnsName {
    /** Pointers followed for one name before it is judged a loop. */
    public static final int MAX_JUMPS = 32;
    /** RFC 1035: 255 octets for a whole name. */
    public static final int MAX_LENGTH = 255;

    private DnsName() {
    }

    /** Encodes a dotted name ("." or "" is the root). Labels must be 1..63 octets. */
    public static byte[] encode(String dotted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!dotted.isEmpty() && !dotted.equals(".")) {
            for (String label : dotted.split("\\.")) {
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                if (b.length == 0 || b.length > 63) {
                    throw new IllegalArgumentException("bad label in '" + dotted + "'");
                }
                out.write(b.length);
                out.write(b, 0, b.length);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    /**
     * Reads a name at the reader's position; pointers are offsets from the start of {@code w}'s
     * window. Leaves the reader just after the name as it stands in place (after the first pointer).
     * Returns "." for the root; labels are joined raw (caller sanitises).
     */
    public static String read(Wire w) {
        StringBuilder sb = new StringBuilder();
        int resume = -1;
        int jumps = 0;
        int octets = 0;
        while (true) {
            int len = w.u8();
            if (len == 0) {
                break;
            }
            int kind = len & 0xc0;
            if (kind == 0xc0) {
                int target = (len & 0x3f) << 8 | w.u8();
                if (resume < 0) {
                    resume = w.position();
                }
                if (++jumps > MAX_JUMPS) {
                    throw new Malformed("name pointer loop");
                }
                w.seek(target);
                continue;
            }
            if (kind != 0) {
                throw new Malformed("reserved label type");
            }
            octets += len + 1;
            if (octets > MAX_LENGTH) {
                throw new Malformed("name too long");
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(w.ascii(len));
        }
        if (resume >= 0) {
            w.seek(resume);
        }
        return sb.length() == 0 ? "." : sb.toString();
    }
}
