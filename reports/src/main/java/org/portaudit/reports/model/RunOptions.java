package org.portaudit.reports.model;

import java.util.List;
import org.portaudit.catalog.Perspective;

/**
 * The options a run was made with, so a report says how it was obtained.
 *
 * @param domain the --domain given (DNS zone, Kerberos realm), or null
 * @param source where the observations came from when portaudit did not probe (an nmap XML report judged by
 *               {@code portaudit judge}); null for a scan or an audit, whose probes are portaudit's own
 * @param from   the perspectives asked for ({@code --from}; all four by default), in declaration order; empty
 *               in a report written before portaudit recorded them. An audit whose groups ask for different
 *               perspectives records their union; each host's rows say whom they serve.
 */
public record RunOptions(List<String> targets, List<String> roles, String windows, String unexpected,
                         List<FindingKind> failOn, long timeoutMillis, int retries, int concurrency, int rate,
                         boolean connectOnly, String domain, RunSource source, List<Perspective> from) {
    public RunOptions {
        from = RequirementRef.ordered(from);
        targets = targets == null ? List.of() : targets.stream().map(t -> Sanitize.text(t, 512)).toList();
        roles = roles == null ? List.of() : roles.stream().map(r -> Sanitize.text(r, 128)).toList();
        failOn = failOn == null ? List.of() : failOn.stream().sorted().toList();
        windows = Sanitize.text(windows, 32);
        unexpected = Sanitize.text(unexpected, 1024);
        domain = Sanitize.text(domain, 256);
    }

    /** Options without {@link #from()} recorded. */
    public RunOptions(List<String> targets, List<String> roles, String windows, String unexpected,
                      List<FindingKind> failOn, long timeoutMillis, int retries, int concurrency, int rate,
                      boolean connectOnly, String domain, RunSource source) {
        this(targets, roles, windows, unexpected, failOn, timeoutMillis, retries, concurrency, rate, connectOnly,
                domain, source, List.of());
    }

    /** The options of a run portaudit probed itself (no {@link #source()}). */
    public RunOptions(List<String> targets, List<String> roles, String windows, String unexpected,
                      List<FindingKind> failOn, long timeoutMillis, int retries, int concurrency, int rate,
                      boolean connectOnly, String domain) {
        this(targets, roles, windows, unexpected, failOn, timeoutMillis, retries, concurrency, rate, connectOnly,
                domain, null);
    }

    /** The same options over other targets and roles (an inventory's merged report). */
    public RunOptions with(List<String> targets, List<String> roles) {
        return new RunOptions(targets, roles, windows, unexpected, failOn, timeoutMillis, retries, concurrency, rate,
                connectOnly, domain, source, from);
    }

    /** The same options asking for other perspectives. */
    public RunOptions withFrom(java.util.Collection<Perspective> perspectives) {
        return new RunOptions(targets, roles, windows, unexpected, failOn, timeoutMillis, retries, concurrency, rate,
                connectOnly, domain, source, List.copyOf(perspectives));
    }
}
