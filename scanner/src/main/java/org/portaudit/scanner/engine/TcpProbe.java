package org.portaudit.scanner.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

/**
 * A TCP connect probe: connected is open (then the conversation, if any, under hard limits), RST is
 * closed, silence until the connect timeout is filtered (retried), ICMP unreachable is unreachable.
 * The connect timeout is the host's (see {@link HostPacer.Host#connectTimeoutNanos(int)}): every SYN-ACK
 * and RST is a round-trip sample. A conversation after the connect keeps its own limit.
 */
final class TcpProbe extends Probe {
    private static final String PROBE = "tcp-connect";

    private long sentNanos;
    private long waitedNanos;
    private long connectRtt;
    private Evidence connectEvidence;
    private Promise<Evidence> conversation;
    private ScheduledFuture<?> conversationTimer;
    private Throwable conversationError;

    TcpProbe(ProbeTask<?> task, ProbeRun<?> run, EventLoop loop) {
        super(task, run, loop);
    }

    @Override
    void begin() {
        connect();
    }

    @Override
    void cancelTimers() {
        if (conversationTimer != null) {
            conversationTimer.cancel(false);
        }
    }

    private void connect() {
        if (done) {
            return;
        }
        attempts++;
        Channel ch;
        try {
            ch = run.newTcpChannel(task);
        } catch (RuntimeException e) {
            fail(e); // no socket could be made: this machine's problem (out of descriptors ...)
            return;
        }
        channel = ch;
        // The engine's deadline, not Netty's: it follows the host's round trip (armDeadline).
        ch.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0);
        ch.pipeline().addFirst(CloseOutsideReads.NAME, CloseOutsideReads.INSTANCE);
        ch.pipeline().addLast(new TailHandler(this::onConversationError));
        // On the loop already, so the registration completes before register() returns.
        ChannelFuture reg = loop.register(ch);
        if (!reg.isSuccess()) {
            ch.unsafe().closeForcibly();
            fail(reg.cause() != null ? reg.cause() : new IllegalStateException("channel registration did not complete"));
            return;
        }
        sentNanos = System.nanoTime();
        ch.connect(new InetSocketAddress(task.target(), task.port())).addListener((ChannelFuture f) -> connected(f));
        if (!done && channel == ch) {
            armDeadline(sentNanos, () -> host.connectTimeoutNanos(attempts), () -> timedOut(ch));
        }
    }

    /** No SYN-ACK nor RST within the host's timeout: the connect is abandoned, like a kernel timeout. */
    private void timedOut(Channel ch) {
        if (done || ch != channel) {
            return;
        }
        waitedNanos = System.nanoTime() - sentNanos;
        channel = null; // its connect future fails on close; connected() ignores a channel that is not current
        ch.close();
        connectFailed(new ConnectTimeoutException("no answer within " + ms(waitedNanos)), -1);
    }

    private void connected(ChannelFuture f) {
        long rtt = System.nanoTime() - sentNanos;
        if (done || f.channel() != channel) {
            f.channel().close();
            return;
        }
        cancelDeadline();
        if (!f.isSuccess()) {
            connectFailed(f.cause(), rtt);
            return;
        }
        host.sampleTransport(rtt);
        Channel ch = f.channel();
        if (SelfConnect.is(ch.localAddress(), ch.remoteAddress())) {
            finish(PortState.CLOSED, rtt, new Evidence(PROBE, "self-connect: the socket connected to itself ("
                    + ch.localAddress() + "), which happens on loopback when nothing listens and the kernel"
                    + " picks the target port as the source port; not open, counted as closed", false,
                    details("local", String.valueOf(ch.localAddress()))), null, false);
            return;
        }
        // Close with RST, not FIN: a sweep of open ports must not fill the ephemeral range with TIME_WAIT.
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        connectRtt = rtt;
        connectEvidence = new Evidence(PROBE, "SYN-ACK in " + ms(rtt) + afterTries(), true,
                details("attempts", attempts));
        if (task.conversation() == null) {
            finish(PortState.OPEN, rtt, connectEvidence, null, false);
        } else {
            converse(ch);
        }
    }

    private void connectFailed(Throwable cause, long rtt) {
        Failures.Verdict v = Failures.classify(cause, false);
        if (v == null) {
            fail(cause);
            return;
        }
        if (v.state() == PortState.CLOSED && !v.silence()) {
            host.sampleTransport(rtt); // an RST is as good a round trip as a SYN-ACK
        }
        if (v.silence() && attempts <= run.config().retries()) {
            long delay = run.reserveRate();
            pacedNanos += delay;
            later(delay, this::connect);
            return;
        }
        boolean ours = cause instanceof ConnectTimeoutException && waitedNanos > 0;
        String summary = v.silence()
                ? v.what() + " to SYN after " + tries(attempts) + (ours ? " (the last waited " + ms(waitedNanos)
                        + ", from the host's round trip)" : "")
                : v.what() + " in " + ms(rtt) + afterTries();
        finish(v.state(), v.silence() ? -1 : rtt, new Evidence(PROBE, summary, !v.silence(),
                details("errno", v.errno(), "note", v.note(), "attempts", attempts,
                        "timeoutMs", ours ? Math.round(waitedNanos / 1e6) : null,
                        "error", v.silence() || v.state() == PortState.CLOSED ? null : Failures.beyond(cause, v, false))),
                null, false);
    }

    private String afterTries() {
        return attempts > 1 ? " (try " + attempts + ")" : "";
    }

    private void converse(Channel ch) {
        EngineConfig cfg = run.config();
        String name = task.conversation().name();
        ch.pipeline().addAfter(CloseOutsideReads.NAME, "portaudit-byte-limit",
                new ByteLimitHandler(cfg.conversationMaxBytes(), () -> endConversation(Evidence.of(name,
                        "cut off: the peer sent more than " + cfg.conversationMaxBytes() + " bytes", false))));
        conversation = loop.newPromise();
        conversation.addListener((Future<Evidence> f) -> conversationDone(f, name));
        conversationTimer = loop.schedule(() -> endConversation(Evidence.of(name, "cut off: no conclusion within "
                + ms(cfg.conversationTimeout().toNanos()), false)), cfg.conversationTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        // Runs after Netty has fired channelInactive through the conversation's handlers, so that
        // their own account of a closed connection wins over this generic one.
        ch.closeFuture().addListener(f -> loop.execute(() -> loop.execute(() -> endConversation(Evidence.of(name,
                "the peer closed the connection before the conversation concluded"
                        + (conversationError == null ? "" : " (" + Failures.describe(conversationError) + ")"),
                false)))));
        try {
            task.conversation().start(ch, conversation);
        } catch (RuntimeException e) {
            endConversation(Evidence.of(name, "conversation failed: " + Failures.describe(e), false));
        }
    }

    private void conversationDone(Future<Evidence> f, String name) {
        if (f.isSuccess()) {
            Evidence e = f.getNow();
            endConversation(e != null ? e : Evidence.of(name, "the conversation ended without evidence", false));
        } else if (!(f.cause() instanceof ConversationCutOff)) {
            endConversation(Evidence.of(name, "conversation failed: " + Failures.describe(f.cause()), false));
        }
    }

    private void onConversationError(Throwable cause) {
        if (conversationError == null) {
            conversationError = cause;
        }
        if (channel != null) {
            channel.close();
        }
    }

    private void endConversation(Evidence service) {
        if (done) {
            return;
        }
        if (conversation != null) {
            conversation.tryFailure(new ConversationCutOff()); // no-op when it concluded
        }
        finish(PortState.OPEN, connectRtt, connectEvidence, service, false);
    }

    /** Completes a conversation's promise when the engine ended it first, so its handlers can stop. */
    static final class ConversationCutOff extends TimeoutException {
        ConversationCutOff() {
            super("the probe engine ended the conversation");
        }
    }
}
