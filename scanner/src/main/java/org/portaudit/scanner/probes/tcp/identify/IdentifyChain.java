package org.portaudit.scanner.probes.tcp.identify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * The steps of identifying one port, one connection each: the greeting wait with the first check, then the
 * other checks while none has named the service, until one does, a greeting ends it, the checks run out or the
 * port's time budget is spent. Plain state, no network: its owner runs each {@link #next()} conversation and
 * hands back what it found. Not thread-safe.
 */
public final class IdentifyChain {
    private final List<IdentifyConversation> steps;
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
        this.steps = List.copyOf(steps);
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

    /** The port was not open on the step's connect (it closed since the sweep): identification ends. */
    public void notOpen(String state) {
        if (!over) {
            next++;
            over = true;
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
