package org.portaudit.scanner.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.portaudit.catalog.Role;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.HostReport;
import org.portaudit.scanner.audit.AuditRequest;
import org.portaudit.scanner.audit.Auditor;
import org.portaudit.scanner.audit.DomainName;
import org.portaudit.scanner.audit.Policy;
import org.portaudit.scanner.audit.ProgressListener;
import org.portaudit.scanner.audit.TargetFile;
import org.portaudit.scanner.audit.TargetSpec;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.engine.ProbeEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Probe hosts and compare what answers with the ports their roles need.",
            "Reports required ports that are blocked and ports that are open but unexpected."},
        footer = ExitCodes.HELP)
public final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Host name or address; repeatable.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--target", paramLabel = "CIDR|RANGE",
            description = "Address block: 198.18.1.0/24, 198.18.1.1-125, 2001:2::/120; repeatable.")
    List<String> blocks = new ArrayList<>();

    @Option(names = "--hosts-file", paramLabel = "FILE",
            description = "File of targets, one per line (names, addresses, CIDRs, ranges; # comments).")
    Path hostsFile;

    @Option(names = {"-r", "--role"}, paramLabel = "ROLE", required = true,
            description = "Role the hosts have ('portaudit roles' lists them); repeatable: the union is expected.")
    List<String> roles = new ArrayList<>();

    @Mixin
    PerspectiveOption from;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    ProbeOptions probe;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Audit policy (YAML): ports allowed or forbidden per role or host, exceptions with a "
                    + "justification and an expiry date. Built-in defaults forbid telnet, rexec/rlogin/rsh, VNC, X11, "
                    + "TFTP and SNMP answering 'public' everywhere; forbidden-open always fails the run.")
    Path policyFile;

    @Option(names = "--domain", paramLabel = "DOMAIN",
            description = "DNS domain / Kerberos realm the hosts belong to, used in DNS, Kerberos and CLDAP probes "
                    + "(optional: probes work without it, but name it to check the right zone and realm).")
    String domain;

    @Mixin
    OutputOptions output;

    /** Today, for exception expiry; tests set a fixed clock. */
    java.time.Clock clock = java.time.Clock.systemDefaultZone();

    @Override
    public Integer call() {
        if (domain != null && DomainName.problem(domain) != null) {
            throw new UsageError("--domain: " + DomainName.problem(domain));
        }
        EngineConfig config = probe.engineConfig();
        // Start the engine (native transport, event loops) while the catalog loads and the plan is made.
        CompletableFuture<ProbeEngine> engine = CompletableFuture.supplyAsync(() -> new ProbeEngine(config));
        try {
            return scan(config, engine);
        } finally {
            engine.thenAccept(ProbeEngine::close);
        }
    }

    private Integer scan(EngineConfig config, CompletableFuture<ProbeEngine> engine) {
        FailOnWords fail = probe.failOnWords();
        if (fail.onlyNew()) {
            throw new UsageError("--fail-on new compares runs: use it with 'portaudit audit'");
        }
        AuditRequest request = probe.request(catalog, fail.kinds(), clock);
        java.util.Set<org.portaudit.catalog.Perspective> who = from.perspectives();
        List<Role> chosen = new ArrayList<>();
        for (String id : new LinkedHashSet<>(roles)) {
            chosen.add(RolesCommand.role(request.catalog(), id));
        }
        List<TargetSpec> targets = targets();
        output.check();
        output.warmUp();
        Policy policy = policyFile == null ? Policy.builtIn() : Policies.load(policyFile, request.catalog());
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        TerminalProgress bar = terminal && !output.quiet ? new TerminalProgress(err) : null;
        Instant start = Instant.now();
        List<HostReport> found;
        try (Auditor auditor = new Auditor(config, bar == null ? ProgressListener.NONE : bar, engine)) {
            found = auditor.audit(request.job(null, targets, chosen, policy, domain, who));
        } finally {
            if (bar != null) {
                bar.clear();
            }
        }
        AuditRequest.requireResolved(found);
        AuditReport report = AuditRequest.report(start, Instant.now(),
                request.options(targetTexts(), chosen.stream().map(Role::id).toList(), domain, who), found,
                List.of(request.policySummary(policy, null)), null);
        output.write(report, spec.commandLine().getOut());
        return report.compliant() ? ExitCodes.COMPLIANT : ExitCodes.FINDINGS;
    }

    private List<String> targetTexts() {
        List<String> t = new ArrayList<>(hosts);
        t.addAll(blocks);
        if (hostsFile != null) {
            t.add("@" + hostsFile);
        }
        return t;
    }

    private List<TargetSpec> targets() {
        List<String> raw = new ArrayList<>(hosts);
        raw.addAll(blocks);
        if (hostsFile != null) {
            try {
                raw.addAll(TargetFile.read(hostsFile, probe.allowSpecialTargets));
            } catch (TargetFile.Bad e) {
                throw new UsageError(e.line() > 0 ? hostsFile + ":" + e.line() + ": " + e.what()
                        : "hosts file " + hostsFile + " " + e.what());
            }
        }
        if (raw.isEmpty()) {
            throw new UsageError("no target: give --host, --target or --hosts-file");
        }
        List<TargetSpec> out = new ArrayList<>();
        for (String r : raw) {
            try {
                out.add(TargetSpec.parseTarget(r, probe.allowSpecialTargets));
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
        return out;
    }

    /** A progress line on stderr, redrawn at most ten times a second. */
    static final class TerminalProgress implements ProgressListener {
        private final PrintWriter err;
        private long last;

        TerminalProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void progress(long done, long total, int hostsDone, int hosts) {
            long now = System.nanoTime();
            if (now - last < 100_000_000L && done < total) {
                return;
            }
            last = now;
            err.printf("\r%d probes, %d/%d hosts done ", done, hostsDone, hosts);
            err.flush();
        }

        void clear() {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
