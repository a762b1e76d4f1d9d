package org.portaudit.scanner.probes.tcp;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * A TLS handshake for inspection (LDAPS, global catalog over TLS, HTTPS, IMAPS, POP3S, NNTPS,
 * SMTPS; RDP after its X.224 negotiation): every server certificate is accepted, nothing is sent
 * after the handshake. Reports the leaf certificate's subject, issuer, SANs, validity and the days
 * left (against an injectable clock), with the negotiated protocol and cipher suite.
 */
final class TlsConversation implements TcpConversation {
    static final String NAME = "tls";
    /** Bound on the bytes read during one handshake (certificate chains are far smaller). */
    static final int MAX_BYTES = 64 * 1024;

    private final Clock clock;
    private final InspectingTrustManager trust = new InspectingTrustManager();
    private final SslContext context;

    TlsConversation() {
        this(Clock.systemUTC());
    }

    TlsConversation(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.context = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .trustManager(trust)
                    .endpointIdentificationAlgorithm(null)
                    .protocols("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("the JDK cannot make a TLS client context", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        startTls(channel, result, NAME, Map.of());
    }

    /**
     * Starts the handshake on {@code channel} (which may already have carried another protocol's
     * negotiation, whose facts are {@code prior}) and completes {@code result} as {@code probe}.
     */
    void startTls(Channel channel, Promise<Evidence> result, String probe, Map<String, Object> prior) {
        SslHandler ssl;
        if (channel.remoteAddress() instanceof InetSocketAddress peer) {
            // A host name becomes the SNI; the JDK sends none for an address literal.
            ssl = context.newHandler(channel.alloc(), peer.getHostString(), peer.getPort());
        } else {
            ssl = context.newHandler(channel.alloc());
        }
        TlsInspectionHandler inspect = new TlsInspectionHandler(probe, prior, result, trust, clock);
        FirstBytesRecorder recorder = new FirstBytesRecorder(Replies.PREVIEW_BYTES, MAX_BYTES, inspect::overflow);
        inspect.watch(ssl, recorder);
        channel.pipeline().addLast("tls-recorder", recorder);
        channel.pipeline().addLast("tls-inspect", inspect);
        channel.pipeline().addBefore("tls-inspect", "tls", ssl);
    }
}
