package org.portaudit.scanner.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSource;
import org.portaudit.scanner.audit.AuditPlan;
import org.portaudit.scanner.audit.AuditRequest;
import org.portaudit.scanner.audit.Judge;
import org.portaudit.scanner.audit.Judgement;
import org.portaudit.scanner.audit.NmapResults;
import org.portaudit.scanner.audit.Policy;
import org.portaudit.scanner.audit.Protocols;
import org.portaudit.scanner.audit.UnexpectedScope;
import org.portaudit.scanner.nmap.NmapXml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "judge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Judge a scan another tool made: the hosts of an nmap XML report (nmap -oX) against the ports "
                + "their roles need, exactly as 'portaudit scan' judges its own probes. Nothing is probed.",
            "nmap's states are taken as they are (closed|filtered as filtered; unfiltered is not checked); a port "
                    + "nmap did not scan is 'not-checked', never blocked."},
        footer = ExitCodes.HELP)
public final class JudgeCommand implements Callable<Integer> {
    /** A judged report has no certificate to check: the judgement's certificate rule never applies. */
    private static final int CERT_WARN_DAYS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--nmap-xml", paramLabel = "FILE", required = true,
            description = "nmap XML report (nmap -oX FILE; TCP and UDP scans, any number of hosts; at most 64 MiB).")
    Path nmapXml;

    @Option(names = {"-r", "--role"}, paramLabel = "ROLE", required = true,
            description = "Role the hosts have ('portaudit roles' lists them); repeatable: the union is expected.")
    List<String> roles = new ArrayList<>();

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Audit policy (YAML), as for scan; forbidden-open always fails the run.")
    Path policyFile;

    @Option(names = "--unexpected", paramLabel = "SCOPE", defaultValue = UnexpectedScope.DEFAULT,
            description = "Which open ports nmap found count as unexpected when no role expects them: none, catalog, "
                    + "well-known (default, as for scan), all, or a port list; forbidden ports always count.")
    String unexpected;

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "Findings that make the exit code 1 (default as for scan); 'none' fails on nothing but "
                    + "forbidden-open.")
    List<String> failOn;

    @Mixin
    OutputOptions output;

    /** Today, for exception expiry; tests set a fixed clock. */
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        FailOnWords fail = failOn == null ? new FailOnWords(Judgement.DEFAULT_FAIL_ON, false) : FailOnWords.parse(failOn);
        if (fail.onlyNew()) {
            throw new UsageError("--fail-on new compares runs: use it with 'portaudit audit'");
        }
        Catalog c = catalog.catalog();
        WindowsVersion version = catalog.version();
        List<Role> chosen = new ArrayList<>();
        for (String id : new LinkedHashSet<>(roles)) {
            chosen.add(RolesCommand.role(c, id));
        }
        UnexpectedScope scope;
        try {
            scope = UnexpectedScope.parse(unexpected, c);
        } catch (IllegalArgumentException e) {
            throw new UsageError("bad --unexpected: " + e.getMessage()
                    + " (expected none, catalog, well-known, all or a port list)");
        }
        output.check();
        output.warmUp();
        Policy policy = policyFile == null ? Policy.builtIn() : Policies.load(policyFile, c);
        Instant judged = Instant.now();
        NmapXml.Run run;
        List<HostReport> found;
        try {
            run = NmapXml.read(nmapXml);
            AuditPlan plan = new AuditPlan(c, chosen, version, scope, policy);
            Judgement judgement = new Judgement(fail.kinds(), CERT_WARN_DAYS, policy, clock);
            found = new NmapResults(new Judge(c, plan, Protocols.NONE, judgement), policy).judge(run);
        } catch (NmapXml.Bad e) {
            throw new UsageError(e.getMessage());
        }
        AuditRequest.requireResolved(found);
        RunSource source = new RunSource("nmap-xml", nmapXml.toString(), run.scanner(), run.version(), run.args(),
                run.scanTypes());
        RunOptions options = new RunOptions(List.of("@" + nmapXml), chosen.stream().map(Role::id).toList(),
                version.id(), scope.spec(), List.copyOf(fail.kinds()), 0, 0, 0, 0, true, null, source);
        Instant start = run.start() != null ? run.start() : judged;
        Instant end = run.finished() != null && !run.finished().isBefore(start) ? run.finished() : start;
        AuditReport report = AuditRequest.report(start, end, options, found,
                List.of(policy.summary(java.time.LocalDate.now(clock), null)), null);
        output.write(report, spec.commandLine().getOut());
        return report.compliant() ? ExitCodes.COMPLIANT : ExitCodes.FINDINGS;
    }
}
