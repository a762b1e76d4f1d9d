package org.portaudit.scanner.probes.proto;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A bounded, forward-only reader over a window of a byte array. Every read checks the window and
 * throws {@link Malformed} when it would go past it; nothing here allocates more than the bytes it
 * was asked for, and those are bounded by the window.
 */
public final class Wire {
    private final byte[] data;
    private final int start;
    private final int end;
    private int pos;

    public Wire(byte[] data) {
        this(data, 0, data.length);
    }

    public Wire(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new Malformed("window outside the buffer");
        }
        this.data = data;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** Position relative to the start of this window. */
    public int position() {
        return pos - start;
    }

    /** Moves to a position relative to the start of this window (for name-compression pointers). */
    public void seek(int relative) {
        if (relative < 0 || relative > end - start) {
            throw new Malformed("seek outside the window");
        }
        pos = start + relative;
    }

    private void need(int n) {
        if (n < 0 || n > end - pos) {
            throw new Malformed("needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int u8() {
        need(1);
        return data[pos++] & 0xff;
    }

    public int peekU8() {
        need(1);
        return data[pos] & 0xff;
    }

    public int u16() {
        need(2);
        int v = (data[pos] & 0xff) << 8 | data[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    public int u16le() {
        need(2);
        int v = data[pos] & 0xff | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    public long u32() {
        need(4);
        long v = (long) (data[pos] & 0xff) << 24 | (data[pos + 1] & 0xff) << 16
                | (data[pos + 2] & 0xff) << 8 | data[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    public long u32le() {
        need(4);
        long v = data[pos] & 0xff | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
                | (long) (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    public long u64() {
        return u32() << 32 | u32();
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** A sub-window of the next {@code n} bytes; this reader moves past them. */
    public Wire slice(int n) {
        need(n);
        Wire w = new Wire(data, pos, n);
        pos += n;
        return w;
    }

    /** The rest of this window as a sub-window; this reader ends up at its end. */
    public Wire rest() {
        return slice(remaining());
    }

    public String string(int n, Charset cs) {
        need(n);
        String s = new String(data, pos, n, cs);
        pos += n;
        return s;
    }

    public String ascii(int n) {
        return string(n, StandardCharsets.ISO_8859_1);
    }

    /** True when the next bytes equal {@code expected}; does not move. */
    public boolean startsWith(byte[] expected) {
        if (expected.length > end - pos) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data[pos + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
