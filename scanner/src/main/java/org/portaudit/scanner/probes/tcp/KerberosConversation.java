package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.Locale;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Kerberos;
import org.portaudit.scanner.probes.proto.Malformed;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * Kerberos V5 over TCP (RFC 4120 7.2.2): a 4-byte length, then an AS-REQ for a principal that does
 * not exist. A KRB-ERROR (or, improbably, an AS-REP) in the same framing proves a KDC. The messages
 * are {@link Kerberos}'s; this class keeps the length prefix.
 */
final class KerberosConversation extends ExchangeConversation {
    static final String NAME = "kerberos-as-req";
    static final String DEFAULT_REALM = "PORTAUDIT.INVALID";
    static final String CLIENT = "portaudit-probe-no-such-user";

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

    /** The AS-REQ (without the TCP length prefix): no KDC options, for a principal that does not exist. */
    byte[] asReq(int nonce) {
        return Kerberos.asReq(CLIENT, realm, nonce, Kerberos.KDC_OPTIONS_NONE);
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

    /** Decodes a KDC reply message (after the length prefix) with {@link Kerberos}. */
    static Evidence decode(byte[] msg) {
        try {
            if (Kerberos.startsApplication(msg, Kerberos.AS_REP)) {
                String realm = Kerberos.readAsRepRealm(new Wire(msg));
                return new Evidence(NAME, "Kerberos AS-REP" + (realm != null ? " from realm " + realm : ""), true,
                        Kerberos.asRepDetails(realm));
            }
            if (!Kerberos.startsApplication(msg, Kerberos.KRB_ERROR)) {
                throw new MalformedReplyException("not Kerberos: reply is neither KRB-ERROR nor AS-REP");
            }
            Kerberos.KrbError e = Kerberos.readError(new Wire(msg));
            return new Evidence(NAME, "KRB-ERROR " + e.code() + " (" + Kerberos.errorName(e.code()) + ")"
                    + (e.realm() != null ? " from realm " + e.realm() : ""), true, Kerberos.details(e));
        } catch (Malformed m) {
            throw new MalformedReplyException("not Kerberos: " + m.getMessage());
        }
    }
}
