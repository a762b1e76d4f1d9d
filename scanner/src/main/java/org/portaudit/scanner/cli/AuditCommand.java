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
import java.util.EnumSet;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Perspective;
import org.portaudit.catalog.Role;
import org.portaudit.catalog.WindowsVersion;
import org.portaudit.reports.model.Drift;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.scanner.audit.AuditRequest;
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
import org.portaudit.scanner.history.RunLock;
import org.portaudit.scanner.inventory.DcLocator;
import org.portaudit.scanner.inventory.Group;
import org.portaudit.scanner.inventory.Inventory;
import org.portaudit.scanner.inventory.InventoryException;
import org.portaudit.scanner.inventory.InventoryParser;
import org.portaudit.scanner.inventory.InventoryRun;
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
            description = "A lock file that keeps two runs of this inventory and shard from overlapping, besides the "
                    + "history's own lock (without --history the default is one in the temporary folder, named "
                    + "after the inventory's name and the shard).")
    Path lockFile;

    @Mixin
    HistoryPassword historyPassword;

    /** Every group's perspectives where it names none in the inventory ({@code from:} there wins). */
    @Mixin
    PerspectiveOption from;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    ProbeOptions probe;

    @Mixin
    OutputOptions output;

    /** How domain controllers are found; tests may replace it. */
    DcLocator locator = DcLocator.JNDI;

    /** Today, for exception expiry; tests set a fixed clock. */
    java.time.Clock clock = java.time.Clock.systemDefaultZone();

    @Override
    public Integer call() {
        Set<Perspective> cliFrom = from.perspectives();
        Inventory inv;
        try {
            inv = InventoryParser.parse(inventoryFile, probe.allowSpecialTargets);
        } catch (InventoryException e) {
            throw new UsageError("bad inventory: " + e.getMessage());
        }
        FailOnWords words = probe.failOnWords();
        Set<FindingKind> fail = words.onlyNew() && words.kinds().isEmpty() ? Judgement.DEFAULT_FAIL_ON : words.kinds();
        AuditRequest request = probe.request(catalog, fail, clock);
        Catalog c = request.catalog();
        Map<String, List<Role>> roles = new LinkedHashMap<>();
        Map<String, Policy> policies = new LinkedHashMap<>();
        Map<String, Set<Perspective>> perspectives = new LinkedHashMap<>();
        Set<Perspective> asked = EnumSet.noneOf(Perspective.class);
        for (Group g : inv.groups()) {
            policies.put(g.name(), policy(g, c));
            roles.put(g.name(), roles(g, c));
            perspectives.put(g.name(), g.fromOr(cliFrom));
            asked.addAll(g.fromOr(cliFrom));
        }
        Shard share;
        try {
            share = Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (words.onlyNew() && history == null && output.dir() == null) {
            throw new UsageError("--fail-on new needs the previous run: give --history, or -o DIR (drift is then "
                    + "against the report.json there)");
        }
        output.check();
        output.warmUp();
        // One key for the lock and the runs: the inventory's name and the shard. With a history, the history
        // holds the lock (a PostgreSQL advisory lock is seen by every runner); --lock adds a file lock.
        HistoryStore store = null;
        List<AutoCloseable> locks = new ArrayList<>();
        try {
            if (history != null) {
                store = HistoryStore.open(history, historyPassword.password(history));
                lock(store.tryLock(inv.name(), share.toString()), locks, inv, share, store.lockPlace());
            }
            if (lockFile != null || history == null) {
                Path lockPath = lockFile != null ? lockFile : RunLock.defaultFile(inv.name(), share.toString());
                try {
                    lock(RunLock.tryAcquire(lockPath).map(l -> (AutoCloseable) l), locks, inv, share,
                            lockPath.toString());
                } catch (IOException e) {
                    throw new UsageError("cannot take the lock " + lockPath + ": " + PortauditCommand.oneLine(e),
                            ExitCodes.RUN_FAILED, e);
                }
            }
            try (Auditor auditor = new Auditor(request.engine(), ProgressListener.NONE, null)) {
                InventoryRun run = new InventoryRun(inv, share, locator,
                        (g, targets, judged) -> auditor.audit(request.job(g.name(), targets, roles.get(g.name()),
                                policies.get(g.name()), g.domain(), perspectives.get(g.name())), judged),
                        (g, name) -> request.policySummary(policies.get(name), name));
                return audit(run, store, request, words.onlyNew(), fail, asked);
            }
        } catch (InventoryException e) { // a bad line in a group's hosts file
            throw new UsageError("bad inventory: " + e.getMessage(), e);
        } catch (HistoryException e) {
            throw new UsageError(e.getMessage(), ExitCodes.RUN_FAILED, e);
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                try {
                    locks.get(i).close();
                } catch (Exception e) {
                    spec.commandLine().getErr().println("portaudit: warning: cannot release a lock: "
                            + PortauditCommand.oneLine(e));
                }
            }
            if (store != null) {
                store.close();
            }
        }
    }

    private static void lock(Optional<AutoCloseable> lock, List<AutoCloseable> held, Inventory inv, Shard share,
                             String where) {
        if (lock.isEmpty()) {
            throw new UsageError("another audit of inventory '" + inv.name() + "' (shard " + share
                    + ") is running; lock " + where, ExitCodes.RUN_FAILED);
        }
        held.add(lock.get());
    }

    /** A group's policy file, or the built-in defaults; a bad one names the group and the inventory line. */
    private Policy policy(Group g, Catalog c) {
        try {
            return g.policy() == null ? Policy.builtIn() : Policy.load(g.policy(), c);
        } catch (Policy.PolicyError e) {
            throw new UsageError("bad policy of group '" + g.name() + "' (" + inventoryFile + ":" + g.policyLine()
                    + "): " + e.getMessage());
        }
    }

    /** A group's roles; an unknown one names the group and the inventory line. */
    private List<Role> roles(Group g, Catalog c) {
        List<Role> chosen = new ArrayList<>();
        for (String id : new LinkedHashSet<>(g.roles())) {
            try {
                chosen.add(RolesCommand.role(c, id));
            } catch (UsageError e) {
                throw new UsageError("bad inventory: " + inventoryFile + ":" + g.line() + ": group '" + g.name()
                        + "': " + e.getMessage());
            }
        }
        return chosen;
    }

    private int audit(InventoryRun run, HistoryStore store, AuditRequest request, boolean onlyNew,
                      Set<FindingKind> fail, Set<Perspective> asked) {
        RunOptions options = request.options(List.of(), List.of(), null, asked);
        AuditReport report = run.run(store, options).report();
        if (store == null) {
            report = report.withDrift(driftFromLastReport(report));
        }
        Drift drift = report.drift();
        PrintWriter out = spec.commandLine().getOut();
        output.write(report, out);
        if (onlyNew) {
            boolean anyNew = drift.newFindings().stream().anyMatch(f -> fail.contains(f.finding()));
            return anyNew ? ExitCodes.FINDINGS : ExitCodes.COMPLIANT;
        }
        return report.compliant() ? ExitCodes.COMPLIANT : ExitCodes.FINDINGS;
    }

    /** Without a history, the drift is against the report.json already in -o DIR (none there: all is new). */
    private Drift driftFromLastReport(AuditReport report) {
        Path dir = output.dir();
        if (dir == null) {
            return null;
        }
        Path last = dir.resolve("report.json");
        if (!Files.isRegularFile(last)) {
            return Drift.compute(null, List.of(), List.of(), DriftFinding.of(report), Drift.audited(report));
        }
        try (Reader in = Files.newBufferedReader(last, StandardCharsets.UTF_8)) {
            AuditReport before = JsonRenderer.read(in);
            return Drift.between(last + " of " + before.startedAt(), before, report);
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("portaudit: warning: previous " + last + " is not readable ("
                    + PortauditCommand.oneLine(e) + "); no drift this time");
            return null;
        }
    }
}
