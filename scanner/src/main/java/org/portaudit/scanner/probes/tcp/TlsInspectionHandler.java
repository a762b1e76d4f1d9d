package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TlsFailure;

/**
 * Behind the SslHandler: turns the handshake's outcome into evidence. A failed handshake whose
 * peer answered with TLS records (an alert, a protocol we do not offer) is still TLS (matched);
 * a peer that answered with anything else is not.
 */
final class TlsInspectionHandler extends ChannelInboundHandlerAdapter {
    private final String probe;
    private final Map<String, Object> prior;
    private final Promise<Evidence> result;
    private final InspectingTrustManager trust;
    private final Clock clock;
    private SslHandler ssl;
    private FirstBytesRecorder recorder;

    TlsInspectionHandler(String probe, Map<String, Object> prior, Promise<Evidence> result,
            InspectingTrustManager trust, Clock clock) {
        this.probe = probe;
        this.prior = prior;
        this.result = result;
        this.trust = trust;
        this.clock = clock;
    }

    void watch(SslHandler sslHandler, FirstBytesRecorder firstBytes) {
        this.ssl = sslHandler;
        this.recorder = firstBytes;
    }

    /** Called by the recorder when the peer sent more than the bound. */
    void overflow() {
        trust.take(ssl.engine());
        result.trySuccess(Replies.mismatch(probe, "no TLS handshake within " + TlsConversation.MAX_BYTES + " bytes",
                recorder.first()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            try {
                if (done.isSuccess()) {
                    succeeded();
                } else {
                    failed(done.cause());
                }
            } catch (RuntimeException e) {
                result.trySuccess(Evidence.of(probe, "TLS inspection failed: " + TlsFailure.describe(e), false));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // we never asked for application data
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!result.isDone()) {
            failed(new java.nio.channels.ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    private void succeeded() {
        SSLSession session = ssl.engine().getSession();
        X509Certificate[] taken = trust.take(ssl.engine());
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            chain = taken;
        }
        Map<String, Object> details = new LinkedHashMap<>(prior);
        details.put("protocol", session.getProtocol());
        details.put("cipher", session.getCipherSuite());
        StringBuilder summary = new StringBuilder(session.getProtocol()).append(' ').append(session.getCipherSuite());
        if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
            details.put("chainLength", chain.length);
            details.putAll(CertificateFacts.of(leaf, clock));
            summary.append(", certificate ").append(details.get("subject"))
                    .append(" expires ").append(details.get("notAfter"))
                    .append(" (").append(details.get("daysLeft")).append(" days left)");
        } else {
            summary.append(", no server certificate");
            details.put("tlsError", "the server sent no certificate");
        }
        result.trySuccess(new Evidence(probe, summary.toString(), true, details));
    }

    private void failed(Throwable cause) {
        if (result.isDone()) {
            return;
        }
        X509Certificate[] chain = trust.take(ssl.engine());
        ByteBuf first = recorder.first();
        String why = TlsFailure.describe(cause);
        Map<String, Object> details = new LinkedHashMap<>(prior);
        if (looksLikeTls(first)) {
            // TLS records came back, but without a completed handshake no certificate was checked: the
            // evidence says TLS (matched), and tlsError makes the judge report it.
            details.put("tlsError", why);
            if (chain != null && chain.length > 0) {
                details.putAll(CertificateFacts.of(chain[0], clock));
            }
            result.trySuccess(new Evidence(probe, "TLS handshake failed: " + why, true, details));
            return;
        }
        Evidence e = first.isReadable()
                ? Replies.mismatch(probe, "not TLS", first)
                : Evidence.of(probe, "no TLS reply (" + why + ")", false);
        details.putAll(e.details());
        result.trySuccess(new Evidence(probe, e.summary(), false, details));
    }

    /** A TLS record header: content type 20-24, version 3.x (SSL 3.0 to TLS 1.3 records). */
    static boolean looksLikeTls(ByteBuf b) {
        if (b.readableBytes() < 3) {
            return false;
        }
        int type = b.getUnsignedByte(b.readerIndex());
        return type >= 20 && type <= 24 && b.getUnsignedByte(b.readerIndex() + 1) == 3
                && b.getUnsignedByte(b.readerIndex() + 2) <= 4;
    }
}
