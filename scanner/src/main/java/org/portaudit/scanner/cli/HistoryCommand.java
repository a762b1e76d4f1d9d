package org.portaudit.scanner.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.Sanitize;
import org.portaudit.reports.text.TextTable;
import org.portaudit.scanner.history.HistoryException;
import org.portaudit.scanner.history.HistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = HistoryCommand.Prune.class,
        description = {"When a host's ports changed state or finding, from the history 'audit --history' keeps.",
            "Without --host: the runs, with their status (running, complete, incomplete)."},
        footer = ExitCodes.HELP)
public final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--history", paramLabel = "FILE|JDBC-URL",
            description = "The history: a SQLite file or a jdbc:postgresql: URL (required).")
    String history;

    @Option(names = "--host", paramLabel = "HOST", description = "The host's target, as the inventory gives it.")
    String host;

    @Option(names = "--port", paramLabel = "PORT[/tcp|/udp|/ip]", description = "Only this port (e.g. 636, 636/tcp).")
    String port;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    @picocli.CommandLine.Mixin
    HistoryPassword historyPassword;

    /** One change: a port's state or finding differs from what the run before saw (or it is first seen). */
    record Change(String transport, String port, String when, String runId, String runStatus, String state,
                  String finding, String before) {
    }

    @Override
    public Integer call() {
        if (history == null) {
            throw new UsageError("history needs --history FILE|JDBC-URL" + PortauditCommand.helpHint(spec.commandLine()));
        }
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("text") && !fmt.equals("json")) {
            throw new UsageError("unknown format '" + format + "' (expected text or json)");
        }
        if (port != null && host == null) {
            throw new UsageError("--port needs --host");
        }
        String transport = null;
        String portOnly = port;
        if (port != null && port.contains("/")) {
            portOnly = port.substring(0, port.indexOf('/'));
            transport = port.substring(port.indexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (!List.of("tcp", "udp", "ip").contains(transport)) {
                throw new UsageError("bad port '" + port + "': the transport is tcp, udp or ip");
            }
        }
        if (portOnly != null && !historyPort(portOnly)) {
            throw new UsageError("bad port '" + Sanitize.text(port, 40) + "' for --port (expected 0-65535, a range"
                    + " LOW-HIGH or dynamic-rpc, optionally /tcp, /udp or /ip)");
        }
        requireHistoryFile(history);
        PrintWriter out = spec.commandLine().getOut();
        try (HistoryStore store = HistoryStore.openReadOnly(history, historyPassword.password(history))) {
            if (host == null) {
                runs(store, out, fmt);
            } else {
                changes(store, out, fmt, transport, portOnly);
            }
        } catch (HistoryException e) {
            throw new UsageError(e.getMessage(), ExitCodes.RUN_FAILED, e);
        }
        out.flush();
        return ExitCodes.COMPLIANT;
    }

    /** A history that is a file must be one already (reading never creates it): bad input otherwise, in words. */
    static void requireHistoryFile(String history) {
        if (history.startsWith("jdbc:") || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(history))) {
            return;
        }
        java.nio.file.Path h = java.nio.file.Path.of(history);
        throw new UsageError("history file " + Sanitize.text(history, 200) + (java.nio.file.Files.isDirectory(h)
                ? " is a folder, not a history file" : java.nio.file.Files.exists(h)
                ? " is not a regular file" : " does not exist"));
    }

    /** A port as the history records it: a number 0-65535, a range of two, or dynamic-rpc. */
    static boolean historyPort(String p) {
        if (p.equals("dynamic-rpc")) {
            return true;
        }
        String[] ends = p.split("-", -1);
        if (ends.length > 2) {
            return false;
        }
        int prev = -1;
        for (String e : ends) {
            if (e.isEmpty() || e.length() > 5 || !e.chars().allMatch(Character::isDigit)) {
                return false;
            }
            int n = Integer.parseInt(e);
            if (n > 65535 || n < prev) {
                return false;
            }
            prev = n;
        }
        return true;
    }

    private void runs(HistoryStore store, PrintWriter out, String fmt) {
        List<HistoryStore.Run> runs = store.runs(null);
        if (fmt.equals("json")) {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.object();
            n.put("schema", "portaudit.runs/1");
            n.set("runs", Json.MAPPER.valueToTree(runs));
            Json.write(n, out);
            return;
        }
        TextTable t = new TextTable("STARTED", "STATUS", "HOSTS", "INVENTORY", "SHARD", "RUN");
        for (HistoryStore.Run r : runs) {
            t.row(r.startedAt(), r.status(), String.valueOf(r.hosts()), r.inventory(), r.shard(), r.id());
        }
        t.print(out, "");
    }

    private void changes(HistoryStore store, PrintWriter out, String fmt, String transport, String portOnly) {
        if (store.runsOfHost(host).isEmpty()) {
            throw new UsageError("host '" + host + "' is in no run of this history", ExitCodes.BAD_INPUT);
        }
        List<HistoryStore.Run> hostRuns = store.runsOfHost(host);
        // every port seen, and what each run of the host saw there; a run that recorded the host but not the
        // port (an unexpected port that closed again) saw it not open
        Map<String, Map<String, HistoryStore.PortSeen>> byPort = new LinkedHashMap<>();
        for (HistoryStore.PortSeen s : store.portHistory(host, transport, portOnly)) {
            byPort.computeIfAbsent(s.port() + "/" + s.transport(), k -> new LinkedHashMap<>()).put(s.runId(), s);
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Map<String, HistoryStore.PortSeen>> e : byPort.entrySet()) {
            String[] pt = e.getKey().split("/", 2);
            String prevState = null;
            String prevFinding = null;
            boolean started = false;
            for (HistoryStore.Run r : hostRuns) {
                HistoryStore.PortSeen s = e.getValue().get(r.id());
                if (s == null && !started) {
                    continue;
                }
                String state = s == null ? NOT_OPEN : show(s.state());
                String finding = s == null ? "-" : s.finding();
                if (!started || !state.equals(prevState) || !finding.equals(prevFinding)) {
                    changes.add(new Change(pt[1], pt[0], r.startedAt(), r.id(), r.status(), state, finding,
                            started ? prevState + " " + prevFinding : "first seen"));
                }
                started = true;
                prevState = state;
                prevFinding = finding;
            }
        }
        if (fmt.equals("json")) {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.object();
            n.put("schema", "portaudit.port-history/1");
            n.put("host", host);
            n.set("changes", Json.MAPPER.valueToTree(changes));
            Json.write(n, out);
            return;
        }
        if (changes.isEmpty()) {
            out.println("No observation of " + host + (port == null ? "" : " port " + port) + " in this history.");
            return;
        }
        TextTable t = new TextTable("PORT", "WHEN", "STATE", "FINDING", "BEFORE", "RUN");
        for (Change c : changes) {
            t.row(c.port() + "/" + c.transport(), c.when(), c.state(), c.finding(), c.before(),
                    c.runId() + (c.runStatus().equals(HistoryStore.COMPLETE) ? "" : " (" + c.runStatus() + ")"));
        }
        t.print(out, "");
    }

    /** A port a run recorded the host without: an unexpected port that is no longer open. */
    static final String NOT_OPEN = "not-open";

    private static String show(String state) {
        return state == null ? "-" : state;
    }

    /** {@code history prune}: old runs deleted, in one transaction (README, "Scheduled audits"). */
    @Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Delete old runs from the history, with their hosts and ports, in one transaction.",
                "Never deleted: a run still running, and each inventory and shard's newest complete run (drift's base)."},
            footer = ExitCodes.HELP)
    static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--history", paramLabel = "FILE|JDBC-URL", required = true,
                description = "The history: a SQLite file or a jdbc:postgresql: URL.")
        String history;

        @Option(names = "--keep-runs", paramLabel = "N", description = "Keep the N newest runs of each inventory and shard.")
        Integer keepRuns;

        @Option(names = "--keep-days", paramLabel = "N", description = "Keep runs that started in the last N days.")
        Integer keepDays;

        @Option(names = "--inventory", paramLabel = "NAME", description = "Only this inventory's runs (its name).")
        String inventory;

        @picocli.CommandLine.Mixin
        HistoryPassword historyPassword;

        @Override
        public Integer call() {
            if (keepRuns == null && keepDays == null) {
                throw new UsageError("prune needs --keep-runs N or --keep-days N (or both)"
                        + PortauditCommand.helpHint(spec.commandLine()));
            }
            if (keepRuns != null && keepRuns < 1 || keepDays != null && keepDays < 0) {
                throw new UsageError("--keep-runs must be at least 1 and --keep-days at least 0");
            }
            requireHistoryFile(history);
            int gone;
            try (HistoryStore store = HistoryStore.open(history, historyPassword.password(history))) {
                gone = store.prune(keepRuns, keepDays, java.time.Instant.now(), inventory);
            } catch (HistoryException e) {
                throw new UsageError(e.getMessage(), ExitCodes.RUN_FAILED, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("pruned " + gone + " run(s)");
            out.flush();
            return ExitCodes.COMPLIANT;
        }
    }
}
