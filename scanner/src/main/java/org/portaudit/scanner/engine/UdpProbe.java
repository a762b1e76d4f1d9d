package org.portaudit.scanner.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.Sanitize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP probe on a connected datagram channel: a reply is open, ICMP port unreachable (surfacing as
 * PortUnreachableException) is closed, silence after every try is open|filtered. The first try goes
 * out at once; a retry is paced to the host's ICMP budget only when the ICMP errors that came back
 * say the host could have run out (see {@link HostPacer}). A try waits the host's timeout: its
 * services' reply time for a request, its kernel's round trip for an empty datagram.
 *
 * <p>When a payload's server answers from another port ({@link UdpPayload#repliesFromAnotherPort()},
 * TFTP), the channel is not connected: it is bound to a port of its own (no SO_REUSEADDR or
 * SO_REUSEPORT, so no other socket shares it) and sends to the target. A datagram counts only when it
 * comes from the target's address: from the probed port any reply, as on a connected channel, from
 * another port only one a payload accepts as the answer to its request; anything else is ignored
 * (and counted in the evidence). Linux reports ICMP errors on such a socket only with IP_RECVERR,
 * which the epoll transport sets; on NIO a closed port stays silent, and the evidence says so.
 */
final class UdpProbe extends Probe {
    private static final Logger LOG = LoggerFactory.getLogger(UdpProbe.class);
    /** How much of an unrecognised reply is kept as evidence. */
    static final int PREVIEW_BYTES = 64;

    private final String probeName;
    private long sentNanos;
    /** The budget looked spent when the current try was sent. */
    private boolean emptyWhenSent;
    /** The current try was a paced retry with a token booked for its ICMP error. */
    private boolean booked;
    /** Replies may come from any port of the target: the channel is bound, not connected. */
    private final boolean anyPort;
    /** Rebinds because the kernel gave the unconnected socket the target port as its own. */
    private int rebinds;
    /** Datagrams that reached the unconnected socket and were not taken as the reply. */
    private int ignored;

    UdpProbe(ProbeTask<?> task, ProbeRun<?> run, EventLoop loop) {
        super(task, run, loop);
        this.probeName = task.payloads().isEmpty() ? run.emptyProbeName()
                : "udp:" + task.payloads().stream().map(UdpPayload::name).collect(Collectors.joining("+"));
        this.anyPort = task.payloads().stream().anyMatch(UdpPayload::repliesFromAnotherPort);
    }

    @Override
    void begin() {
        open();
    }

    @Override
    void cancelTimers() {
        // the only timer is the deadline, which Probe cancels
    }

    private long timeoutNanos() {
        return task.payloads().isEmpty() ? host.connectTimeoutNanos(attempts)
                : host.replyTimeoutNanos(attempts > run.config().retries());
    }

    private void open() {
        if (done) {
            return;
        }
        Bootstrap b = run.bootstrap(task, loop).handler(new UdpProbeHandler(this));
        ChannelFuture cf;
        if (anyPort) {
            ChannelOption<Integer> recvErr = run.icmpErrorsOnUnconnected(task);
            if (recvErr != null) {
                b.option(recvErr, 1);
            }
            cf = b.bind(new InetSocketAddress(wildcard(), 0));
        } else {
            cf = b.connect(new InetSocketAddress(task.target(), task.port()));
        }
        channel = cf.channel();
        channel.pipeline().addFirst(CloseOutsideReads.NAME, CloseOutsideReads.INSTANCE);
        cf.addListener((ChannelFuture f) -> {
            if (done) {
                f.channel().close();
            } else if (f.isSuccess() && anyPort && ownPortIsTargetPort(f.channel().localAddress())) {
                // Sent from the target port itself, a datagram to a local target would come back to
                // this socket from the probed port and pass as a reply: take another port.
                f.channel().close();
                if (++rebinds > 8) {
                    selfConnected();
                } else {
                    open();
                }
            } else if (f.isSuccess() && SelfConnect.is(f.channel().localAddress(), f.channel().remoteAddress())) {
                selfConnected();
            } else if (f.isSuccess()) {
                send();
            } else {
                onError(f.cause());
            }
        });
    }

    private InetAddress wildcard() {
        try {
            return InetAddress.getByAddress(new byte[task.target() instanceof Inet6Address ? 16 : 4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // a literal of the right length cannot fail
        }
    }

    private boolean ownPortIsTargetPort(java.net.SocketAddress local) {
        return local instanceof InetSocketAddress l && l.getPort() == task.port();
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
        emptyWhenSent = host.spentNow();
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
            Object datagram = anyPort ? new DatagramPacket(request, new InetSocketAddress(task.target(), task.port()))
                    : request;
            channel.write(datagram).addListener(onWrite);
        }
        channel.flush();
        armDeadline(sentNanos, this::timeoutNanos, this::silence);
    }

    private void silence() {
        if (done) {
            return;
        }
        long waited = System.nanoTime() - sentNanos;
        if (attempts <= run.config().retries()) {
            HostPacer.Retry retry = host.retry(sentNanos, emptyWhenSent);
            long delay = Math.max(retry.delayNanos(), run.reserveRate());
            booked = retry.paced();
            pacedNanos += delay;
            later(delay, this::send);
            return;
        }
        boolean suspect = host.maySuppress(sentNanos, booked, emptyWhenSent);
        String summary = "no reply after " + tries(attempts) + " (the last waited " + ms(waited) + ")";
        String why = null;
        if (suspect) {
            why = "the host's ICMP error budget (" + run.config().udpHostBurst() + " at once, then "
                    + run.config().udpHostPerSecond() + "/s) may have been spent: " + host.errorsSeen()
                    + " ICMP errors came back from it, as many as the budget holds, so an ICMP port"
                    + " unreachable may have been rate-limited away: the port may be closed";
            summary += "; " + why;
        }
        Map<String, Object> details = details("attempts", attempts, "timeoutMs", Math.round(waited / 1e6),
                "icmpRateLimit", why);
        listenedDetails(details);
        if (anyPort && run.icmpErrorsOnUnconnected(task) == null) {
            details.put("icmpNotHeard", "the reply may come from another port, so the probe's socket was not"
                    + " connected, and the NIO transport cannot ask for ICMP errors on such a socket: a closed"
                    + " port looks like this silence");
        }
        finish(PortState.OPEN_FILTERED, -1, new Evidence(probeName, summary, false, details), null, suspect);
    }

    /** What the unconnected socket listened for, and what it ignored. */
    private void listenedDetails(Map<String, Object> details) {
        if (anyPort) {
            details.put("listenedTo", "any port of " + task.target().getHostAddress());
            if (ignored > 0) {
                details.put("ignoredDatagrams", ignored);
            }
        }
    }

    /**
     * A datagram on the probe's channel; {@code sender} is where it came from (null when the
     * transport did not say, which only a connected channel may).
     */
    void onReply(ByteBuf content, InetSocketAddress sender) {
        if (done) {
            return;
        }
        boolean otherPort = false;
        if (anyPort) {
            if (sender == null || sender.getAddress() == null || !SelfConnect.normalise(sender.getAddress())
                    .equals(SelfConnect.normalise(task.target()))) {
                ignored++; // another host: never the reply, whatever it says
                LOG.debug("udp probe of {} ignored a datagram from {}", task.endpoint(), sender);
                return;
            }
            otherPort = sender.getPort() != task.port();
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
        if (otherPort && (service == null || !service.matched())) {
            ignored++; // from another port of the target, and not an answer to our request
            LOG.debug("udp probe of {} ignored a datagram from {} that no payload took as its reply",
                    task.endpoint(), sender);
            return;
        }
        if (attempts == 1) {
            host.service.sample(rtt); // after a retry the reply may answer either try (Karn)
        }
        boolean cut = length >= run.config().maxDatagramBytes();
        Map<String, Object> details = details("attempts", attempts, "replyBytes", length,
                "replyCutOff", cut ? Boolean.TRUE : null, "replyPort", otherPort ? sender.getPort() : null);
        listenedDetails(details);
        if (service == null) {
            int n = Math.min(length, PREVIEW_BYTES);
            byte[] head = new byte[n];
            content.getBytes(content.readerIndex(), head);
            details.put("replyText", Sanitize.bytes(head, PREVIEW_BYTES));
            details.put("replyHex", ByteBufUtil.hexDump(head));
        }
        String summary = "reply of " + (cut ? "at least " : "") + length + " bytes in " + ms(rtt)
                + (otherPort ? " from port " + sender.getPort() + " (the server's own transfer port)" : "")
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
        if (answered && v.state() == PortState.CLOSED) {
            host.icmpError(booked); // evidence of the host's ICMP budget being spent
            if (attempts == 1) {
                host.sampleTransport(rtt);
            }
        }
        Map<String, Object> details = details("errno", v.errno(), "note", v.note(), "attempts", attempts,
                "error", Failures.beyond(cause, v, true));
        listenedDetails(details);
        finish(v.state(), answered ? rtt : -1, new Evidence(probeName, v.what()
                + (answered ? " in " + ms(rtt) : "") + (attempts > 1 ? " (try " + attempts + ")" : ""),
                !v.silence(), details), null, false);
    }
}
