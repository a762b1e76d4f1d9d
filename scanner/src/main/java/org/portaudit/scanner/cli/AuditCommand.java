package org.portaudit.scanner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.drift.Drift;
import org.portaudit.reports.drift.Finding;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.render.ConsoleRenderer;
import org.portaudit.reports.render.JsonRenderer;
import org.portaudit.reports.render.Renderers;
import org.portaudit.scanner.audit.AuditPlan;
import org.portaudit.scanner.audit.Auditor;
import org.portaudit.scanner.audit.Judgement;
import org.portaudit.scanner.audit.Policy;
import org.portaudit.scanner.audit.ProgressListener;
import org.portaudit.scanner.audit.Protocols;
import org.portaudit.scanner.audit.TargetSpec;
import org.portaudit.scanner.audit.UnexpectedScope;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.history.HistoryException;
import org.portaudit.scanner.history.HistoryStore;
import org.portaudit.scanner.inventory.DcLocator;
import org.portaudit.scanner.inventory.Group;
import org.portaudit.scanner.inventory.Inventory;
import org.portaudit.scanner.inventory.InventoryException;
import org.portaudit.scanner.inventory.InventoryParser;
import org.portaudit.scanner.inventory.InventoryRun;
import org.portaudit.scanner.inventory.RunLock;
import org.portaudit.scanner.inventory.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audit every host of an inventory (groups of hosts and their roles) in one run, for cron.",
            "With --history, every run is kept in a database and the report says what changed since the last one."},
        footer = ExitCodes.HELP + "  3  also: another audit of the same inventory and shard is running (lock)%n")
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", required = true,
            description = "The inventory: groups of hosts, CIDRs, hosts files and AD domains, with their roles (YAML).")
    Path inventoryFile;

    @Option(names = "--history", paramLabel = "FILE|JDBC-URL",
            description = "Keep every run in this history: a SQLite file (created if missing) or a jdbc:postgresql: URL.")
    String history;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "0/1",
            description = "Audit only share I of N (0 <= I < N) of the inventory's hosts, chosen by a stable hash of "
                    + "each target, so N runners cover it together (default: ${DEFAULT-VALUE}, all hosts).")
    String shard;

    @Option(names = "--lock", paramLabel = "FILE",
            description = "Lock file that keeps two runs of this inventory and shard from overlapping "
                    + "(default: one in the temporary folder, named after the inventory's path and the shard).")
    Path lockFile;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    ProbeOptions probe;





    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "Findings that make the exit code 1 (default as for scan); add 'new' to fail only on findings "
                    + "that are new since the previous run ('--fail-on new': new findings of the default kinds).")
    List<String> failOn;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write report.json (with its drift) into DIR, plus each --format; atomically.")
    Path outputDir;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", split = ",", defaultValue = "html",
            description = "Formats -o writes besides report.json (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = {"-q", "--quiet"}, description = "Print only problem findings and new ones, one per line (for cron).")
    boolean quiet;

    @Option(names = "--json", description = "Print the report (with its drift) as JSON on stdout instead of the table.")
    boolean json;

    @Option(names = "--no-color", description = "No colour, even on a terminal.")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "More logging on stderr; stack traces on errors.")
    boolean verbose;

    /** How domain controllers are found; tests may replace it. */
    DcLocator locator = DcLocator.JNDI;

    @Override
    public Integer call() {
        Inventory inv;
        try {
            inv = InventoryParser.parse(inventoryFile);
        } catch (InventoryException e) {
            throw new UsageError("bad inventory: " + e.getMessage());
        }
        Catalog c = catalog.catalog();
        WindowsVersion v = catalog.version();
        Map<String, List<Role>> roles = new LinkedHashMap<>();
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (Group g : inv.groups()) {
            try {
                policies.put(g.name(), g.policy() == null ? Policy.builtIn() : Policy.load(g.policy(), c));
            } catch (Policy.PolicyError e) {
                throw new UsageError("bad policy of group '" + g.name() + "' (" + inventoryFile + ":" + g.policyLine()
                        + "): " + e.getMessage());
            }
            List<Role> chosen = new ArrayList<>();
            for (String id : new LinkedHashSet<>(g.roles())) {
                try {
                    chosen.add(RolesCommand.role(c, id));
                } catch (UsageError e) {
                    throw new UsageError("bad inventory: " + inventoryFile + ":" + g.line() + ": group '" + g.name()
                            + "': " + e.getMessage());
                }
            }
            roles.put(g.name(), chosen);
        }
        Shard share;
        try {
            share = Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        UnexpectedScope scope = probe.scope(c);
        boolean onlyNew = failOn != null && failOn.stream().anyMatch(w -> w.trim().equalsIgnoreCase("new"));
        Set<FindingKind> fail = failOn();
        if (onlyNew && history == null && outputDir == null) {
            throw new UsageError("--fail-on new needs the previous run: give --history, or -o DIR (drift is then "
                    + "against the report.json there)");
        }
        List<Renderers.Format> outputs = ReportCommand.parseFormats(formats);
        EngineConfig config = probe.engineConfig();
        List<String> failWords = fail.stream().map(FindingKind::word).sorted().toList();
        java.time.Clock clock = java.time.Clock.systemDefaultZone();
        InventoryRun.GroupAuditor auditor = (g, targets) -> {
            Protocols protocols = probe.protocols(g.domain());
            List<Role> chosen = roles.get(g.name());
            Policy policy = policies.get(g.name());
            AuditPlan plan = new AuditPlan(c, chosen, v, scope, policy);
            Judgement judgement = new Judgement(fail, probe.certWarnDays, policy, clock);
            RunOptions groupOptions = new RunOptions(targets.stream().map(TargetSpec::given).toList(),
                    chosen.stream().map(Role::id).toList(), v.id(), probe.unexpected, failWords, probe.timeoutMillis, probe.retries,
                    probe.concurrency, probe.rate, probe.connectOnly);
            try {
                return new Auditor(c, plan, judgement, config, protocols, ProgressListener.NONE, !probe.connectOnly)
                        .run(targets, groupOptions);
            } catch (Auditor.RunFailure e) {
                if (e.getMessage().startsWith("no target resolved")) {
                    // In an inventory, one group whose names do not resolve is that group's problem, not the run's.
                    return new AuditReport(AuditReport.SCHEMA_VERSION, "portaudit 0.1.0", "", "", 0, groupOptions,
                            new org.portaudit.reports.model.RunSummary(0, 0, 0, 0, Map.of()),
                            targets.stream().map(t -> InventoryRun.errorHost(t.given(), e.getMessage())).toList());
                }
                throw new UsageError(e.getMessage(), ExitCodes.RUN_FAILED);
            }
        };

        Path lockPath = lockFile != null ? lockFile : RunLock.defaultFile(inventoryFile, share);
        Optional<RunLock> lock;
        try {
            lock = RunLock.tryAcquire(lockPath);
        } catch (IOException e) {
            throw new UsageError("cannot take the lock " + lockPath + ": " + e.getMessage(), ExitCodes.RUN_FAILED);
        }
        if (lock.isEmpty()) {
            throw new UsageError("another audit of " + inventoryFile + " (shard " + share + ") is running; lock "
                    + lockPath, ExitCodes.RUN_FAILED);
        }
        try (RunLock held = lock.get()) {
            return audit(inv, share, auditor, outputs, onlyNew, fail);
        } catch (InventoryException e) {
            // A group's hosts file, read when the group's turn comes, is bad input too.
            throw new UsageError("bad inventory: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageError("cannot release the lock " + lockPath + ": " + e.getMessage(), ExitCodes.RUN_FAILED);
        }
    }

    private int audit(Inventory inv, Shard share, InventoryRun.GroupAuditor auditor, List<Renderers.Format> outputs,
                      boolean onlyNew, Set<FindingKind> fail) {
        InventoryRun.Result result;
        RunOptions options = new RunOptions(List.of(), List.of(), catalog.version().id(), probe.unexpected,
                fail.stream().map(FindingKind::word).sorted().toList(), probe.timeoutMillis, probe.retries, probe.concurrency, probe.rate,
                probe.connectOnly);
        InventoryRun run = new InventoryRun(inv, share, locator, auditor);
        if (history != null) {
            try (HistoryStore store = HistoryStore.open(history)) {
                result = run.run(store, options);
            } catch (HistoryException e) {
                throw new UsageError(e.getMessage(), ExitCodes.RUN_FAILED);
            }
        } else {
            result = run.run(null, options);
        }
        AuditReport report = result.report();
        Drift drift = result.drift() != null ? result.drift() : driftFromLastReport(report);
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (outputDir != null) {
                ScanCommand.writeAtomically(outputDir.resolve("report.json"), w -> writeJson(report, drift, w));
                for (Renderers.Format f : outputs) {
                    if (!f.name().equals("json")) {
                        ScanCommand.writeAtomically(outputDir.resolve(f.fileName()), w -> f.renderer().render(report, w));
                    }
                }
            }
            if (json) {
                writeJson(report, drift, out);
            } else {
                boolean terminal = System.console() != null;
                new ConsoleRenderer(terminal && !noColor && System.getenv("NO_COLOR") == null, quiet).render(report, out);
                if (drift != null && (!quiet || !drift.newFindings().isEmpty())) {
                    out.print(quiet ? newOnly(drift) : drift.toText());
                }
            }
        } catch (IOException e) {
            throw new UsageError("cannot write report: " + e.getMessage(), ExitCodes.RUN_FAILED);
        }
        out.flush();
        if (onlyNew) {
            boolean anyNew = drift.newFindings().stream().anyMatch(f -> fail.contains(FindingKind.fromWord(f.finding())));
            return anyNew ? ExitCodes.FINDINGS : ExitCodes.COMPLIANT;
        }
        return report.compliant() ? ExitCodes.COMPLIANT : ExitCodes.FINDINGS;
    }

    private static String newOnly(Drift drift) {
        StringBuilder b = new StringBuilder();
        for (Finding f : drift.newFindings()) {
            b.append("new ").append(f.target()).append(' ').append(f.port()).append('/').append(f.transport()).append(' ')
                    .append(f.finding()).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** Without a history, the drift is against the report.json already in -o DIR (none there: all is new). */
    private Drift driftFromLastReport(AuditReport report) {
        if (outputDir == null) {
            return null;
        }
        if (!Files.isRegularFile(outputDir.resolve("report.json"))) {
            return Drift.compute(null, List.of(), List.of(), Finding.of(report), Drift.audited(report));
        }
        Path last = outputDir.resolve("report.json");
        try (Reader in = Files.newBufferedReader(last, StandardCharsets.UTF_8)) {
            AuditReport before = JsonRenderer.read(in);
            return Drift.between(last + " of " + before.startedAt(), before, report);
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("portaudit: warning: previous " + last + " is not readable ("
                    + PortauditCommand.oneLine(e) + "); no drift this time");
            return null;
        }
    }

    private static void writeJson(AuditReport report, Drift drift, java.io.Writer w) throws IOException {
        if (drift == null) {
            new JsonRenderer().render(report, w);
        } else {
            drift.writeReport(report, w);
        }
    }

    private Set<FindingKind> failOn() {
        if (failOn == null) {
            return Judgement.DEFAULT_FAIL_ON;
        }
        FailOnWords words = FailOnWords.parse(failOn);
        return words.onlyNew() && words.kinds().isEmpty() ? Judgement.DEFAULT_FAIL_ON : words.kinds();
    }
}
