package org.portaudit.scanner.audit;

import java.util.Set;
import org.portaudit.reports.model.FindingKind;

/**
 * How results become findings: which kinds fail the run, and when a certificate counts as
 * expiring.
 */
public record Judgement(Set<FindingKind> failOn, int certWarnDays) {
    public static final Set<FindingKind> DEFAULT_FAIL_ON = Set.of(FindingKind.REQUIRED_BLOCKED,
            FindingKind.UNEXPECTED_OPEN, FindingKind.FORBIDDEN_OPEN, FindingKind.WRONG_SERVICE, FindingKind.CERTIFICATE);

    public Judgement {
        failOn = Set.copyOf(failOn);
    }
}
