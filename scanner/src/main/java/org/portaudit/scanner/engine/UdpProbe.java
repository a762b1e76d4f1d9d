package org.portaudit.scanner.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.Sanitize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP probe on a connected datagram channel: a reply is open, ICMP port unreachable (surfacing as
 * PortUnreachableException) is closed, silence after every try is open|filtered. Each datagram is
 * booked with the {@link HostPacer} first.
 */
final class UdpProbe extends Probe {
    private static final Logger LOG = LoggerFactory.getLogger(UdpProbe.class);
    /** How much of an unrecognised reply is kept as evidence. */
    static final int PREVIEW_BYTES = 64;

    private final String probeName;
    private long sentNanos;
    private ScheduledFuture<?> tryTimer;
    private boolean overBudget;

    UdpProbe(ProbeTask<?> task, ProbeRun<?> run, EventLoop loop) {
        super(task, run, loop);
        this.probeName = task.payloads().isEmpty() ? run.emptyProbeName()
                : "udp:" + task.payloads().stream().map(UdpPayload::name).collect(Collectors.joining("+"));
    }

    @Override
    void begin() {
        later(book(0), this::open);
    }

    @Override
    void cancelTimers() {
        if (tryTimer != null) {
            tryTimer.cancel(false);
        }
    }

    /** Books the next datagram with the host pacer and the global rate; returns the wait. */
    private long book(long rateDelay) {
        HostPacer.Slot slot = run.pacer().book(task.target());
        overBudget |= !slot.withinBudget();
        long delay = Math.max(slot.delayNanos(), rateDelay);
        pacedNanos += delay;
        return delay;
    }

    private void open() {
        if (done) {
            return;
        }
        ChannelFuture cf = run.bootstrap(task, loop)
                .handler(new UdpProbeHandler(this))
                .connect(new InetSocketAddress(task.target(), task.port()));
        channel = cf.channel();
        cf.addListener((ChannelFuture f) -> {
            if (done) {
                f.channel().close();
            } else if (f.isSuccess() && SelfConnect.is(f.channel().localAddress(), f.channel().remoteAddress())) {
                selfConnected();
            } else if (f.isSuccess()) {
                send();
            } else {
                onError(f.cause());
            }
        });
    }

    /**
     * The kernel gave the probe socket the target port itself as its source port: a datagram would
     * come straight back to it and look like a reply. The port was free for the kernel to hand out,
     * so nothing listens there: closed, and nothing is sent.
     */
    private void selfConnected() {
        finish(PortState.CLOSED, -1, new Evidence(probeName, "self-connect: the probe socket was given the"
                + " target port as its own source port (" + channel.localAddress() + "), so nothing else listens"
                + " there; not sent, counted as closed", false,
                details("local", String.valueOf(channel.localAddress()))), null, false);
    }

    private void send() {
        if (done) {
            return;
        }
        attempts++;
        sentNanos = System.nanoTime();
        ChannelFutureListener onWrite = f -> {
            if (!f.isSuccess()) {
                onError(f.cause());
            }
        };
        if (task.payloads().isEmpty()) {
            try {
                ChannelFuture f = Transports.sendEmpty(channel);
                if (f != null) {
                    f.addListener(onWrite);
                }
            } catch (IOException e) {
                onError(e);
                return;
            }
        }
        for (UdpPayload p : task.payloads()) {
            ByteBuf request;
            try {
                request = p.request(channel.alloc());
            } catch (RuntimeException e) {
                fail(new IllegalStateException("udp payload '" + p.name() + "' failed to build its request", e));
                return;
            }
            channel.write(request).addListener(onWrite);
        }
        channel.flush();
        tryTimer = loop.schedule(this::silence, run.config().timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void silence() {
        if (done) {
            return;
        }
        if (attempts <= run.config().retries()) {
            later(book(run.reserveRate()), this::send);
            return;
        }
        String summary = "no reply after " + tries(attempts) + " of " + ms(run.config().timeout().toNanos());
        Map<String, String> details = details("attempts", String.valueOf(attempts));
        if (overBudget) {
            String why = "the host's ICMP error budget (" + run.config().udpHostBurst() + " at once, then "
                    + run.config().udpHostPerSecond() + "/s) was spent during the tries, so an ICMP port"
                    + " unreachable may have been rate-limited away: the port may be closed";
            summary += "; " + why;
            details.put("icmp-rate-limit", why);
        }
        finish(PortState.OPEN_FILTERED, -1, new Evidence(probeName, summary, false, details), null, overBudget);
    }

    void onReply(ByteBuf content) {
        if (done) {
            return;
        }
        long rtt = System.nanoTime() - sentNanos;
        int length = content.readableBytes();
        Evidence service = null;
        for (UdpPayload p : task.payloads()) {
            Optional<Evidence> e;
            try {
                e = p.match(content.duplicate());
            } catch (RuntimeException ex) {
                LOG.debug("udp payload '{}' threw on a reply from {}", p.name(), task.endpoint(), ex);
                continue;
            }
            if (e != null && e.isPresent() && (service == null || !service.matched() && e.get().matched())) {
                service = e.get();
            }
            if (service != null && service.matched()) {
                break;
            }
        }
        boolean cut = length >= run.config().maxDatagramBytes();
        Map<String, String> details = details("rtt-ms", ms(rtt), "attempts", String.valueOf(attempts),
                "reply-bytes", cut ? "at least " + length + " (cut off)" : String.valueOf(length));
        if (service == null) {
            int n = Math.min(length, PREVIEW_BYTES);
            byte[] head = new byte[n];
            content.getBytes(content.readerIndex(), head);
            details.put("reply-text", Sanitize.bytes(head, PREVIEW_BYTES));
            details.put("reply-hex", ByteBufUtil.hexDump(head));
        }
        String summary = "reply of " + (cut ? "at least " : "") + length + " bytes in " + ms(rtt)
                + (service == null && !task.payloads().isEmpty() ? ", not recognised by the payload" : "");
        finish(PortState.OPEN, rtt, new Evidence(probeName, summary, true, details), service, false);
    }

    void onError(Throwable cause) {
        if (done) {
            return;
        }
        long rtt = System.nanoTime() - sentNanos;
        Failures.Verdict v = Failures.classify(cause, true);
        if (v == null) {
            fail(cause);
            return;
        }
        boolean answered = !v.silence() && attempts > 0;
        finish(v.state(), answered ? rtt : -1, new Evidence(probeName, v.what()
                + (answered ? " in " + ms(rtt) : "") + (attempts > 1 ? " (try " + attempts + ")" : ""),
                !v.silence(), details("errno", v.errno(), "note", v.note(), "attempts", String.valueOf(attempts),
                        "error", Failures.describe(cause))), null, false);
    }
}
