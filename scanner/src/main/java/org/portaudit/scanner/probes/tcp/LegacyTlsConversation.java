package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.engine.TlsFailure;

/**
 * The second try at a TLS port whose server the JDK would not shake hands with (TLS 1.0 or 1.1 only, or only
 * suites the JDK disables): {@link LegacyTlsHello}'s hand-written hello, then the server's version, suite and
 * certificate read in the clear, and the connection closed without any key exchange. Gives probe
 * {@value TlsConversation#NAME} evidence with {@code handshake = partial}, so that a certificate is checked
 * on such servers too and the judge sees which protocol version they offer.
 */
public final class LegacyTlsConversation implements TcpConversation {
    private final Clock clock;

    public LegacyTlsConversation() {
        this(Clock.systemUTC());
    }

    LegacyTlsConversation(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return TlsConversation.NAME;
    }

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        startHello(channel, result, TlsConversation.NAME, Map.of());
    }

    /**
     * The hand-written hello on {@code channel} now (a plain TLS port, or RDP after its X.224 negotiation chose
     * TLS): evidence named {@code probe}, with {@code prior} details (the RDP negotiation's) first.
     */
    void startHello(Channel channel, Promise<Evidence> result, String probe, Map<String, Object> prior) {
        String host = channel.remoteAddress() instanceof InetSocketAddress peer ? peer.getHostString() : null;
        LegacyTlsHello.Reader reader = new LegacyTlsHello.Reader();
        FirstBytesRecorder recorder = new FirstBytesRecorder(Replies.PREVIEW_BYTES, LegacyTlsHello.MAX_BYTES + 1,
                () -> result.trySuccess(evidence(reader.end(), null, probe, prior)));
        channel.pipeline().addLast("legacy-tls-recorder", recorder);
        channel.pipeline().addLast("legacy-tls", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof ByteBuf b && !result.isDone()) {
                        LegacyTlsHello.Outcome o = reader.offer(b);
                        if (!(o instanceof LegacyTlsHello.NeedMore)) {
                            result.trySuccess(evidence(o, recorder.first(), probe, prior));
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                result.trySuccess(evidence(reader.end(), recorder.first(), probe, prior));
                ctx.fireChannelInactive();
            }
        });
        channel.writeAndFlush(LegacyTlsHello.clientHello(channel.alloc(), host));
    }

    /** The evidence for what the reader concluded; {@code first} holds the reply's first bytes, for a non-TLS peer. */
    private Evidence evidence(LegacyTlsHello.Outcome outcome, ByteBuf first, String probe, Map<String, Object> prior) {
        Evidence e = tlsEvidence(outcome, first);
        if (probe.equals(TlsConversation.NAME) && prior.isEmpty()) {
            return e;
        }
        Map<String, Object> d = new LinkedHashMap<>(prior);
        d.putAll(e.details());
        return new Evidence(probe, e.summary(), e.matched(), d);
    }

    private Evidence tlsEvidence(LegacyTlsHello.Outcome outcome, ByteBuf first) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("handshake", "partial");
        if (outcome instanceof LegacyTlsHello.Hello h) {
            d.put("protocol", h.protocol());
            d.put("cipher", h.suiteName());
            StringBuilder summary = new StringBuilder(h.protocol()).append(' ').append(h.suiteName())
                    .append(" (a partial handshake: the certificate read in the clear, no keys exchanged)");
            if (h.leaf() != null) {
                d.put("chainLength", h.chainLength());
                d.putAll(CertificateFacts.of(h.leaf(), clock));
                summary.append(", certificate ").append(d.get("subject")).append(" expires ").append(d.get("notAfter"))
                        .append(" (").append(d.get("daysLeft")).append(" days left)");
            } else {
                d.put("tlsError", h.certificateError());
                summary.append(", ").append(h.certificateError());
            }
            return new Evidence(TlsConversation.NAME, summary.toString(), true, d);
        }
        if (outcome instanceof LegacyTlsHello.Alert a) {
            d.put("tlsError", a.words() + " to a TLS 1.0-1.2 hello offering " + LegacyTlsHello.SUITES.size() + " suites");
            return new Evidence(TlsConversation.NAME, "TLS handshake failed: " + d.get("tlsError"), true, d);
        }
        if (outcome instanceof LegacyTlsHello.Broken b) {
            d.put("tlsError", b.why());
            return new Evidence(TlsConversation.NAME, "TLS handshake failed: " + b.why(), true, d);
        }
        String why = outcome instanceof LegacyTlsHello.NotTls n ? n.why() : "no TLS reply";
        return first != null && first.isReadable() ? Replies.mismatch(TlsConversation.NAME, "not TLS", first)
                : Evidence.of(TlsConversation.NAME, why, false);
    }

    /**
     * One TLS row's evidence from both tries: the JDK's handshake ({@code modern}, which failed) and this
     * partial one. When the partial handshake reached the server's hello its evidence stands, saying what the
     * JDK's try met; otherwise the JDK's failure stands, with what the second try met beside it.
     */
    public static Evidence merge(Evidence modern, Evidence legacy) {
        String modernWhy = modern.text("tlsError").orElse(modern.summary());
        if (legacy != null && legacy.matched() && legacy.text("protocol").isPresent()) {
            Map<String, Object> d = new LinkedHashMap<>(legacy.details());
            d.put("modernHandshake", modernWhy);
            return new Evidence(legacy.probe(), legacy.summary() + "; the full handshake failed: " + modernWhy, true, d);
        }
        Map<String, Object> d = new LinkedHashMap<>(modern.details());
        String second = legacy == null ? "no result" : legacy.text("tlsError").orElse(legacy.summary());
        d.put("legacyHandshake", second);
        d.put("tlsError", modernWhy + "; a TLS 1.0-1.2 hello got: " + second);
        return new Evidence(modern.probe(), modern.summary() + "; a TLS 1.0-1.2 hello got: " + second, modern.matched(), d);
    }

    /**
     * True when {@code e}, the evidence of the JDK's handshake on a plain TLS port, failed in a way a TLS 1.0-1.2
     * hello with the old suites may get past: TLS records came back, but no version or suite in common.
     */
    public static boolean worthRetrying(Evidence e) {
        return e != null && TlsConversation.NAME.equals(e.probe()) && noCommonGround(e);
    }

    /**
     * The same for RDP ({@code rdp-tls}): the X.224 negotiation chose TLS, and the JDK's handshake after it found no
     * version or suite in common (an old Windows offering RDP over TLS 1.0 only).
     */
    public static boolean worthRetryingRdp(Evidence e) {
        return e != null && RdpTlsConversation.NAME.equals(e.probe()) && noCommonGround(e);
    }

    private static boolean noCommonGround(Evidence e) {
        return e.matched() && e.number("daysLeft").isEmpty() && e.text("protocol").isEmpty()
                && e.text("tlsError").map(TlsFailure::noCommonGround).orElse(false);
    }

    /** The RDP second try: X.224 negotiation again, then the partial TLS 1.0-1.2 handshake. */
    public static TcpConversation rdp() {
        return new RdpTlsConversation(new LegacyTlsConversation());
    }
}
