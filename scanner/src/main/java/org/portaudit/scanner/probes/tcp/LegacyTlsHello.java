package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayInputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A TLS 1.2-or-older ClientHello written by hand, and a reader of the server's first flight up to its
 * Certificate message (RFC 5246 7.4; RFC 2246 for TLS 1.0). It exists for the servers the JDK will not talk
 * to: TLS 1.0 and 1.1 are disabled in the JDK (RFC 8996 deprecated them), and so are the RC4, 3DES and DES
 * suites older Windows servers may insist on. Up to TLS 1.2 a server sends its certificate chain in the
 * clear, so the handshake needs no keys: the hello offers every suite an old server might choose, the reader
 * takes the ServerHello's version and suite and the certificates, and the caller closes the connection.
 * Nothing is ever encrypted or sent after the hello.
 */
final class LegacyTlsHello {
    /** The most a reader keeps: records of the first flight, up to and including the Certificate message. */
    static final int MAX_BYTES = 64 * 1024;
    /** At most this many certificates are decoded from a chain (the JDK's default limit too). */
    static final int MAX_CHAIN = 10;
    private static final int RECORD_MAX = 16384 + 2048;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    /** The suites offered, by IANA code, with their IANA names: strong first, then what old servers had. */
    static final Map<Integer, String> SUITES = suites(
            0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
            0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
            0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384",
            0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256",
            0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",
            0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
            0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", 0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
            0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", 0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
            0x0005, "TLS_RSA_WITH_RC4_128_SHA", 0x0004, "TLS_RSA_WITH_RC4_128_MD5",
            0x0009, "TLS_RSA_WITH_DES_CBC_SHA");
    private static final int RENEGOTIATION_SCSV = 0x00ff;

    private LegacyTlsHello() {
    }

    private static Map<Integer, String> suites(Object... codeName) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < codeName.length; i += 2) {
            m.put((Integer) codeName[i], (String) codeName[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The protocol's name for a record or hello version, as the JDK names them ("TLSv1", "TLSv1.2"). */
    static String versionName(int version) {
        return switch (version) {
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1";
            case 0x0302 -> "TLSv1.1";
            case 0x0303 -> "TLSv1.2";
            default -> String.format("0x%04x", version);
        };
    }

    /**
     * The hello: record version TLS 1.0 (what old servers expect), client_version TLS 1.2 (a server answers
     * with the highest it has up to that), every suite of {@link #SUITES}, null compression, and the
     * extensions a TLS 1.2 server needs to pick an ECDHE suite and the certificate for {@code serverName}
     * (sent as SNI only when it is a host name, never for an address literal).
     */
    static ByteBuf clientHello(ByteBufAllocator alloc, String serverName) {
        ByteBuf body = alloc.buffer(512);
        body.writeShort(0x0303);
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        body.writeBytes(random);
        body.writeByte(0); // no session to resume
        body.writeShort(2 * (SUITES.size() + 1));
        SUITES.keySet().forEach(body::writeShort);
        body.writeShort(RENEGOTIATION_SCSV);
        body.writeByte(1).writeByte(0); // compression: null only
        int extStart = body.writerIndex();
        body.writeShort(0);
        String sni = sniName(serverName);
        if (sni != null) {
            byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            body.writeShort(0x0000).writeShort(name.length + 5).writeShort(name.length + 3)
                    .writeByte(0).writeShort(name.length).writeBytes(name);
        }
        int[] groups = {0x001d, 0x0017, 0x0018, 0x0019}; // x25519, secp256r1, secp384r1, secp521r1
        body.writeShort(0x000a).writeShort(2 + 2 * groups.length).writeShort(2 * groups.length);
        for (int g : groups) {
            body.writeShort(g);
        }
        body.writeShort(0x000b).writeShort(2).writeByte(1).writeByte(0); // ec_point_formats: uncompressed
        int[] sigs = {0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0201, 0x0203};
        body.writeShort(0x000d).writeShort(2 + 2 * sigs.length).writeShort(2 * sigs.length);
        for (int s : sigs) {
            body.writeShort(s);
        }
        body.setShort(extStart, body.writerIndex() - extStart - 2);

        ByteBuf out = alloc.buffer(9 + body.readableBytes());
        out.writeByte(22).writeShort(0x0301).writeShort(4 + body.readableBytes());
        out.writeByte(1).writeMedium(body.readableBytes()).writeBytes(body);
        body.release();
        return out;
    }

    /** The SNI for a peer's host string: a DNS name in ASCII form, or null (an address literal, or not a name). */
    static String sniName(String host) {
        if (host == null || host.isEmpty() || host.length() > 253 || host.indexOf(':') >= 0
                || host.matches("[0-9.]+")) {
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!HOST_NAME.matcher(ascii).matches()) {
            return null;
        }
        return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    /** What the server's first flight said, once the reader has seen enough. */
    sealed interface Outcome permits NeedMore, Alert, Hello, NotTls, Broken {
    }

    /** More bytes are needed. */
    record NeedMore() implements Outcome {
    }

    /** The server answered the hello with an alert (RFC 5246 7.2; 70 is protocol_version, 40 handshake_failure). */
    record Alert(int level, int description) implements Outcome {
        String words() {
            return "the server sent a " + (level == 2 ? "fatal " : "") + alertName(description) + " alert";
        }
    }

    /**
     * The ServerHello and what followed it up to the certificates: {@code chain} is empty when the server
     * sent none (an anonymous suite), and {@code certificateError} says why a certificate did not decode.
     */
    record Hello(int version, int suite, int chainLength, X509Certificate leaf, String certificateError)
            implements Outcome {
        String protocol() {
            return versionName(version);
        }

        String suiteName() {
            String n = SUITES.get(suite);
            return n != null ? n : String.format("0x%04x (not a suite portaudit offered)", suite);
        }
    }

    /** The bytes are not TLS records. */
    record NotTls(String why) implements Outcome {
    }

    /** TLS records, but a first flight no TLS server sends (a bad length, a version it was not offered ...). */
    record Broken(String why) implements Outcome {
    }

    static String alertName(int description) {
        return switch (description) {
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 20 -> "bad_record_mac";
            case 22 -> "record_overflow";
            case 40 -> "handshake_failure";
            case 42 -> "bad_certificate";
            case 47 -> "illegal_parameter";
            case 50 -> "decode_error";
            case 51 -> "decrypt_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 90 -> "user_canceled";
            case 112 -> "unrecognized_name";
            default -> "alert " + description;
        };
    }

    /**
     * Reads the server's first flight: call {@link #offer(ByteBuf)} with each chunk that arrives (the buffer
     * is read, not retained) until it gives something other than {@link NeedMore}. Bounded by
     * {@link #MAX_BYTES}; never throws on hostile input. Not thread-safe.
     */
    static final class Reader {
        private final byte[] records = new byte[MAX_BYTES];
        private int recordBytes;
        private final byte[] handshake = new byte[MAX_BYTES];
        private int handshakeBytes;
        private int parsed;
        private Hello hello;
        private Outcome done;

        Outcome offer(ByteBuf chunk) {
            if (done != null) {
                return done;
            }
            int n = Math.min(chunk.readableBytes(), records.length - recordBytes);
            chunk.getBytes(chunk.readerIndex(), records, recordBytes, n);
            recordBytes += n;
            done = read();
            if (done == null && recordBytes == records.length) {
                done = new Broken("no Certificate message within " + MAX_BYTES + " bytes");
            }
            return done == null ? new NeedMore() : done;
        }

        /** What to say when the peer closed or the time ran out before an outcome. */
        Outcome end() {
            if (done != null) {
                return done;
            }
            if (hello != null) {
                return new Broken("the server stopped after its ServerHello, before any Certificate message");
            }
            return recordBytes == 0 ? new NotTls("no reply to the ClientHello")
                    : new Broken("the server's first flight ended after " + recordBytes + " bytes, before a ServerHello");
        }

        private int u8(byte[] b, int i) {
            return b[i] & 0xff;
        }

        private int u16(byte[] b, int i) {
            return (u8(b, i) << 8) | u8(b, i + 1);
        }

        private int u24(byte[] b, int i) {
            return (u8(b, i) << 16) | (u8(b, i + 1) << 8) | u8(b, i + 2);
        }

        /** Consumes whole records from the start; null while more are needed. */
        private Outcome read() {
            int at = 0;
            int handshakeBefore = handshakeBytes;
            while (recordBytes - at >= 5) {
                int type = u8(records, at);
                int major = u8(records, at + 1);
                int length = u16(records, at + 3);
                if (type < 20 || type > 24 || major != 3) {
                    return at == 0 && handshakeBytes == 0 && hello == null
                            ? new NotTls("the reply is not a TLS record") : new Broken("a record that is not TLS");
                }
                if (length > RECORD_MAX) {
                    return new Broken("a record of " + length + " bytes, more than TLS allows");
                }
                if (recordBytes - at < 5 + length) {
                    break;
                }
                if (type == 21) {
                    return length >= 2 ? new Alert(u8(records, at + 5), u8(records, at + 6))
                            : new Broken("an alert record of " + length + " bytes");
                }
                if (type != 22) {
                    return new Broken("a " + (type == 20 ? "ChangeCipherSpec" : type == 23 ? "application data"
                            : "heartbeat") + " record before the server's certificates");
                }
                int room = handshake.length - handshakeBytes;
                if (length > room) {
                    return new Broken("handshake messages past " + MAX_BYTES + " bytes before the certificates");
                }
                System.arraycopy(records, at + 5, handshake, handshakeBytes, length);
                handshakeBytes += length;
                at += 5 + length;
            }
            if (at > 0) {
                System.arraycopy(records, at, records, 0, recordBytes - at);
                recordBytes -= at;
            }
            return handshakeBytes > handshakeBefore || parsed < handshakeBytes ? messages() : null;
        }

        /** Reads the whole handshake messages gathered so far. */
        private Outcome messages() {
            while (handshakeBytes - parsed >= 4) {
                int type = u8(handshake, parsed);
                int length = u24(handshake, parsed + 1);
                if (length > MAX_BYTES) {
                    return new Broken("a handshake message of " + length + " bytes, more than the " + MAX_BYTES
                            + " portaudit reads");
                }
                if (handshakeBytes - parsed - 4 < length) {
                    return null;
                }
                int body = parsed + 4;
                parsed = body + length;
                if (hello == null) {
                    if (type != 2) {
                        return new Broken("handshake message " + type + " where a ServerHello belongs");
                    }
                    Outcome o = serverHello(body, length);
                    if (o != null) {
                        return o;
                    }
                } else if (type == 11) {
                    return certificate(body, length);
                } else if (type == 12 || type == 14) {
                    // ServerKeyExchange or ServerHelloDone before any Certificate: an anonymous suite.
                    return new Hello(hello.version(), hello.suite(), 0, null, "the server sent no certificate");
                } else {
                    return new Broken("handshake message " + type + " after the ServerHello");
                }
            }
            return null;
        }

        private Outcome serverHello(int body, int length) {
            if (length < 38) {
                return new Broken("a ServerHello of " + length + " bytes");
            }
            int version = u16(handshake, body);
            if (version < 0x0300 || version > 0x0303) {
                return new Broken("a ServerHello for version " + String.format("0x%04x", version)
                        + ", which the hello did not offer");
            }
            int sid = u8(handshake, body + 34);
            if (sid > 32 || 35 + sid + 3 > length) {
                return new Broken("a ServerHello whose session id does not fit");
            }
            int suite = u16(handshake, body + 35 + sid);
            if (!SUITES.containsKey(suite)) {
                return new Broken(String.format("a ServerHello choosing suite 0x%04x, which the hello did not offer",
                        suite));
            }
            hello = new Hello(version, suite, 0, null, null);
            return null;
        }

        private Outcome certificate(int body, int length) {
            if (length < 3 || u24(handshake, body) != length - 3) {
                return new Hello(hello.version(), hello.suite(), 0, null,
                        "the Certificate message's length fields disagree");
            }
            int at = body + 3;
            int end = body + length;
            int count = 0;
            byte[] leaf = null;
            while (at < end) {
                if (end - at < 3 || u24(handshake, at) > end - at - 3 || u24(handshake, at) == 0) {
                    return new Hello(hello.version(), hello.suite(), count, null,
                            "a certificate entry's length does not fit its message");
                }
                int len = u24(handshake, at);
                if (count == 0) {
                    leaf = java.util.Arrays.copyOfRange(handshake, at + 3, at + 3 + len);
                }
                count++;
                at += 3 + len;
            }
            if (leaf == null) {
                return new Hello(hello.version(), hello.suite(), 0, null, "the server sent an empty certificate chain");
            }
            if (count > MAX_CHAIN) {
                return new Hello(hello.version(), hello.suite(), count, null, "the server sent a chain of " + count
                        + " certificates, more than the " + MAX_CHAIN + " a client reads");
            }
            try {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(leaf));
                return new Hello(hello.version(), hello.suite(), count, cert, null);
            } catch (CertificateException | RuntimeException e) {
                return new Hello(hello.version(), hello.suite(), count, null,
                        "the server's Certificate message holds a certificate that does not parse");
            }
        }
    }
}
