package org.portaudit.scanner.probes.tcp;

import java.util.Objects;
import org.portaudit.reports.model.Evidence;

/** What a reply decoder concluded from the bytes seen so far: wait for more, or this evidence. */
final class Verdict {
    /** The bytes so far are a valid prefix of a reply; wait for more (or for the peer to close). */
    static final Verdict NEED_MORE = new Verdict(null);

    private final Evidence evidence;

    private Verdict(Evidence evidence) {
        this.evidence = evidence;
    }

    static Verdict done(Evidence evidence) {
        return new Verdict(Objects.requireNonNull(evidence, "evidence"));
    }

    boolean isDone() {
        return evidence != null;
    }

    Evidence evidence() {
        return evidence;
    }
}
