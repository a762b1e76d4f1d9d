package org.portaudit.reports.model;

import java.util.List;

/** The options a run was made with, so a report says how it was obtained. */
public record RunOptions(List<String> targets, List<String> roles, String windows, String unexpected,
                         List<String> failOn, long timeoutMillis, int retries, int concurrency, int rate,
                         boolean connectOnly) {
    public RunOptions {
        targets = List.copyOf(targets);
        roles = List.copyOf(roles);
        failOn = List.copyOf(failOn);
    }
}
