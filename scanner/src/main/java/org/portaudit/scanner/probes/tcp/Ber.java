package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
        long[] h = header(buf, offset, buf.writerIndex());
        if (h == null) {
            return -1;
        }
        long total = h[1] - offset + h[2];
        if (total > maxLength) {
            throw new MalformedReplyException("BER value of " + h[2] + " bytes exceeds the " + maxLength + " byte bound");
        }
        return total <= buf.writerIndex() - offset ? (int) total : -1;
    }

    /** Reads the TLV at {@code pos}, which must lie wholly before {@code limit}. */
    static Tlv read(byte[] b, int pos, int limit) {
        if (pos < 0 || limit > b.length || pos >= limit) {
            throw new MalformedReplyException("BER value missing");
        }
        long[] h = header(Unpooled.wrappedBuffer(b), pos, limit);
        if (h == null) {
            throw new MalformedReplyException("BER header truncated");
        }
        int valueStart = (int) h[1];
        if (h[2] > limit - valueStart) {
            throw new MalformedReplyException("BER length " + h[2] + " overruns its container");
        }
        int id = b[pos] & 0xff;
        return new Tlv(id >>> 6, (id & 0x20) != 0, (int) h[0], pos, valueStart, valueStart + (int) h[2]);
    }

    /**
     * The identifier and length octets at {@code pos}: {tag number, value start, value length}, or
     * null when they run past {@code limit}. Throws on forms this reader refuses.
     */
    private static long[] header(ByteBuf b, int pos, int limit) {
        if (pos >= limit) {
            return null;
        }
        int number = b.getByte(pos++) & 0x1f;
        if (number == 0x1f) {
            number = 0;
            for (int n = 0; ; n++) {
                if (n == 3) {
                    throw new MalformedReplyException("BER tag number too long");
                }
                if (pos >= limit) {
                    return null;
                }
                int o = b.getByte(pos++) & 0xff;
                number = number << 7 | (o & 0x7f);
                if ((o & 0x80) == 0) {
                    break;
                }
            }
        }
        if (pos >= limit) {
            return null;
        }
        int first = b.getByte(pos++) & 0xff;
        long length = first;
        if (first == 0x80) {
            throw new MalformedReplyException("BER indefinite length");
        } else if (first > 0x80) {
            int octets = first & 0x7f;
            if (octets > 4) {
                throw new MalformedReplyException("BER length of " + octets + " octets");
            }
            if (pos + octets > limit) {
                return null;
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | (b.getByte(pos++) & 0xff);
            }
        }
        return new long[] {number, pos, length};
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
