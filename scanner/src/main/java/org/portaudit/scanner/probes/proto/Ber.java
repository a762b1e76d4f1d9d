package org.portaudit.scanner.probes.proto;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one ASN.1 (X.690) codec of the probes, for Kerberos, SNMP and LDAP over UDP and TCP: a DER
 * encoder for the requests we build and a bounded BER reader for the replies. The reader has no
 * recursion: callers walk one level at a time through {@link Tlv#content()}, so nesting depth is
 * fixed by the code, not by the input. It accepts definite lengths in short form and in long form up
 * to four octets (Windows writes 0x84 lengths) and never past the enclosing window; indefinite
 * lengths are refused; tag numbers take at most four octets. {@link #frameLength} finds where one
 * complete TLV ends in a stream (LDAP over TCP).
 */
public final class Ber {
    public static final int UNIVERSAL = 0;
    public static final int APPLICATION = 1;
    public static final int CONTEXT = 2;

    public static final int BOOLEAN = 0x01;
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int ENUMERATED = 0x0a;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;
    public static final int GENERAL_STRING = 0x1b;
    public static final int GENERALIZED_TIME = 0x18;

    private Ber() {
    }

    // ---- encoding -------------------------------------------------------------------------

    /** One TLV with a single-octet identifier (tag numbers below 31, which is all we send). */
    public static byte[] tlv(int identifier, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(identifier);
        writeLength(out, len);
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    public static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else if (len < 0x1000000) {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x84);
            out.write(len >>> 24);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
    }

    public static byte[] seq(byte[]... parts) {
        return tlv(SEQUENCE, parts);
    }

    /** [n] EXPLICIT / constructed context tag. */
    public static byte[] ctx(int n, byte[]... parts) {
        return tlv(0xa0 | n, parts);
    }

    /** [APPLICATION n] constructed. */
    public static byte[] app(int n, byte[]... parts) {
        return tlv(0x60 | n, parts);
    }

    public static byte[] integer(long v) {
        return integerTagged(INTEGER, v);
    }

    public static byte[] enumerated(long v) {
        return integerTagged(ENUMERATED, v);
    }

    public static byte[] integerTagged(int identifier, long v) {
        int n = 8;
        while (n > 1) {
            long top = v >> (8 * (n - 1) - 1);
            if (top == 0 || top == -1) {
                n--;
            } else {
                break;
            }
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >> (8 * (n - 1 - i)));
        }
        return tlv(identifier, b);
    }

    public static byte[] bool(boolean v) {
        return tlv(BOOLEAN, new byte[] {(byte) (v ? 0xff : 0)});
    }

    public static byte[] octets(byte[] v) {
        return tlv(OCTET_STRING, v);
    }

    public static byte[] octets(String v) {
        return tlv(OCTET_STRING, v.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] generalString(String v) {
        return tlv(GENERAL_STRING, v.getBytes(StandardCharsets.US_ASCII));
    }

    /** A TLV with a single identifier octet around text (UTF-8), e.g. an LDAP present filter [7]. */
    public static byte[] text(int identifier, String v) {
        return tlv(identifier, v.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] nul() {
        return new byte[] {NULL, 0};
    }

    /** A BIT STRING with no unused bits. */
    public static byte[] bitString(byte[] bits) {
        byte[] c = new byte[bits.length + 1];
        System.arraycopy(bits, 0, c, 1, bits.length);
        return tlv(BIT_STRING, c);
    }

    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        while (groups < 10 && v >>> (7 * groups) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) (v >>> (7 * g)) & 0x7f;
            out.write(g == 0 ? b : b | 0x80);
        }
    }

    // ---- decoding -------------------------------------------------------------------------

    /** One decoded element: identifier parts and a window over its content. */
    public record Tlv(int cls, boolean constructed, int number, Wire content) {
        /** True when this element has the given single-octet identifier (number below 31). */
        public boolean is(int identifier) {
            return number < 31 && identifierOctet() == identifier;
        }

        public int identifierOctet() {
            return cls << 6 | (constructed ? 0x20 : 0) | (number & 0x1f);
        }

        public boolean isContext(int n) {
            return cls == CONTEXT && number == n;
        }

        public boolean isApplication(int n) {
            return cls == APPLICATION && number == n;
        }
    }

    /** Reads the next element from {@code w}; its content is a sub-window, and {@code w} moves past it. */
    public static Tlv read(Wire w) {
        int id = w.u8();
        int cls = id >> 6;
        boolean constructed = (id & 0x20) != 0;
        int number = id & 0x1f;
        if (number == 0x1f) {
            number = 0;
            for (int i = 0;; i++) {
                if (i == 4) {
                    throw new Malformed("tag number too long");
                }
                int b = w.u8();
                number = number << 7 | b & 0x7f;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
        }
        int len = readLength(w);
        return new Tlv(cls, constructed, number, w.slice(len));
    }

    /** The definite length at the reader's position, checked against what is left of its window. */
    public static int readLength(Wire w) {
        int first = w.u8();
        if (first < 0x80) {
            return first;
        }
        int octets = first & 0x7f;
        if (octets == 0) {
            throw new Malformed("indefinite length");
        }
        if (octets > 4) {
            throw new Malformed("length of " + octets + " octets");
        }
        long len = 0;
        for (int i = 0; i < octets; i++) {
            len = len << 8 | w.u8();
        }
        if (len > w.remaining()) {
            throw new Malformed("length " + len + " past the end");
        }
        return (int) len;
    }

    /** Reads the next element and checks its identifier. */
    public static Tlv expect(Wire w, int identifier) {
        Tlv t = read(w);
        if (!t.is(identifier)) {
            throw new Malformed("expected tag 0x" + Integer.toHexString(identifier) + ", got 0x"
                    + Integer.toHexString(t.identifierOctet()));
        }
        return t;
    }

    /** Content of an INTEGER (or ENUMERATED) as a signed long; at most 8 content octets. */
    public static long intValue(Wire content) {
        int n = content.remaining();
        if (n < 1 || n > 9) {
            throw new Malformed("integer of " + n + " octets");
        }
        if (n == 9) {
            if (content.u8() != 0) {
                throw new Malformed("integer too large");
            }
            n--;
        }
        long v = (byte) content.u8();
        for (int i = 1; i < n; i++) {
            v = v << 8 | content.u8();
        }
        return v;
    }

    /** Reads an INTEGER element and returns its value. */
    public static long readInteger(Wire w) {
        return intValue(expect(w, INTEGER).content());
    }

    /** Content of an OBJECT IDENTIFIER in dotted form; at most 64 arcs. */
    public static String oidValue(Wire content) {
        StringBuilder sb = new StringBuilder();
        int arcs = 0;
        long v = 0;
        int groups = 0;
        if (!content.hasRemaining()) {
            throw new Malformed("empty oid");
        }
        while (content.hasRemaining()) {
            int b = content.u8();
            if (++groups > 9) {
                throw new Malformed("oid arc too long");
            }
            v = v << 7 | b & 0x7f;
            if ((b & 0x80) == 0) {
                if (arcs == 0) {
                    long first = v < 80 ? v / 40 : 2;
                    sb.append(first).append('.').append(v - first * 40);
                    arcs = 2;
                } else {
                    sb.append('.').append(v);
                    arcs++;
                }
                if (arcs > 64) {
                    throw new Malformed("oid too long");
                }
                v = 0;
                groups = 0;
            }
        }
        if (groups != 0) {
            throw new Malformed("oid ends inside an arc");
        }
        return sb.toString();
    }

    /** The remaining octets of a content window (already bounded by the datagram). */
    public static byte[] bytesOf(Wire content) {
        return content.bytes(content.remaining());
    }

    public static String textOf(Wire content) {
        return content.string(content.remaining(), StandardCharsets.UTF_8);
    }

    /**
     * Length of the complete TLV starting at {@code offset} of {@code buf} (up to its writer index):
     * -1 while more bytes are needed to know it or to hold it all. Throws {@link Malformed} when the
     * header is one this reader refuses or announces more than {@code maxLength} bytes in total, so a
     * stream announcing 2^31 bytes is rejected on its first six bytes.
     */
    public static int frameLength(ByteBuf buf, int offset, int maxLength) {
        int end = buf.writerIndex();
        int pos = offset;
        if (pos >= end) {
            return -1;
        }
        if ((buf.getByte(pos++) & 0x1f) == 0x1f) {
            for (int i = 0; ; i++) {
                if (i == 4) {
                    throw new Malformed("tag number too long");
                }
                if (pos >= end) {
                    return -1;
                }
                if ((buf.getByte(pos++) & 0x80) == 0) {
                    break;
                }
            }
        }
        if (pos >= end) {
            return -1;
        }
        int first = buf.getByte(pos++) & 0xff;
        long len = first;
        if (first == 0x80) {
            throw new Malformed("indefinite length");
        } else if (first > 0x80) {
            int octets = first & 0x7f;
            if (octets > 4) {
                throw new Malformed("length of " + octets + " octets");
            }
            if (end - pos < octets) {
                return -1;
            }
            len = 0;
            for (int i = 0; i < octets; i++) {
                len = len << 8 | buf.getByte(pos++) & 0xff;
            }
        }
        long total = pos - offset + len;
        if (total > maxLength) {
            throw new Malformed("BER value of " + len + " bytes exceeds the " + maxLength + " byte bound");
        }
        return total <= end - offset ? (int) total : -1;
    }
}
