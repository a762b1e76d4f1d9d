package org.portaudit.scanner.rpc;

import java.util.UUID;

/**
 * Bounds-checked reader for little-endian NDR (DCE 1.1 RPC chapter 14) over a byte array. Alignment
 * is relative to the start of the stream (the stub data); every read past the end is a
 * {@link RpcException.Kind#MALFORMED} error, never an index exception.
 */
final class NdrReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    NdrReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    NdrReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    void align(int n) throws RpcException {
        int pad = (n - (pos % n)) % n;
        need(pad, "alignment");
        pos += pad;
    }

    int u8(String what) throws RpcException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    int u16(String what) throws RpcException {
        need(2, what);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    /** Big-endian 16 bits, as tower floors carry ports. */
    int u16be(String what) throws RpcException {
        need(2, what);
        int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32(String what) throws RpcException {
        need(4, what);
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16
                | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    /** A u32 that must not exceed {@code max}; returned as an int. */
    int count(String what, long max) throws RpcException {
        long v = u32(what);
        if (v > max) {
            throw RpcException.malformed(what + " " + v + " exceeds " + max);
        }
        return (int) v;
    }

    UUID uuid(String what) throws RpcException {
        need(16, what);
        long timeLow = u32(what);
        int timeMid = u16(what);
        int timeHi = u16(what);
        long msb = timeLow << 32 | (long) timeMid << 16 | timeHi;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            lsb = lsb << 8 | (buf[pos++] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    byte[] bytes(int n, String what) throws RpcException {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skip(int n, String what) throws RpcException {
        need(n, what);
        pos += n;
    }

    private void need(int n, String what) throws RpcException {
        if (n < 0 || n > end - pos) {
            throw RpcException.malformed("truncated " + what + " at offset " + pos + " (need " + n + ", have "
                    + (end - pos) + ")");
        }
    }
}
