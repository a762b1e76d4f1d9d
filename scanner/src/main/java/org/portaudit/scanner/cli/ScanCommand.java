package org.portaudit.scanner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.scanner.audit.AuditPlan;
import org.portaudit.scanner.audit.Auditor;
import org.portaudit.scanner.audit.Judgement;
import org.portaudit.scanner.audit.Policy;
import org.portaudit.scanner.audit.ProgressListener;
import org.portaudit.scanner.audit.Protocols;
import org.portaudit.scanner.audit.TargetSpec;
import org.portaudit.scanner.audit.UnexpectedScope;
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
    CatalogOptions catalog;

    @Mixin
    ProbeOptions probe;





    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "Findings that make the exit code 1 (default: required-blocked, unexpected-open, "
                    + "forbidden-open, wrong-service, certificate); 'none' fails on nothing but forbidden-open, "
                    + "which always fails.")
    List<String> failOn;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Audit policy (YAML): ports allowed or forbidden per role or host, exceptions with a "
                    + "justification and an expiry date. Built-in defaults forbid telnet, rexec/rlogin/rsh, VNC, X11, "
                    + "TFTP and SNMP answering 'public' everywhere; forbidden-open always fails the run.")
    Path policyFile;

    /** Today, for exception expiry; tests set a fixed clock. */
    java.time.Clock clock = java.time.Clock.systemDefaultZone();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write the report into DIR: report.json always, plus each --format.")
    Path outputDir;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", split = ",", defaultValue = "html",
            description = "Formats -o writes besides report.json: html (default), csv, junit, markdown, text; "
                    + "several at once (html,csv,junit).")
    List<String> formats;

    @Option(names = {"-q", "--quiet"}, description = "Print only problem findings, one per line (for cron).")
    boolean quiet;

    @Option(names = "--json", description = "Print the report as JSON on stdout instead of the table.")
    boolean json;

    @Option(names = "--no-color", description = "No colour, even on a terminal.")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "More logging on stderr; stack traces on errors.")
    boolean verbose;

    @Option(names = "--domain", paramLabel = "DOMAIN",
            description = "DNS domain / Kerberos realm the hosts belong to, used in DNS, Kerberos and CLDAP probes "
                    + "(optional: probes work without it, but name it to check the right zone and realm).")
    String domain;

    /** Probe knowledge: the protocol registries, or nothing with --connect-only. */
    Protocols protocols() {
        return probe.protocols(domain);
    }

    @Override
    public Integer call() {
        EngineConfig config = probe.engineConfig();
        // Start the engine (native transport, event loops) while the catalog loads and the plan is made.
        java.util.concurrent.CompletableFuture<ProbeEngine> engine =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> new ProbeEngine(config));
        try {
            return scan(config, engine);
        } finally {
            // Closed by the audit when it ran; when input was bad, closed here.
            engine.thenAccept(ProbeEngine::close);
        }
    }

    private Integer scan(EngineConfig config, java.util.concurrent.CompletableFuture<ProbeEngine> engine) {
        Catalog c = catalog.catalog();
        WindowsVersion v = catalog.version();
        List<Role> chosen = new ArrayList<>();
        for (String id : new LinkedHashSet<>(roles)) {
            chosen.add(RolesCommand.role(c, id));
        }
        List<TargetSpec> targets = targets();
        UnexpectedScope scope = probe.scope(c);
        Set<FindingKind> fail = failOn();
        List<org.portaudit.reports.render.Renderers.Format> outputs = ReportCommand.parseFormats(formats);
        Policy policy;
        try {
            policy = policyFile == null ? Policy.builtIn() : Policy.load(policyFile, c);
        } catch (Policy.PolicyError e) {
            throw new UsageError("bad policy: " + e.getMessage());
        }
        AuditPlan plan = new AuditPlan(c, chosen, v, scope, policy);
        RunOptions options = new RunOptions(targetTexts(), chosen.stream().map(Role::id).toList(), v.id(),
                probe.unexpected, fail.stream().map(FindingKind::word).sorted().toList(), probe.timeoutMillis, probe.retries, probe.concurrency,
                probe.rate, probe.connectOnly);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        ProgressListener progress = terminal && !quiet ? new TerminalProgress(err) : ProgressListener.NONE;
        AuditReport report;
        try {
            Judgement judgement = new Judgement(fail, probe.certWarnDays, policy, clock);
            report = new Auditor(c, plan, judgement, config, protocols(), progress, !probe.connectOnly)
                    .withEngine(engine).run(targets, options);
        } catch (Auditor.RunFailure e) {
            throw new UsageError(e.getMessage(), ExitCodes.RUN_FAILED);
        } finally {
            if (progress instanceof TerminalProgress p) {
                p.clear();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (outputDir != null) {
                // report.json first: it is the lossless record every other format can be rendered from again.
                writeAtomically(outputDir.resolve("report.json"), w -> new JsonRenderer().render(report, w));
                for (org.portaudit.reports.render.Renderers.Format f : outputs) {
                    if (!f.name().equals("json")) {
                        writeAtomically(outputDir.resolve(f.fileName()), w -> f.renderer().render(report, w));
                    }
                }
            }
            if (json) {
                new JsonRenderer().render(report, out);
            } else {
                new ConsoleRenderer(terminal && !noColor && System.getenv("NO_COLOR") == null, quiet).render(report, out);
            }
        } catch (IOException e) {
            throw new UsageError("cannot write report: " + e.getMessage(), ExitCodes.RUN_FAILED);
        }
        out.flush();
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
                raw.addAll(org.portaudit.scanner.audit.TargetFile.read(hostsFile, probe.allowSpecialTargets));
            } catch (org.portaudit.scanner.audit.TargetFile.Bad e) {
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

    private Set<FindingKind> failOn() {
        if (failOn == null) {
            return Judgement.DEFAULT_FAIL_ON;
        }
        Set<FindingKind> out = EnumSet.noneOf(FindingKind.class);
        for (String w : failOn) {
            String word = w.trim().toLowerCase(Locale.ROOT);
            if (word.equals("none")) {
                continue;
            }
            try {
                out.add(FindingKind.fromWord(word));
            } catch (IllegalArgumentException e) {
                List<String> words = new ArrayList<>();
                for (FindingKind k : FindingKind.values()) {
                    words.add(k.word());
                }
                throw new UsageError("unknown finding '" + w + "' in --fail-on"
                        + org.portaudit.catalog.Suggest.didYouMean(word, words));
            }
        }
        return out;
    }

    /** Writes to a temporary file beside {@code target}, then moves it into place: never a half-written report. */
    static void writeAtomically(Path target, IoConsumer<Writer> body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.accept(w);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A consumer that may throw IOException. */
    @FunctionalInterface
    interface IoConsumer<T> {
        void accept(T t) throws IOException;
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
            err.printf("\r%d/%d probes, %d/%d hosts done ", done, total, hostsDone, hosts);
            err.flush();
        }

        void clear() {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
