package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, defensive reader and writer for the BER/DER subset LDAP and Kerberos use: definite
 * lengths only (at most 4 length octets, never past the enclosing value), tag numbers up to 3
 * octets, integers up to 8 octets, child lists capped. Reading never recurses: decoders walk the
 * tree one level at a time with {@link #children}, so nesting depth is bounded by the decoder.
 */
final class Ber {
    static final int CLASS_UNIVERSAL = 0;
    static final int CLASS_APPLICATION = 1;
    static final int CLASS_CONTEXT = 2;

    /** Most children read from one constructed value. */
    static final int MAX_CHILDREN = 512;

    private Ber() {
    }

    /**
     * One tag-length-value: {@code start} is the identifier octet, the value spans
     * {@code [valueStart, end)} of the array it was read from.
     */
    record Tlv(int tagClass, boolean constructed, int number, int start, int valueStart, int end) {
        int length() {
            return end - valueStart;
        }

        boolean is(int cls, boolean cons, int num) {
            return tagClass == cls && constructed == cons && number == num;
        }
    }

    /**
     * Length of the complete TLV starting at {@code offset} of {@code buf}: -1 when more bytes are
     * needed to know or to hold it all. Throws when the header is invalid or announces more than
     * {@code maxLength} bytes in total.
     */
    static int frameLength(ByteBuf buf, int offset, int maxLength) {
        int avail = buf.writerIndex() - offset;
        if (avail < 2) {
            return -1;
        }
        int pos = offset + 1;
        if ((buf.getByte(offset) & 0x1f) == 0x1f) {
            int n = 0;
            while (true) {
                if (pos >= buf.writerIndex()) {
                    return -1;
                }
                if (++n > 3) {
                    throw new MalformedReplyException("BER tag number too long");
                }
                if ((buf.getByte(pos++) & 0x80) == 0) {
                    break;
                }
            }
        }
        if (pos >= buf.writerIndex()) {
            return -1;
        }
        int first = buf.getByte(pos++) & 0xff;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new MalformedReplyException("BER indefinite length");
        } else {
            int octets = first & 0x7f;
            if (octets > 4) {
                throw new MalformedReplyException("BER length of " + octets + " octets");
            }
            if (pos + octets > buf.writerIndex()) {
                return -1;
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | (buf.getByte(pos++) & 0xff);
            }
        }
        long total = pos - offset + length;
        if (total > maxLength) {
            throw new MalformedReplyException("BER value of " + length + " bytes exceeds the " + maxLength + " byte bound");
        }
        return total <= avail ? (int) total : -1;
    }

    /** Reads the TLV at {@code pos}, which must lie wholly before {@code limit}. */
    static Tlv read(byte[] b, int pos, int limit) {
        if (pos < 0 || limit > b.length || pos >= limit) {
            throw new MalformedReplyException("BER value missing");
        }
        int start = pos;
        int id = b[pos++] & 0xff;
        int number = id & 0x1f;
        if (number == 0x1f) {
            number = 0;
            for (int n = 0; ; n++) {
                if (n == 3 || pos >= limit) {
                    throw new MalformedReplyException("BER tag number truncated or too long");
                }
                int o = b[pos++] & 0xff;
                number = number << 7 | (o & 0x7f);
                if ((o & 0x80) == 0) {
                    break;
                }
            }
        }
        if (pos >= limit) {
            throw new MalformedReplyException("BER length missing");
        }
        int first = b[pos++] & 0xff;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new MalformedReplyException("BER indefinite length");
        } else {
            int octets = first & 0x7f;
            if (octets > 4 || pos + octets > limit) {
                throw new MalformedReplyException("BER length octets invalid");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | (b[pos++] & 0xff);
            }
        }
        if (length > limit - pos) {
            throw new MalformedReplyException("BER length " + length + " overruns its container");
        }
        return new Tlv(id >>> 6, (id & 0x20) != 0, number, start, pos, pos + (int) length);
    }

    /** The TLVs inside constructed {@code parent}, at most {@link #MAX_CHILDREN}. */
    static List<Tlv> children(byte[] b, Tlv parent) {
        if (!parent.constructed()) {
            throw new MalformedReplyException("BER primitive value where a constructed one was expected");
        }
        List<Tlv> out = new ArrayList<>();
        int pos = parent.valueStart();
        while (pos < parent.end()) {
            if (out.size() == MAX_CHILDREN) {
                throw new MalformedReplyException("BER value has more than " + MAX_CHILDREN + " children");
            }
            Tlv t = read(b, pos, parent.end());
            out.add(t);
            pos = t.end();
        }
        return out;
    }

    /** The single child of an explicitly tagged value ([n] EXPLICIT T). */
    static Tlv inner(byte[] b, Tlv explicit) {
        List<Tlv> c = children(b, explicit);
        if (c.size() != 1) {
            throw new MalformedReplyException("BER explicit tag holds " + c.size() + " values");
        }
        return c.get(0);
    }

    /** A primitive INTEGER or ENUMERATED value of at most 8 octets. */
    static long integer(byte[] b, Tlv t) {
        if (t.constructed() || t.length() < 1 || t.length() > 8) {
            throw new MalformedReplyException("BER integer of " + t.length() + " octets");
        }
        long v = b[t.valueStart()]; // sign-extended
        for (int i = t.valueStart() + 1; i < t.end(); i++) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    /** A primitive string value as UTF-8 text (LDAP strings; Kerberos strings are ASCII). */
    static String string(byte[] b, Tlv t) {
        if (t.constructed()) {
            throw new MalformedReplyException("BER constructed string");
        }
        return new String(b, t.valueStart(), t.length(), StandardCharsets.UTF_8);
    }

    /** The first child with the given context tag number, or null. */
    static Tlv context(List<Tlv> items, int number) {
        for (Tlv t : items) {
            if (t.tagClass() == CLASS_CONTEXT && t.number() == number) {
                return t;
            }
        }
        return null;
    }

    // ---- writing (DER, for requests we build ourselves) ----

    /** Encodes one TLV with a single identifier octet. */
    static byte[] tlv(int identifier, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        byte[] header;
        if (len < 0x80) {
            header = new byte[] {(byte) identifier, (byte) len};
        } else if (len < 0x100) {
            header = new byte[] {(byte) identifier, (byte) 0x81, (byte) len};
        } else if (len < 0x10000) {
            header = new byte[] {(byte) identifier, (byte) 0x82, (byte) (len >> 8), (byte) len};
        } else {
            throw new IllegalArgumentException("value too long: " + len);
        }
        byte[] out = new byte[header.length + len];
        System.arraycopy(header, 0, out, 0, header.length);
        int pos = header.length;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** A minimal two's-complement INTEGER (tag 0x02, or {@code identifier} for ENUMERATED and the like). */
    static byte[] integer(int identifier, long value) {
        int n = 8;
        while (n > 1) {
            long top = value >> (8 * (n - 1) - 1);
            if (top != 0 && top != -1) {
                break;
            }
            n--;
        }
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) {
            v[n - 1 - i] = (byte) (value >> (8 * i));
        }
        return tlv(identifier, v);
    }

    static byte[] octets(int identifier, String ascii) {
        return tlv(identifier, ascii.getBytes(StandardCharsets.UTF_8));
    }
}
