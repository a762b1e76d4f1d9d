package org.portaudit.scanner.probes.tcp.identify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.probes.tcp.LegacyTlsConversation;

/**
 * The steps of identifying one port, one connection each: the greeting wait with the first check, then the
 * other checks while none has named the service, until one does, a greeting ends it, the checks run out or the
 * port's time budget is spent. A TLS check the JDK's handshake found no version or suite in common with (an
 * old server offering only TLS 1.0 or 1.1) gets one more step, the partial TLS 1.0-1.2 handshake that reads the
 * certificate ({@link LegacyTlsConversation}), as an expected TLS port does. Plain state, no network: its owner
 * runs each {@link #next()} conversation and hands back what it found. Not thread-safe.
 */
public final class IdentifyChain {
    /** The TLS check's service and probe name (the TLS conversations' own). */
    private static final String TLS = "tls";
    private final List<IdentifyConversation> steps;
    /** The partial-handshake step to add after a TLS check with no common ground; null for none. */
    private final IdentifyConversation legacyTls;
    /** The TLS check's evidence while its partial-handshake step runs. */
    private Evidence modernTls;
    private final long budgetNanos;
    private final LongSupplier nanos;
    private final List<String> silentTo = new ArrayList<>();
    private int next;
    private long started = -1;
    private boolean over;
    private Evidence decisive;
    private Evidence firstAnswer;
    private Evidence last;
    private String stoppedBy;

    IdentifyChain(List<IdentifyConversation> steps, long budgetNanos, LongSupplier nanos) {
        this(steps, null, budgetNanos, nanos);
    }

    IdentifyChain(List<IdentifyConversation> steps, IdentifyConversation legacyTls, long budgetNanos,
                  LongSupplier nanos) {
        this.steps = new ArrayList<>(steps);
        this.legacyTls = legacyTls;
        this.budgetNanos = budgetNanos;
        this.nanos = nanos;
        this.over = steps.isEmpty();
    }

    /** The conversation of the next step, or null when identification is over. */
    public TcpConversation next() {
        if (over) {
            return null;
        }
        if (started < 0) {
            started = nanos.getAsLong();
        }
        return steps.get(next);
    }

    /** What the step handed out last found (the service evidence of its probe; null when there was none). */
    public void record(Evidence e) {
        if (over) {
            return;
        }
        Evidence step = e != null ? e : Evidence.of(IdentifyConversation.NAME, "the step gave no evidence", false);
        last = step;
        String check = steps.get(next).check() == null ? null : steps.get(next).check().conversation().name();
        next++;
        if (modernTls != null) { // the partial handshake after the JDK's: one TLS verdict from both
            decisive = mergedTls(modernTls, step);
            over = true;
            return;
        }
        if (legacyTls != null && TLS.equals(step.text("service").orElse(null))
                && LegacyTlsConversation.worthRetrying(asTls(step))) {
            modernTls = step;
            steps.add(next, legacyTls);
            return;
        }
        if (step.matched() && step.text("service").isPresent() || step.flag("conclusive")) {
            decisive = step;
            over = true;
            return;
        }
        if (step.flag("answered")) {
            if (firstAnswer == null) {
                firstAnswer = step;
            }
        } else if (check != null) {
            silentTo.add(check);
        }
        if (next >= steps.size()) {
            over = true;
        } else if (nanos.getAsLong() - started >= budgetNanos) {
            over = true;
            stoppedBy = "identification stopped after its " + budgetNanos / 1_000_000 + " ms budget";
        }
    }

    /** A step's evidence as the TLS conversation's own, for the TLS helpers: its summary after "tls: ". */
    private static Evidence asTls(Evidence step) {
        String s = step.summary();
        int at = s.indexOf(TLS + ": ");
        String own = at < 0 ? s : s.substring(at + TLS.length() + 2);
        return new Evidence(TLS, own, step.matched(), step.details());
    }

    private static Evidence mergedTls(Evidence modern, Evidence legacy) {
        Evidence merged = LegacyTlsConversation.merge(asTls(modern), legacy == null ? null : asTls(legacy));
        String s = modern.summary();
        int at = s.indexOf(TLS + ": ");
        String prefix = at < 0 ? "" : s.substring(0, at);
        return IdentifyConversation.evidence(TLS, prefix + TLS + ": " + merged.summary(),
                TLS, true, true, merged.details());
    }

    /** The port was not open on the step's connect (it closed since the sweep): identification ends. */
    public void notOpen(String state) {
        if (!over) {
            next++;
            over = true;
            if (modernTls != null) { // the TLS check's verdict stands without its second try
                decisive = modernTls;
                return;
            }
            stoppedBy = "the port was " + state + " when connected again";
        }
    }

    public boolean over() {
        return over;
    }

    /** The conclusion; meaningful once {@link #over()}. */
    public Identification result() {
        if (decisive != null) {
            return new Identification(decisive.text("service").orElse(null), decisive.summary(), decisive);
        }
        String seen;
        if (firstAnswer != null) {
            seen = firstAnswer.summary();
        } else if (!silentTo.isEmpty()) {
            seen = "silent: no greeting and no answer to " + String.join(", ", silentTo);
        } else {
            seen = last != null ? last.summary() : "not identified";
        }
        if (stoppedBy != null) {
            seen = seen + " (" + stoppedBy + ")";
        }
        return new Identification(null, seen, firstAnswer != null ? firstAnswer : last);
    }
}
