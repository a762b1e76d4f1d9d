package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kerberos V5 messages (RFC 4120 section 5) encoded and decoded by hand in DER: the AS-REQ we send to
 * 88/udp, the bogus AP-REQ inside a kpasswd request, and the KRB-ERROR / AS-REP a KDC answers with.
 */
final class Kerberos {
    static final int PVNO = 5;
    static final int AS_REQ = 10;
    static final int AS_REP = 11;
    static final int AP_REQ = 14;
    static final int AP_REP = 15;
    static final int KRB_PRIV = 21;
    static final int KRB_ERROR = 30;
    static final int NT_PRINCIPAL = 1;
    static final int NT_SRV_INST = 2;
    /** aes256-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96, rc4-hmac (RFC 3962, RFC 4757). */
    static final int[] ETYPES = {18, 17, 23};
    /** far-future end time, as kinit and Windows send it. */
    static final String TILL = "20370913024805Z";

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

    static String errorName(long code) {
        String n = code >= 0 && code <= Integer.MAX_VALUE ? ERRORS.get((int) code) : null;
        return (n != null ? n : "KRB_ERROR") + "(" + code + ")";
    }

    // ---- encoding -------------------------------------------------------------------------

    static byte[] principal(int type, String... parts) {
        byte[][] strings = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            strings[i] = Der.generalString(parts[i]);
        }
        return Der.seq(Der.ctx(0, Der.integer(type)), Der.ctx(1, Der.seq(strings)));
    }

    /** AS-REQ (RFC 4120 5.4.1) for {@code user@realm}, asking for krbtgt/realm, no pre-auth. */
    static byte[] asReq(String user, String realm, long nonce) {
        byte[][] etypes = new byte[ETYPES.length][];
        for (int i = 0; i < ETYPES.length; i++) {
            etypes[i] = Der.integer(ETYPES[i]);
        }
        byte[] body = Der.seq(
                // forwardable, renewable, canonicalize, renewable-ok
                Der.ctx(0, Der.bitString(new byte[] {0x40, (byte) 0x81, 0x00, 0x10})),
                Der.ctx(1, principal(NT_PRINCIPAL, user)),
                Der.ctx(2, Der.generalString(realm)),
                Der.ctx(3, principal(NT_SRV_INST, "krbtgt", realm)),
                Der.ctx(5, Der.tlv(Der.GENERALIZED_TIME, TILL.getBytes(StandardCharsets.US_ASCII))),
                Der.ctx(7, Der.integer(nonce & 0x7fffffffL)),
                Der.ctx(8, Der.seq(etypes)));
        return Der.app(AS_REQ, Der.seq(
                Der.ctx(1, Der.integer(PVNO)),
                Der.ctx(2, Der.integer(AS_REQ)),
                Der.ctx(4, body)));
    }

    static byte[] encryptedData(int etype, byte[] cipher) {
        return Der.seq(Der.ctx(0, Der.integer(etype)), Der.ctx(1, Der.integer(1)),
                Der.ctx(2, Der.octets(cipher)));
    }

    /**
     * A well-formed AP-REQ (RFC 4120 5.5.1) for kadmin/changepw whose ticket and authenticator are
     * random bytes: the KDC can parse it but not decrypt it, so it must answer with an error.
     */
    static byte[] bogusApReq(String realm, byte[] ticketCipher, byte[] authCipher) {
        byte[] ticket = Der.app(1, Der.seq(
                Der.ctx(0, Der.integer(PVNO)),
                Der.ctx(1, Der.generalString(realm)),
                Der.ctx(2, principal(NT_SRV_INST, "kadmin", "changepw")),
                Der.ctx(3, encryptedData(18, ticketCipher))));
        return Der.app(AP_REQ, Der.seq(
                Der.ctx(0, Der.integer(PVNO)),
                Der.ctx(1, Der.integer(AP_REQ)),
                Der.ctx(2, Der.bitString(new byte[4])),
                Der.ctx(3, ticket),
                Der.ctx(4, encryptedData(18, authCipher))));
    }

    static byte[] bogusKrbPriv(byte[] cipher) {
        return Der.app(KRB_PRIV, Der.seq(
                Der.ctx(0, Der.integer(PVNO)),
                Der.ctx(1, Der.integer(KRB_PRIV)),
                Der.ctx(3, Der.seq(Der.ctx(0, Der.integer(18)), Der.ctx(2, Der.octets(cipher))))));
    }

    // ---- decoding -------------------------------------------------------------------------

    /** The fields of a KRB-ERROR that identify the KDC. */
    record KrbError(long code, String realm, String sname, String stime, String etext, byte[] edata) {
    }

    /** True when the next octet starts [APPLICATION n] constructed. */
    static boolean startsApplication(Wire w, int n) {
        return w.hasRemaining() && w.peekU8() == (0x60 | n);
    }

    /** Decodes a whole KRB-ERROR at the reader's position. */
    static KrbError readError(Wire w) {
        Der.Tlv app = Der.read(w);
        if (!app.isApplication(KRB_ERROR) || !app.constructed()) {
            throw new Malformed("not a KRB-ERROR");
        }
        Wire seq = Der.expect(app.content(), Der.SEQUENCE).content();
        long pvno = -1;
        long type = -1;
        long code = -1;
        String realm = null;
        String sname = null;
        String stime = null;
        String etext = null;
        byte[] edata = null;
        while (seq.hasRemaining()) {
            Der.Tlv f = Der.read(seq);
            if (f.cls() != Der.CONTEXT) {
                throw new Malformed("untagged field in KRB-ERROR");
            }
            Wire c = f.content();
            switch (f.number()) {
                case 0 -> pvno = Der.readInteger(c);
                case 1 -> type = Der.readInteger(c);
                case 4 -> stime = Text.clean(Der.textOf(Der.expect(c, Der.GENERALIZED_TIME).content()), 32);
                case 6 -> code = Der.readInteger(c);
                case 9 -> realm = Text.clean(Der.textOf(Der.expect(c, Der.GENERAL_STRING).content()));
                case 10 -> sname = readPrincipal(c);
                case 11 -> etext = Text.clean(Der.textOf(Der.expect(c, Der.GENERAL_STRING).content()));
                case 12 -> {
                    byte[] b = Der.bytesOf(Der.expect(c, Der.OCTET_STRING).content());
                    edata = b.length <= 4096 ? b : null;
                }
                default -> {
                    // ctime, cusec, susec, crealm, cname: not needed
                }
            }
        }
        if (pvno != PVNO || type != KRB_ERROR || code < 0) {
            throw new Malformed("KRB-ERROR without pvno 5, msg-type 30 and an error code");
        }
        return new KrbError(code, realm, sname, stime, etext, edata);
    }

    /** PrincipalName as "a/b", at most 8 components. */
    static String readPrincipal(Wire w) {
        Wire seq = Der.expect(w, Der.SEQUENCE).content();
        StringBuilder sb = new StringBuilder();
        while (seq.hasRemaining()) {
            Der.Tlv f = Der.read(seq);
            if (f.isContext(1)) {
                Wire names = Der.expect(f.content(), Der.SEQUENCE).content();
                for (int i = 0; names.hasRemaining() && i < 8; i++) {
                    if (i > 0) {
                        sb.append('/');
                    }
                    sb.append(Der.textOf(Der.expect(names, Der.GENERAL_STRING).content()));
                }
            }
        }
        return Text.clean(sb.toString());
    }

    /** Realm of an AS-REP (RFC 4120 5.4.2: crealm [3]); proves a KDC just as well as an error. */
    static String readAsRepRealm(Wire w) {
        Der.Tlv app = Der.read(w);
        if (!app.isApplication(AS_REP) || !app.constructed()) {
            throw new Malformed("not an AS-REP");
        }
        Wire seq = Der.expect(app.content(), Der.SEQUENCE).content();
        long pvno = -1;
        long type = -1;
        String realm = null;
        while (seq.hasRemaining()) {
            Der.Tlv f = Der.read(seq);
            switch (f.cls() == Der.CONTEXT ? f.number() : -1) {
                case 0 -> pvno = Der.readInteger(f.content());
                case 1 -> type = Der.readInteger(f.content());
                case 3 -> realm = Text.clean(Der.textOf(Der.expect(f.content(), Der.GENERAL_STRING).content()));
                default -> {
                }
            }
        }
        if (pvno != PVNO || type != AS_REP) {
            throw new Malformed("AS-REP without pvno 5 and msg-type 11");
        }
        return realm;
    }
}
