package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.portaudit.reports.model.Evidence;

/**
 * Kerberos V5 over TCP (RFC 4120 7.2.2): a 4-byte length, then an AS-REQ for a principal that does
 * not exist. A KRB-ERROR (or, improbably, an AS-REP) in the same framing proves a KDC.
 */
final class KerberosConversation extends ExchangeConversation {
    static final String NAME = "kerberos-as-req";
    static final String DEFAULT_REALM = "PORTAUDIT.INVALID";
    static final String CLIENT = "portaudit-probe-no-such-user";

    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(6, "KDC_ERR_C_PRINCIPAL_UNKNOWN"), Map.entry(7, "KDC_ERR_S_PRINCIPAL_UNKNOWN"),
            Map.entry(12, "KDC_ERR_POLICY"), Map.entry(14, "KDC_ERR_ETYPE_NOSUPP"),
            Map.entry(18, "KDC_ERR_CLIENT_REVOKED"), Map.entry(24, "KDC_ERR_PREAUTH_FAILED"),
            Map.entry(25, "KDC_ERR_PREAUTH_REQUIRED"), Map.entry(29, "KDC_ERR_SVC_UNAVAILABLE"),
            Map.entry(37, "KRB_AP_ERR_SKEW"), Map.entry(52, "KRB_ERR_RESPONSE_TOO_BIG"),
            Map.entry(60, "KRB_ERR_GENERIC"), Map.entry(68, "KDC_ERR_WRONG_REALM"));

    private final String realm;
    private final Integer fixedNonce;

    KerberosConversation() {
        this(DEFAULT_REALM, null);
    }

    /** @param nonce a fixed nonce for tests; null draws one per request */
    KerberosConversation(String realm, Integer nonce) {
        super(NAME, DEFAULT_MAX_REPLY);
        this.realm = realm.toUpperCase(Locale.ROOT);
        this.fixedNonce = nonce;
    }

    /** The AS-REQ (without the TCP length prefix). */
    byte[] asReq(int nonce) {
        byte[] cname = principal(1, CLIENT);                      // NT-PRINCIPAL
        byte[] sname = principal(2, "krbtgt", realm);             // NT-SRV-INST
        byte[] body = Ber.tlv(0x30,
                Ber.tlv(0xa0, Ber.tlv(0x03, new byte[] {0, 0, 0, 0, 0})), // kdc-options: none
                Ber.tlv(0xa1, cname),
                Ber.tlv(0xa2, Ber.octets(0x1b, realm)),
                Ber.tlv(0xa3, sname),
                Ber.tlv(0xa5, Ber.octets(0x18, "20370913024805Z")),    // till
                Ber.tlv(0xa7, Ber.integer(0x02, nonce & 0x7fffffffL)),
                Ber.tlv(0xa8, Ber.tlv(0x30, Ber.integer(0x02, 18), Ber.integer(0x02, 17),
                        Ber.integer(0x02, 23))));                         // aes256, aes128, rc4
        return Ber.tlv(0x6a, Ber.tlv(0x30,                              // [APPLICATION 10] AS-REQ
                Ber.tlv(0xa1, Ber.integer(0x02, 5)),                    // pvno
                Ber.tlv(0xa2, Ber.integer(0x02, 10)),                   // msg-type AS-REQ
                Ber.tlv(0xa4, body)));
    }

    private static byte[] principal(int nameType, String... parts) {
        byte[][] strings = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            strings[i] = Ber.octets(0x1b, parts[i]);
        }
        return Ber.tlv(0x30, Ber.tlv(0xa0, Ber.integer(0x02, nameType)), Ber.tlv(0xa1, Ber.tlv(0x30, strings)));
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        byte[] req = asReq(fixedNonce != null ? fixedNonce : new SecureRandom().nextInt());
        return alloc.buffer(4 + req.length).writeInt(req.length).writeBytes(req);
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        int body = Frames.prefixedBody(reply, 4, 2, maxReplyBytes() - 4, "Kerberos");
        if (body < 0) {
            return Verdict.NEED_MORE;
        }
        return Verdict.done(decode(ByteBufUtil.getBytes(reply, reply.readerIndex() + 4, body)));
    }

    /** Decodes a KDC reply message (after the length prefix). */
    static Evidence decode(byte[] msg) {
        Ber.Tlv top = Ber.read(msg, 0, msg.length);
        if (top.is(Ber.CLASS_APPLICATION, true, 11)) {
            return new Evidence(NAME, "Kerberos AS-REP", true, Map.of("kerberosReply", "AS-REP"));
        }
        if (!top.is(Ber.CLASS_APPLICATION, true, 30)) {
            throw new MalformedReplyException("not Kerberos: reply is neither KRB-ERROR nor AS-REP");
        }
        List<Ber.Tlv> fields = Ber.children(msg, Ber.inner(msg, top));
        Ber.Tlv pvno = Ber.context(fields, 0);
        Ber.Tlv type = Ber.context(fields, 1);
        Ber.Tlv code = Ber.context(fields, 6);
        if (pvno == null || type == null || code == null
                || Ber.integer(msg, Ber.inner(msg, pvno)) != 5 || Ber.integer(msg, Ber.inner(msg, type)) != 30) {
            throw new MalformedReplyException("not Kerberos: KRB-ERROR without pvno 5, msg-type 30 and error-code");
        }
        long errorCode = Ber.integer(msg, Ber.inner(msg, code));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kerberosReply", "KRB-ERROR");
        details.put("errorCode", Long.toString(errorCode));
        String errorName = ERRORS.getOrDefault((int) errorCode, "error " + errorCode);
        details.put("errorName", errorName);
        String realm = text(msg, fields, 9);
        if (realm != null) {
            details.put("realm", realm);
        }
        String stime = text(msg, fields, 4);
        if (stime != null) {
            details.put("serverTime", stime);
        }
        String etext = text(msg, fields, 11);
        if (etext != null) {
            details.put("eText", etext);
        }
        return new Evidence(NAME, "KRB-ERROR " + errorCode + " (" + errorName + ")"
                + (realm != null ? " from realm " + realm : ""), true, details);
    }

    private static String text(byte[] msg, List<Ber.Tlv> fields, int tag) {
        Ber.Tlv t = Ber.context(fields, tag);
        return t == null ? null : Ber.string(msg, Ber.inner(msg, t));
    }
}
