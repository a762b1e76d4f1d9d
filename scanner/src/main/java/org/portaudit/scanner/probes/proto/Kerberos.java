package org.portaudit.scanner.probes.proto;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Sanitize;

/**
 * Kerberos V5 messages (RFC 4120 section 5) in DER, for 88 and 464 over UDP and TCP: the AS-REQ we
 * send, the bogus AP-REQ and KRB-PRIV inside a kpasswd request (RFC 3244), and the KRB-ERROR / AS-REP
 * a KDC answers with, decoded into the same evidence details whatever the transport. Framing (the
 * TCP length prefix, the kpasswd frame) is left to the callers.
 */
public final class Kerberos {
    public static final int PVNO = 5;
    public static final int AS_REQ = 10;
    public static final int AS_REP = 11;
    public static final int AP_REQ = 14;
    public static final int AP_REP = 15;
    public static final int KRB_PRIV = 21;
    public static final int KRB_ERROR = 30;
    public static final int NT_PRINCIPAL = 1;
    public static final int NT_SRV_INST = 2;
    /** aes256-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96, rc4-hmac (RFC 3962, RFC 4757). */
    public static final int[] ETYPES = {18, 17, 23};
    /** far-future end time, as kinit and Windows send it. */
    public static final String TILL = "20370913024805Z";

    private static final Map<Integer, String> ERRORS = new LinkedHashMap<>();

    static {
        String[] names = {
            "0:KDC_ERR_NONE", "1:KDC_ERR_NAME_EXP", "2:KDC_ERR_SERVICE_EXP", "3:KDC_ERR_BAD_PVNO",
            "4:KDC_ERR_C_OLD_MAST_KVNO", "5:KDC_ERR_S_OLD_MAST_KVNO", "6:KDC_ERR_C_PRINCIPAL_UNKNOWN",
            "7:KDC_ERR_S_PRINCIPAL_UNKNOWN", "8:KDC_ERR_PRINCIPAL_NOT_UNIQUE", "9:KDC_ERR_NULL_KEY",
            "10:KDC_ERR_CANNOT_POSTDATE", "11:KDC_ERR_NEVER_VALID", "12:KDC_ERR_POLICY",
            "13:KDC_ERR_BADOPTION", "14:KDC_ERR_ETYPE_NOSUPP", "15:KDC_ERR_SUMTYPE_NOSUPP",
            "16:KDC_ERR_PADATA_TYPE_NOSUPP", "17:KDC_ERR_TRTYPE_NOSUPP", "18:KDC_ERR_CLIENT_REVOKED",
            "19:KDC_ERR_SERVICE_REVOKED", "20:KDC_ERR_TGT_REVOKED", "21:KDC_ERR_CLIENT_NOTYET",
            "22:KDC_ERR_SERVICE_NOTYET", "23:KDC_ERR_KEY_EXPIRED", "24:KDC_ERR_PREAUTH_FAILED",
            "25:KDC_ERR_PREAUTH_REQUIRED", "26:KDC_ERR_SERVER_NOMATCH", "27:KDC_ERR_MUST_USE_USER2USER",
            "28:KDC_ERR_PATH_NOT_ACCEPTED", "29:KDC_ERR_SVC_UNAVAILABLE", "31:KRB_AP_ERR_BAD_INTEGRITY",
            "32:KRB_AP_ERR_TKT_EXPIRED", "33:KRB_AP_ERR_TKT_NYV", "34:KRB_AP_ERR_REPEAT",
            "35:KRB_AP_ERR_NOT_US", "36:KRB_AP_ERR_BADMATCH", "37:KRB_AP_ERR_SKEW",
            "38:KRB_AP_ERR_BADADDR", "39:KRB_AP_ERR_BADVERSION", "40:KRB_AP_ERR_MSG_TYPE",
            "41:KRB_AP_ERR_MODIFIED", "42:KRB_AP_ERR_BADORDER", "44:KRB_AP_ERR_BADKEYVER",
            "45:KRB_AP_ERR_NOKEY", "46:KRB_AP_ERR_MUT_FAIL", "47:KRB_AP_ERR_BADDIRECTION",
            "48:KRB_AP_ERR_METHOD", "49:KRB_AP_ERR_BADSEQ", "50:KRB_AP_ERR_INAPP_CKSUM",
            "51:KRB_AP_PATH_NOT_ACCEPTED", "52:KRB_ERR_RESPONSE_TOO_BIG", "60:KRB_ERR_GENERIC",
            "61:KRB_ERR_FIELD_TOOLONG", "62:KDC_ERROR_CLIENT_NOT_TRUSTED", "63:KDC_ERROR_KDC_NOT_TRUSTED",
            "64:KDC_ERROR_INVALID_SIG", "65:KDC_ERR_KEY_TOO_WEAK", "66:KDC_ERR_CERTIFICATE_MISMATCH",
            "67:KRB_AP_ERR_NO_TGT", "68:KDC_ERR_WRONG_REALM", "69:KRB_AP_ERR_USER_TO_USER_REQUIRED",
            "70:KDC_ERR_CANT_VERIFY_CERTIFICATE", "71:KDC_ERR_INVALID_CERTIFICATE",
            "72:KDC_ERR_REVOKED_CERTIFICATE", "73:KDC_ERR_REVOCATION_STATUS_UNKNOWN",
            "75:KDC_ERR_CLIENT_NAME_MISMATCH", "76:KDC_ERR_KDC_NAME_MISMATCH",
            "90:KDC_ERR_PREAUTH_EXPIRED", "91:KDC_ERR_MORE_PREAUTH_DATA_REQUIRED",
            "93:KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS"};
        for (String n : names) {
            int c = n.indexOf(':');
            ERRORS.put(Integer.parseInt(n.substring(0, c)), n.substring(c + 1));
        }
    }

    private Kerberos() {
    }

    private static String clean(String s) {
        return Sanitize.text(s, 128);
    }

    private static String clean(String s, int max) {
        return Sanitize.text(s, max);
    }

    /** The RFC 4120 7.5.9 name of an error code ("KDC_ERR_WRONG_REALM"), "KRB_ERROR" when unknown. */
    public static String errorName(long code) {
        String n = code >= 0 && code <= Integer.MAX_VALUE ? ERRORS.get((int) code) : null;
        return n != null ? n : "KRB_ERROR";
    }

    /** "KDC_ERR_WRONG_REALM(68)". */
    public static String errorLabel(long code) {
        return errorName(code) + "(" + code + ")";
    }

    // ---- encoding -------------------------------------------------------------------------

    public static byte[] principal(int type, String... parts) {
        byte[][] strings = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            strings[i] = Ber.generalString(parts[i]);
        }
        return Ber.seq(Ber.ctx(0, Ber.integer(type)), Ber.ctx(1, Ber.seq(strings)));
    }

    /** forwardable, renewable, canonicalize, renewable-ok: what kinit and Windows ask for. */
    public static final byte[] KDC_OPTIONS_USUAL = {0x40, (byte) 0x81, 0x00, 0x10};
    /** No option at all. */
    public static final byte[] KDC_OPTIONS_NONE = {0, 0, 0, 0};

    /** AS-REQ (RFC 4120 5.4.1) for {@code user@realm} with the usual KDC options. */
    public static byte[] asReq(String user, String realm, long nonce) {
        return asReq(user, realm, nonce, KDC_OPTIONS_USUAL);
    }

    /** AS-REQ (RFC 4120 5.4.1) for {@code user@realm}, asking for krbtgt/realm, no pre-auth. */
    public static byte[] asReq(String user, String realm, long nonce, byte[] kdcOptions) {
        byte[][] etypes = new byte[ETYPES.length][];
        for (int i = 0; i < ETYPES.length; i++) {
            etypes[i] = Ber.integer(ETYPES[i]);
        }
        byte[] body = Ber.seq(
                Ber.ctx(0, Ber.bitString(kdcOptions)),
                Ber.ctx(1, principal(NT_PRINCIPAL, user)),
                Ber.ctx(2, Ber.generalString(realm)),
                Ber.ctx(3, principal(NT_SRV_INST, "krbtgt", realm)),
                Ber.ctx(5, Ber.tlv(Ber.GENERALIZED_TIME, TILL.getBytes(StandardCharsets.US_ASCII))),
                Ber.ctx(7, Ber.integer(nonce & 0x7fffffffL)),
                Ber.ctx(8, Ber.seq(etypes)));
        return Ber.app(AS_REQ, Ber.seq(
                Ber.ctx(1, Ber.integer(PVNO)),
                Ber.ctx(2, Ber.integer(AS_REQ)),
                Ber.ctx(4, body)));
    }

    public static byte[] encryptedData(int etype, byte[] cipher) {
        return Ber.seq(Ber.ctx(0, Ber.integer(etype)), Ber.ctx(1, Ber.integer(1)),
                Ber.ctx(2, Ber.octets(cipher)));
    }

    /**
     * A well-formed AP-REQ (RFC 4120 5.5.1) for kadmin/changepw whose ticket and authenticator are
     * random bytes: the KDC can parse it but not decrypt it, so it must answer with an error.
     */
    public static byte[] bogusApReq(String realm, byte[] ticketCipher, byte[] authCipher) {
        byte[] ticket = Ber.app(1, Ber.seq(
                Ber.ctx(0, Ber.integer(PVNO)),
                Ber.ctx(1, Ber.generalString(realm)),
                Ber.ctx(2, principal(NT_SRV_INST, "kadmin", "changepw")),
                Ber.ctx(3, encryptedData(18, ticketCipher))));
        return Ber.app(AP_REQ, Ber.seq(
                Ber.ctx(0, Ber.integer(PVNO)),
                Ber.ctx(1, Ber.integer(AP_REQ)),
                Ber.ctx(2, Ber.bitString(new byte[4])),
                Ber.ctx(3, ticket),
                Ber.ctx(4, encryptedData(18, authCipher))));
    }

    public static byte[] bogusKrbPriv(byte[] cipher) {
        return Ber.app(KRB_PRIV, Ber.seq(
                Ber.ctx(0, Ber.integer(PVNO)),
                Ber.ctx(1, Ber.integer(KRB_PRIV)),
                Ber.ctx(3, Ber.seq(Ber.ctx(0, Ber.integer(18)), Ber.ctx(2, Ber.octets(cipher))))));
    }

    // ---- decoding -------------------------------------------------------------------------

    /** The fields of a KRB-ERROR that identify the KDC. */
    public record KrbError(long code, String realm, String sname, String stime, String etext, byte[] edata) {
    }

    /** True when the next octet starts [APPLICATION n] constructed. */
    public static boolean startsApplication(Wire w, int n) {
        return w.hasRemaining() && w.peekU8() == (0x60 | n);
    }

    /** The SEQUENCE of fields inside [APPLICATION {@code type}] at the reader's position. */
    private static Wire messageFields(Wire w, int type, String what) {
        Ber.Tlv app = Ber.read(w);
        if (!app.isApplication(type) || !app.constructed()) {
            throw new Malformed("not " + what);
        }
        return Ber.expect(app.content(), Ber.SEQUENCE).content();
    }

    /**
     * Reads the next context-tagged field of a message's SEQUENCE: fields come in ascending tag order
     * (RFC 4120 5: DER), each once; anything else is not Kerberos.
     */
    private static Ber.Tlv nextField(Wire seq, int previous, String what) {
        Ber.Tlv f = Ber.read(seq);
        if (f.cls() != Ber.CONTEXT || !f.constructed()) {
            throw new Malformed("untagged field in " + what);
        }
        if (f.number() <= previous) {
            throw new Malformed(what + " fields out of order");
        }
        return f;
    }

    /** Fails unless every tag in {@code required} was seen (bit n for tag n). */
    private static void requireFields(int seen, int required, String what) {
        if ((seen & required) != required) {
            throw new Malformed(what + " lacks field(s) [" + Integer.toBinaryString(required & ~seen) + "]");
        }
    }

    /** KRB-ERROR fields RFC 4120 5.9.1 makes mandatory: pvno, msg-type, stime, susec, error-code, realm, sname. */
    private static final int KRB_ERROR_REQUIRED = 1 << 0 | 1 << 1 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 9 | 1 << 10;
    /** AS-REP fields RFC 4120 5.4.2 makes mandatory: pvno, msg-type, crealm, cname, ticket, enc-part. */
    private static final int AS_REP_REQUIRED = 1 << 0 | 1 << 1 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6;

    /**
     * Decodes a whole KRB-ERROR at the reader's position, every field of it: the mandatory ones must be
     * there, each of its type, in order, and nothing may follow the message in the reader's window.
     */
    public static KrbError readError(Wire w) {
        KrbError e = readErrorFields(w);
        if (w.hasRemaining()) {
            throw new Malformed(w.remaining() + " bytes after the KRB-ERROR");
        }
        return e;
    }

    private static KrbError readErrorFields(Wire w) {
        Wire seq = messageFields(w, KRB_ERROR, "a KRB-ERROR");
        long pvno = -1;
        long type = -1;
        long code = -1;
        String realm = null;
        String sname = null;
        String stime = null;
        String etext = null;
        byte[] edata = null;
        int seen = 0;
        int previous = -1;
        while (seq.hasRemaining()) {
            Ber.Tlv f = nextField(seq, previous, "KRB-ERROR");
            previous = f.number();
            Wire c = f.content();
            switch (f.number()) {
                case 0 -> pvno = Ber.readInteger(c);
                case 1 -> type = Ber.readInteger(c);
                case 2, 4 -> {
                    String t = clean(Ber.textOf(Ber.expect(c, Ber.GENERALIZED_TIME).content()), 32);
                    if (f.number() == 4) {
                        stime = t;
                    }
                }
                case 3, 5 -> Ber.readInteger(c); // cusec, susec
                case 6 -> code = Ber.readInteger(c);
                case 7, 9 -> {
                    String r = clean(Ber.textOf(Ber.expect(c, Ber.GENERAL_STRING).content()));
                    if (f.number() == 9) {
                        realm = r;
                    }
                }
                case 8 -> readPrincipal(c); // cname
                case 10 -> sname = readPrincipal(c);
                case 11 -> etext = clean(Ber.textOf(Ber.expect(c, Ber.GENERAL_STRING).content()));
                case 12 -> {
                    byte[] b = Ber.bytesOf(Ber.expect(c, Ber.OCTET_STRING).content());
                    edata = b.length <= 4096 ? b : null;
                }
                default -> throw new Malformed("KRB-ERROR has no field [" + f.number() + "]");
            }
            if (c.hasRemaining()) {
                throw new Malformed("KRB-ERROR field [" + f.number() + "] holds more than its value");
            }
            seen |= 1 << f.number();
        }
        requireFields(seen, KRB_ERROR_REQUIRED, "KRB-ERROR");
        if (pvno != PVNO || type != KRB_ERROR || code < 0) {
            throw new Malformed("KRB-ERROR without pvno 5, msg-type 30 and an error code");
        }
        return new KrbError(code, realm, sname, stime, etext, edata);
    }

    /** PrincipalName as "a/b", at most 8 components. */
    public static String readPrincipal(Wire w) {
        Wire seq = Ber.expect(w, Ber.SEQUENCE).content();
        StringBuilder sb = new StringBuilder();
        while (seq.hasRemaining()) {
            Ber.Tlv f = Ber.read(seq);
            if (f.isContext(1)) {
                Wire names = Ber.expect(f.content(), Ber.SEQUENCE).content();
                for (int i = 0; names.hasRemaining() && i < 8; i++) {
                    if (i > 0) {
                        sb.append('/');
                    }
                    sb.append(Ber.textOf(Ber.expect(names, Ber.GENERAL_STRING).content()));
                }
            }
        }
        return clean(sb.toString());
    }

    /**
     * Realm of an AS-REP (RFC 4120 5.4.2: crealm [3]); proves a KDC just as well as an error. The whole
     * message is read: pvno, msg-type, crealm, cname, a Ticket ([APPLICATION 1]) and an EncryptedData enc-part
     * must be there, in order, and nothing may follow it in the reader's window.
     */
    public static String readAsRepRealm(Wire w) {
        Wire seq = messageFields(w, AS_REP, "an AS-REP");
        long pvno = -1;
        long type = -1;
        String realm = null;
        int seen = 0;
        int previous = -1;
        while (seq.hasRemaining()) {
            Ber.Tlv f = nextField(seq, previous, "AS-REP");
            previous = f.number();
            Wire c = f.content();
            switch (f.number()) {
                case 0 -> pvno = Ber.readInteger(c);
                case 1 -> type = Ber.readInteger(c);
                case 2 -> Ber.expect(c, Ber.SEQUENCE); // padata
                case 3 -> realm = clean(Ber.textOf(Ber.expect(c, Ber.GENERAL_STRING).content()));
                case 4 -> readPrincipal(c);
                case 5 -> {
                    Ber.Tlv ticket = Ber.read(c);
                    if (!ticket.isApplication(1) || !ticket.constructed()) {
                        throw new Malformed("AS-REP ticket is not a Ticket");
                    }
                }
                case 6 -> readEncryptedData(c);
                default -> throw new Malformed("AS-REP has no field [" + f.number() + "]");
            }
            if (c.hasRemaining()) {
                throw new Malformed("AS-REP field [" + f.number() + "] holds more than its value");
            }
            seen |= 1 << f.number();
        }
        requireFields(seen, AS_REP_REQUIRED, "AS-REP");
        if (pvno != PVNO || type != AS_REP) {
            throw new Malformed("AS-REP without pvno 5 and msg-type 11");
        }
        if (w.hasRemaining()) {
            throw new Malformed(w.remaining() + " bytes after the AS-REP");
        }
        return realm;
    }

    /** EncryptedData (RFC 4120 5.2.9): etype [0], optional kvno [1], cipher [2]. */
    private static void readEncryptedData(Wire w) {
        Wire seq = Ber.expect(w, Ber.SEQUENCE).content();
        int seen = 0;
        int previous = -1;
        while (seq.hasRemaining()) {
            Ber.Tlv f = nextField(seq, previous, "EncryptedData");
            previous = f.number();
            switch (f.number()) {
                case 0, 1 -> Ber.readInteger(f.content());
                case 2 -> Ber.expect(f.content(), Ber.OCTET_STRING);
                default -> throw new Malformed("EncryptedData has no field [" + f.number() + "]");
            }
            seen |= 1 << f.number();
        }
        requireFields(seen, 1 << 0 | 1 << 2, "EncryptedData");
    }

    /** True when the message starts [APPLICATION n] constructed (the whole reply, as a byte array). */
    public static boolean startsApplication(byte[] msg, int n) {
        return msg.length > 0 && (msg[0] & 0xff) == (0x60 | n);
    }

    /**
     * The evidence details of a KRB-ERROR, the same over UDP and TCP: {@code message}, {@code errorCode}
     * (a number), {@code errorName}, and {@code realm}, {@code sname}, {@code serverTime}, {@code eText}
     * when the KDC sent them.
     */
    public static Map<String, Object> details(KrbError e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("message", "KRB-ERROR");
        d.put("errorCode", e.code());
        d.put("errorName", errorName(e.code()));
        putIfPresent(d, "realm", e.realm());
        putIfPresent(d, "sname", e.sname());
        putIfPresent(d, "serverTime", e.stime());
        putIfPresent(d, "eText", e.etext());
        return d;
    }

    /** The evidence details of an AS-REP: {@code message} and, when present, {@code realm}. */
    public static Map<String, Object> asRepDetails(String realm) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("message", "AS-REP");
        putIfPresent(d, "realm", realm);
        return d;
    }

    private static void putIfPresent(Map<String, Object> d, String key, String value) {
        if (value != null) {
            d.put(key, value);
        }
    }
}
