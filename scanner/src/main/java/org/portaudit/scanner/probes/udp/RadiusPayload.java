package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Malformed;

/**
 * RADIUS (RFC 2865 authentication on 1812 and the legacy 1645; RFC 2866 accounting on 1813 and 1646).
 *
 * <p>Evidence design: a RADIUS server MUST silently discard a request from a client it has no shared
 * secret for (RFC 2865 section 3), and portaudit is not a configured client; so from most servers the
 * only outcome is silence, which proves nothing either way (open|filtered, with a note saying why; see
 * {@link UdpPayloads#silenceNote(int)}). Any reply with our Identifier and a reply code (Access-Accept,
 * -Reject, -Challenge; Accounting-Response) proves a RADIUS server, even a reject. When the operator
 * gives the shared secret, the request is built properly (User-Password hidden per RFC 2865 5.2,
 * Message-Authenticator per RFC 3579 3.2, accounting Request Authenticator per RFC 2866 3) and the
 * reply's Response Authenticator is verified. The probe user is "portaudit-probe" with a random
 * password: it cannot succeed and is meant to be rejected.
 */
public final class RadiusPayload extends DecodingPayload {
    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    static final int ACCOUNTING_REQUEST = 4;
    static final int ACCOUNTING_RESPONSE = 5;
    static final int ACCESS_CHALLENGE = 11;
    static final String USER = "portaudit-probe";

    private final boolean accounting;
    private final int identifier;
    private final byte[] requestAuthenticator;
    private final byte[] secret;

    private RadiusPayload(String name, boolean accounting, int identifier, byte[] packet, byte[] secret) {
        super(name, packet);
        this.accounting = accounting;
        this.identifier = identifier;
        this.requestAuthenticator = Arrays.copyOfRange(packet, 4, 20);
        this.secret = secret == null ? null : secret.clone();
    }

    /** Access-Request; {@code secret} may be null (then the server will most likely stay silent). */
    public static RadiusPayload access(byte[] secret, RandomGenerator random) {
        return access(secret, random.nextInt(256), Bytes.random(random, 16), Bytes.random(random, 16));
    }

    static RadiusPayload access(byte[] secret, int identifier, byte[] authenticator, byte[] password) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attrs.writeBytes(attr(1, USER.getBytes(StandardCharsets.US_ASCII)));
        attrs.writeBytes(attr(2, secret == null ? password : hidePassword(password, secret, authenticator)));
        attrs.writeBytes(attr(32, "portaudit".getBytes(StandardCharsets.US_ASCII)));
        int maOffset = 20 + attrs.size() + 2;
        attrs.writeBytes(attr(80, new byte[16])); // Message-Authenticator, filled below
        byte[] packet = packet(ACCESS_REQUEST, identifier, authenticator, attrs.toByteArray());
        if (secret != null) {
            System.arraycopy(hmacMd5(secret, packet), 0, packet, maOffset, 16);
        }
        return new RadiusPayload("radius-access-request", false, identifier, packet, secret);
    }

    /** Accounting-Request (Interim-Update for a session that does not exist); {@code secret} may be null. */
    public static RadiusPayload accounting(byte[] secret, RandomGenerator random) {
        return accounting(secret, random.nextInt(256), Bytes.random(random, 16), "portaudit-" + Long.toHexString(random.nextLong()));
    }

    static RadiusPayload accounting(byte[] secret, int identifier, byte[] randomAuthenticator, String sessionId) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attrs.writeBytes(attr(40, new byte[] {0, 0, 0, 3})); // Acct-Status-Type Interim-Update
        attrs.writeBytes(attr(44, sessionId.getBytes(StandardCharsets.US_ASCII)));
        attrs.writeBytes(attr(1, USER.getBytes(StandardCharsets.US_ASCII)));
        attrs.writeBytes(attr(32, "portaudit".getBytes(StandardCharsets.US_ASCII)));
        byte[] a = attrs.toByteArray();
        byte[] packet;
        if (secret != null) {
            packet = packet(ACCOUNTING_REQUEST, identifier, new byte[16], a);
            byte[] auth = md5(packet, secret);
            System.arraycopy(auth, 0, packet, 4, 16);
        } else {
            packet = packet(ACCOUNTING_REQUEST, identifier, randomAuthenticator, a);
        }
        return new RadiusPayload("radius-accounting-request", true, identifier, packet, secret);
    }

    static byte[] attr(int type, byte[] value) {
        byte[] a = new byte[2 + value.length];
        a[0] = (byte) type;
        a[1] = (byte) a.length;
        System.arraycopy(value, 0, a, 2, value.length);
        return a;
    }

    static byte[] packet(int code, int id, byte[] authenticator, byte[] attrs) {
        int len = 20 + attrs.length;
        byte[] p = new byte[len];
        p[0] = (byte) code;
        p[1] = (byte) id;
        p[2] = (byte) (len >> 8);
        p[3] = (byte) len;
        System.arraycopy(authenticator, 0, p, 4, 16);
        System.arraycopy(attrs, 0, p, 20, attrs.length);
        return p;
    }

    /** RFC 2865 5.2 for a 16-octet password: c1 = p1 XOR MD5(S + RA). */
    static byte[] hidePassword(byte[] password16, byte[] secret, byte[] authenticator) {
        byte[] b = md5(secret, authenticator);
        byte[] c = new byte[16];
        for (int i = 0; i < 16; i++) {
            c[i] = (byte) (password16[i] ^ b[i]);
        }
        return c;
    }

    static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is required of every Java platform", e);
        }
    }

    static String codeName(int code) {
        return switch (code) {
            case ACCESS_ACCEPT -> "Access-Accept";
            case ACCESS_REJECT -> "Access-Reject";
            case ACCOUNTING_RESPONSE -> "Accounting-Response";
            case ACCESS_CHALLENGE -> "Access-Challenge";
            default -> "code " + code;
        };
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        int total = w.remaining();
        if (total < 20) {
            return Optional.empty();
        }
        byte[] whole = w.bytes(total);
        Wire r = new Wire(whole);
        int code = r.u8();
        int id = r.u8();
        int len = r.u16();
        boolean replyCode = accounting ? code == ACCOUNTING_RESPONSE
                : code == ACCESS_ACCEPT || code == ACCESS_REJECT || code == ACCESS_CHALLENGE;
        if (!replyCode || id != identifier || len < 20 || len > total || len > 4096) {
            return Optional.empty();
        }
        byte[] responseAuth = r.bytes(16);
        Wire attrs = r.slice(len - 20);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", codeName(code));
        for (int i = 0; i < 64 && attrs.hasRemaining(); i++) {
            int type = attrs.u8();
            int alen = attrs.u8();
            if (alen < 2) {
                throw new Malformed("attribute length");
            }
            byte[] v = attrs.bytes(alen - 2);
            if (type == 18) {
                d.put("replyMessage", Text.utf8(v, Text.FIELD));
            }
        }
        if (secret != null) {
            byte[] packet = Arrays.copyOf(whole, len);
            System.arraycopy(requestAuthenticator, 0, packet, 4, 16);
            boolean ok = MessageDigest.isEqual(md5(packet, secret), responseAuth);
            d.put("responseAuthenticator", ok ? "verified with the shared secret" : "does not verify: wrong secret?");
        } else {
            d.put("responseAuthenticator", "not verified: no shared secret given");
        }
        return matched("RADIUS " + codeName(code), d);
    }
}
