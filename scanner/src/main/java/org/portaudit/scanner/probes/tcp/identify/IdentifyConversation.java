package org.portaudit.scanner.probes.tcp.identify;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.Failures;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * One step of identifying an unexpected open port, on one connection: optionally wait for a server-first
 * greeting (and judge it with {@link Greetings}), then, if the server kept silent, one client-first check,
 * within its own reply wait. The evidence it gives is always probe {@value #NAME}, with details {@code via}
 * (greeting or the check's name), {@code service} when the evidence names one, {@code conclusive} when no
 * further check is worth making (a greeting was seen, or the peer closed at once), and {@code answered}
 * when the check got bytes of some other protocol.
 */
final class IdentifyConversation implements TcpConversation {
    static final String NAME = "identify";

    private final Duration greetingWait;
    private final int greetingBytes;
    private final Check check;
    private final Duration replyWait;

    /** A client-first check and the service its matched evidence names. */
    record Check(String service, TcpConversation conversation) {
    }

    /**
     * @param greetingWait zero to skip the greeting (a later step: a server that greets did so on the first)
     * @param check        what to send when the server is silent; null for the greeting alone
     */
    IdentifyConversation(Duration greetingWait, int greetingBytes, Check check, Duration replyWait) {
        this.greetingWait = greetingWait;
        this.greetingBytes = greetingBytes;
        this.check = check;
        this.replyWait = replyWait;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The check this step makes, or null. */
    Check check() {
        return check;
    }

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        if (greetingWait.isZero()) {
            send(channel, result);
            return;
        }
        long started = System.nanoTime();
        ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
        Collector[] self = new Collector[1];
        Collector greeting = new Collector(greetingBytes, (buf, n, why) -> {
            if (result.isDone()) {
                return;
            }
            if (n == 0 && why == Collector.Why.TIME) {
                channel.pipeline().remove("identify-greeting");
                send(channel, result);
                return;
            }
            if (n == 0) {
                timer[0].cancel(false);
                result.trySuccess(evidence(null, "the peer closed the connection at once, without a greeting",
                        "greeting", true, false, Map.of()));
                return;
            }
            Greetings.Recognition r = Greetings.recognise(buf, n, why != Collector.Why.DATA);
            if (r == Greetings.NEED_MORE) {
                long left = greetingWait.toNanos() - (System.nanoTime() - started);
                if (left < TimeUnit.MILLISECONDS.toNanos(250)) { // bytes came late: give the line time to end
                    timer[0].cancel(false);
                    timer[0] = channel.eventLoop().schedule(self[0]::finish, 250, TimeUnit.MILLISECONDS);
                }
                return;
            }
            timer[0].cancel(false);
            result.trySuccess(evidence(r.service(), r.summary(), "greeting", true, true, r.details()));
        });
        self[0] = greeting;
        channel.pipeline().addLast("identify-greeting", greeting);
        timer[0] = channel.eventLoop().schedule(greeting::finish, greetingWait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void send(Channel channel, Promise<Evidence> result) {
        if (check == null) {
            result.trySuccess(evidence(null, "no greeting within " + greetingWait.toMillis() + " ms", "greeting",
                    false, false, Map.of()));
            return;
        }
        String name = check.conversation().name();
        Promise<Evidence> inner = channel.eventLoop().newPromise();
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            Collector c = channel.pipeline().get(Collector.class);
            if (c != null) {
                c.finish(); // its check judges what came
            }
            inner.trySuccess(Evidence.of(name, "no conclusion within " + replyWait.toMillis() + " ms", false));
        }, replyWait.toNanos(), TimeUnit.NANOSECONDS);
        inner.addListener(f -> {
            timer.cancel(false);
            Evidence e = f.isSuccess() && f.getNow() != null ? (Evidence) f.getNow()
                    : Evidence.of(name, "check failed: " + Failures.describe(f.cause()), false);
            result.trySuccess(fromCheck(e));
        });
        try {
            check.conversation().start(channel, inner);
        } catch (RuntimeException e) {
            inner.trySuccess(Evidence.of(name, "check failed: " + Failures.describe(e), false));
        }
    }

    private Evidence fromCheck(Evidence e) {
        boolean answered = e.number("replyBytes").orElse(0) > 0 || e.matched();
        String summary = (greetingWait.isZero() ? "" : "no greeting within " + greetingWait.toMillis() + " ms; ")
                + e.probe() + ": " + e.summary();
        return evidence(e.matched() ? check.service() : null, summary, e.probe(), false, answered, e.details());
    }

    static Evidence evidence(String service, String summary, String via, boolean conclusive, boolean answered,
                             Map<String, ?> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (service != null) {
            d.put("service", service);
        }
        d.put("via", via);
        d.put("conclusive", conclusive || service != null);
        d.put("answered", answered);
        details.forEach(d::putIfAbsent);
        return new Evidence(NAME, summary, service != null, d);
    }
}
