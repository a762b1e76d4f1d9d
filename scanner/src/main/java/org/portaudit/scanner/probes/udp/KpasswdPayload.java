package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Kerberos;

/**
 * Kerberos change/set password (RFC 3244) on 464/udp. The request is framed as RFC 3244 section 2
 * says: message length, version 0xff80, AP-REQ length, AP-REQ, KRB-PRIV; the AP-REQ and KRB-PRIV are
 * well-formed DER around random cipher text, so the server parses the frame, fails to decrypt the
 * ticket and answers with an error. Accepted replies: an RFC 3244 reply frame (version 1, and either
 * AP-REP + KRB-PRIV or AP-REP length 0 + KRB-ERROR), or a bare KRB-ERROR, which some servers send.
 */
public final class KpasswdPayload extends DecodingPayload {
    static final int VERSION_SETPW = 0xff80;
    static final int VERSION_CHANGEPW = 0x0001;
    private static final String[] RESULTS = {
        "KRB5_KPASSWD_SUCCESS", "KRB5_KPASSWD_MALFORMED", "KRB5_KPASSWD_HARDERROR",
        "KRB5_KPASSWD_AUTHERROR", "KRB5_KPASSWD_SOFTERROR", "KRB5_KPASSWD_ACCESSDENIED",
        "KRB5_KPASSWD_BAD_VERSION", "KRB5_KPASSWD_INITIAL_FLAG_NEEDED"};

    public KpasswdPayload(String realmHint, RandomGenerator random) {
        this(realmHint, Bytes.random(random, 64), Bytes.random(random, 48), Bytes.random(random, 32));
    }

    KpasswdPayload(String realmHint, byte[] ticketCipher, byte[] authCipher, byte[] privCipher) {
        super("kpasswd", frame(Kerberos.bogusApReq(KerberosAsReqPayload.realmOf(realmHint), ticketCipher,
                authCipher), Kerberos.bogusKrbPriv(privCipher)));
    }

    static byte[] frame(byte[] apReq, byte[] priv) {
        int len = 6 + apReq.length + priv.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        out.write(len >> 8);
        out.write(len);
        out.write(VERSION_SETPW >> 8);
        out.write(VERSION_SETPW & 0xff);
        out.write(apReq.length >> 8);
        out.write(apReq.length);
        out.write(apReq, 0, apReq.length);
        out.write(priv, 0, priv.length);
        return out.toByteArray();
    }

    static String resultName(int code) {
        return (code < RESULTS.length ? RESULTS[code] : "KPASSWD_RESULT") + "(" + code + ")";
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (Kerberos.startsApplication(w, Kerberos.KRB_ERROR)) {
            Kerberos.KrbError e = Kerberos.readError(w);
            Map<String, Object> d = Kerberos.details(e);
            d.put("framing", "bare KRB-ERROR");
            return matched("kpasswd: " + KerberosAsReqPayload.describe(e), d);
        }
        if (w.remaining() < 6) {
            return Optional.empty();
        }
        int total = w.remaining();
        int len = w.u16();
        int version = w.u16();
        int apRepLen = w.u16();
        if (len != total || version != VERSION_CHANGEPW && version != VERSION_SETPW
                || apRepLen > w.remaining()) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("framing", "RFC 3244 reply, version " + version);
        d.put("version", version);
        if (apRepLen == 0) {
            Kerberos.KrbError e = Kerberos.readError(w);
            d.putAll(Kerberos.details(e));
            // RFC 3244 section 2: the result code and string travel in the KRB-ERROR's e-data; the
            // error-code itself is then whatever the server chose (Samba puts the result code there)
            String summary = "kpasswd reply: KRB-ERROR code " + e.code()
                    + (e.realm() != null ? " from realm " + e.realm() : "");
            byte[] ed = e.edata();
            if (ed != null && ed.length >= 2) {
                int result = (ed[0] & 0xff) << 8 | ed[1] & 0xff;
                d.put("resultCode", result);
                d.put("resultName", resultName(result));
                if (ed.length > 2) {
                    d.put("resultString", Text.utf8(java.util.Arrays.copyOfRange(ed, 2, ed.length), Text.FIELD));
                }
                summary = "kpasswd reply: " + resultName(result) + " in KRB-ERROR"
                        + (e.realm() != null ? " from realm " + e.realm() : "");
            }
            return matched(summary, d);
        }
        Ber.Tlv apRep = Ber.read(w.slice(apRepLen));
        if (!apRep.isApplication(Kerberos.AP_REP)) {
            return Optional.empty();
        }
        Ber.Tlv priv = Ber.read(w);
        if (!priv.isApplication(Kerberos.KRB_PRIV)) {
            return Optional.empty();
        }
        d.put("message", "AP-REP + KRB-PRIV");
        return matched("kpasswd reply (AP-REP + KRB-PRIV)", d);
    }
}
