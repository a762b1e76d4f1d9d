package org.portaudit.reports.model;

import java.util.List;

/**
 * The audit policy a set of hosts was judged with.
 *
 * @param group      the inventory group it applied to ({@code audit}); null for {@code scan}
 * @param file       the policy file, or null when only the built-in defaults applied
 * @param date       the day exceptions were judged against (YYYY-MM-DD)
 * @param builtIn    the built-in defaults in force (those no {@code all:} rule of the file allows)
 * @param exceptions the exceptions in force on that day
 * @param expired    the exceptions that had expired by that day and no longer apply
 */
public record PolicySummary(String group, String file, String date, List<PolicyRule> builtIn,
                            List<PolicyRule> exceptions, List<PolicyRule> expired) {
    public PolicySummary {
        group = Sanitize.text(group, 256);
        file = Sanitize.text(file, 1024);
        date = Sanitize.text(date, 32);
        builtIn = builtIn == null ? List.of() : List.copyOf(builtIn);
        exceptions = exceptions == null ? List.of() : List.copyOf(exceptions);
        expired = expired == null ? List.of() : List.copyOf(expired);
    }

    /** The same summary, for an inventory group. */
    public PolicySummary forGroup(String g) {
        return new PolicySummary(g, file, date, builtIn, exceptions, expired);
    }
}
