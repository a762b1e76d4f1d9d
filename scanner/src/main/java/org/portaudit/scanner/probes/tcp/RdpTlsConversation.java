package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * RDP (MS-RDPBCGR 2.2.1.1, 2.2.1.2): an X.224 Connection Request carrying an RDP_NEG_REQ that asks
 * for TLS or CredSSP (both begin with a TLS handshake); after the Connection Confirm selects one,
 * the TLS handshake as in {@link TlsConversation}, whose certificate facts join the RDP ones.
 */
final class RdpTlsConversation implements TcpConversation {
    static final String NAME = "rdp-tls";
    static final int PROTOCOL_SSL = 0x1;
    static final int PROTOCOL_HYBRID = 0x2;

    /** What runs once the negotiation chose TLS: a handshake on the channel, evidence named rdp-tls. */
    @FunctionalInterface
    interface TlsStep {
        void start(Channel channel, Promise<Evidence> result, Map<String, Object> prior);
    }

    private final TlsStep tls;
    private final X224Negotiation negotiation = new X224Negotiation();

    RdpTlsConversation(TlsConversation tls) {
        this.tls = (channel, result, prior) -> tls.startTls(channel, result, NAME, prior);
    }

    /**
     * The second try on an RDP port whose TLS the JDK refused: the same X.224 negotiation, then the partial TLS
     * 1.0-1.2 handshake of {@link LegacyTlsConversation}, so that an old server's certificate and protocol
     * version are read as on a plain TLS port.
     */
    RdpTlsConversation(LegacyTlsConversation legacy) {
        this.tls = (channel, result, prior) -> legacy.startHello(channel, result, NAME, prior);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        Promise<Evidence> x224 = channel.eventLoop().newPromise();
        x224.addListener(f -> channel.eventLoop().execute(() -> afterNegotiation(channel, x224.getNow(), result)));
        negotiation.start(channel, x224);
    }

    private void afterNegotiation(Channel channel, Evidence rdp, Promise<Evidence> result) {
        if (channel.pipeline().get(ReplyCollector.class) != null) {
            channel.pipeline().remove(ReplyCollector.class);
        }
        if (result.isDone()) {
            return;
        }
        if (rdp.matched() && rdp.flag("tlsFollows") && channel.isActive()) {
            Map<String, Object> prior = new LinkedHashMap<>(rdp.details());
            prior.remove("tlsFollows");
            tls.start(channel, result, prior);
        } else {
            result.trySuccess(new Evidence(NAME, rdp.summary(), rdp.matched(), rdp.details()));
        }
    }

    /** The X.224 Connection Request / Confirm exchange. */
    static final class X224Negotiation extends ExchangeConversation {
        /** RDP_NEG_RSP selectedProtocol values (2.2.1.2.1). */
        private static final Map<Long, String> SELECTED = Map.of(0L, "RDP", 1L, "SSL", 2L, "HYBRID",
                4L, "RDSTLS", 8L, "HYBRID_EX");
        /** RDP_NEG_FAILURE failureCode values (2.2.1.2.2). */
        private static final Map<Long, String> FAILURES = Map.of(1L, "SSL_REQUIRED_BY_SERVER",
                2L, "SSL_NOT_ALLOWED_BY_SERVER", 3L, "SSL_CERT_NOT_ON_SERVER", 4L, "INCONSISTENT_FLAGS",
                5L, "HYBRID_REQUIRED_BY_SERVER", 6L, "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER");

        X224Negotiation() {
            super(NAME, 1024);
        }

        @Override
        protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
            ByteBuf b = alloc.buffer(19);
            b.writeByte(3).writeByte(0).writeShort(19);     // TPKT (T.123): version 3, length 19
            b.writeByte(14);                                 // X.224 length indicator
            b.writeByte(0xe0);                               // CR TPDU, CDT 0
            b.writeShort(0).writeShort(0).writeByte(0);      // DST-REF, SRC-REF, class 0
            b.writeByte(0x01).writeByte(0).writeShortLE(8);  // RDP_NEG_REQ, flags, length 8
            b.writeIntLE(PROTOCOL_SSL | PROTOCOL_HYBRID);    // requestedProtocols
            return b;
        }

        @Override
        protected Verdict judge(ByteBuf r, boolean ended) {
            int at = r.readerIndex();
            int have = r.readableBytes();
            if (have >= 1 && r.getUnsignedByte(at) != 3 || have >= 2 && r.getUnsignedByte(at + 1) != 0) {
                throw new MalformedReplyException("not RDP: no TPKT header");
            }
            if (have < 4) {
                return Verdict.NEED_MORE;
            }
            int length = r.getUnsignedShort(at + 2);
            if (length < 11 || length > maxReplyBytes()) {
                throw new MalformedReplyException("not RDP: TPKT length " + length);
            }
            if (have < length) {
                return Verdict.NEED_MORE;
            }
            int li = r.getUnsignedByte(at + 4);
            if ((r.getUnsignedByte(at + 5) & 0xf0) != 0xd0 || li < 6 || 5 + li > length) {
                throw new MalformedReplyException("not RDP: no X.224 Connection Confirm");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            if (li < 6 + 8) {
                details.put("rdpSecurity", "standard RDP security (no negotiation)");
                return Verdict.done(new Evidence(NAME, "RDP with standard RDP security only (no TLS)", true, details));
            }
            int neg = at + 11;
            int type = r.getUnsignedByte(neg);
            long value = r.getUnsignedIntLE(neg + 4);
            String named = (type == 0x02 ? SELECTED : FAILURES).getOrDefault(value, "0x" + Long.toHexString(value));
            if (type == 0x02) {
                details.put("rdpSelectedProtocol", named);
                boolean tlsFollows = value == 1 || value == 2 || value == 8;
                details.put("tlsFollows", tlsFollows);
                return Verdict.done(new Evidence(NAME, "RDP negotiated " + named, true, details));
            }
            if (type == 0x03) {
                details.put("rdpNegotiationFailure", named);
                return Verdict.done(new Evidence(NAME, "RDP negotiation failure " + named, true, details));
            }
            throw new MalformedReplyException("not RDP: unknown negotiation type " + type);
        }
    }
}
