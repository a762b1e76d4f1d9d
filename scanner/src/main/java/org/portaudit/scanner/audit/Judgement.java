package org.portaudit.scanner.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import org.portaudit.reports.model.FindingKind;

/**
 * How results become findings: which kinds fail the run, when a certificate counts as expiring,
 * the audit policy, and the clock whose date decides which policy exceptions have expired.
 * {@code forbidden-open} always fails, whatever {@code failOn} says: the policy forbids the port.
 */
public record Judgement(Set<FindingKind> failOn, int certWarnDays, Policy policy, Clock clock) {
    public static final Set<FindingKind> DEFAULT_FAIL_ON = Set.of(FindingKind.REQUIRED_BLOCKED,
            FindingKind.UNEXPECTED_OPEN, FindingKind.FORBIDDEN_OPEN, FindingKind.WRONG_SERVICE, FindingKind.CERTIFICATE,
            FindingKind.MISCONFIGURED, FindingKind.WEAK_TLS);

    public Judgement {
        failOn = Set.copyOf(failOn);
    }

    /** The built-in policy, judged today. */
    public Judgement(Set<FindingKind> failOn, int certWarnDays) {
        this(failOn, certWarnDays, Policy.builtIn(), Clock.systemDefaultZone());
    }

    /** The run's date: exceptions expiring before it no longer apply. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** True when a finding of this kind makes the host non-compliant. */
    public boolean fails(FindingKind kind) {
        return kind == FindingKind.FORBIDDEN_OPEN || failOn.contains(kind);
    }
}
