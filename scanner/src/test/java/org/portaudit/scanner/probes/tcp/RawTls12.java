package org.portaudit.scanner.probes.tcp;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A hostile TLS 1.2 server's first flight, written byte by byte (RFC 5246 7.4): a ServerHello choosing
 * ECDHE-ECDSA-AES128-GCM-SHA256 (which the JDK client offers), then a Certificate message holding whatever
 * the test wants: garbage instead of DER, too many certificates, or a length far past what a client reads.
 */
public final class RawTls12 {
    private RawTls12() {
    }

    public static byte[] serverHello() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x03);
        b.write(0x03);
        for (int i = 0; i < 32; i++) {
            b.write(0x40 + i); // server random (not the TLS 1.3 downgrade marker)
        }
        b.write(0); // session id: none
        b.write(0xc0);
        b.write(0x2b); // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        b.write(0); // compression: null
        byte[] ext = {(byte) 0xff, 0x01, 0x00, 0x01, 0x00}; // renegotiation_info, empty
        b.write(0);
        b.write(ext.length);
        b.writeBytes(ext);
        return handshake(2, b.toByteArray());
    }

    /** A Certificate handshake message (type 11) holding {@code certs} as they are. */
    public static byte[] certificate(List<byte[]> certs) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] c : certs) {
            u24(list, c.length);
            list.writeBytes(c);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u24(body, list.size());
        body.writeBytes(list.toByteArray());
        return handshake(11, body.toByteArray());
    }

    /** A handshake message header announcing {@code length} bytes of type {@code type}, without the body. */
    public static byte[] handshakeHeader(int type, int length) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        u24(b, length);
        return b.toByteArray();
    }

    public static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(handshakeHeader(type, body.length));
        b.writeBytes(body);
        return b.toByteArray();
    }

    /** Handshake bytes cut into TLS 1.2 handshake records of at most 16384 bytes. */
    public static byte[] records(byte[]... messages) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            all.writeBytes(m);
        }
        byte[] flat = all.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < flat.length; off += 16384) {
            int n = Math.min(16384, flat.length - off);
            out.write(0x16);
            out.write(0x03);
            out.write(0x03);
            out.write(n >> 8);
            out.write(n);
            out.write(flat, off, n);
        }
        return out.toByteArray();
    }

    private static void u24(ByteArrayOutputStream b, int v) {
        b.write(v >> 16);
        b.write(v >> 8);
        b.write(v);
    }
}
