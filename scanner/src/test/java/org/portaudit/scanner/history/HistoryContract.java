package org.portaudit.scanner.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.PortState;
import org.portaudit.reports.model.RunOptions;
import org.portaudit.reports.model.RunSummary;
import org.portaudit.scanner.inventory.Group;
import org.portaudit.scanner.inventory.Inventory;
import org.portaudit.scanner.inventory.InventoryRun;
import org.portaudit.scanner.inventory.Shard;

/**
 * What every history database must do, on a real database: SQLite in a temporary file
 * ({@link HistorySqliteTest}) and a real PostgreSQL server ({@code HistoryPostgresIT}).
 */
abstract class HistoryContract {
    /** Where the history is: a SQLite file or a JDBC URL. */
    abstract String where();

    static final RunOptions OPTIONS = new RunOptions(List.of(), List.of(), "2025", "none", List.of(), 1000, 1, 1, 0,
            false, null);

    /** Each test its own inventory name, so tests never see each other's runs in a shared server. */
    final String inventoryName = "inv-" + UUID.randomUUID();

    Inventory inventory() {
        return new Inventory(inventoryName, Path.of("inv.yaml"), List.of(
                new Group("dcs", 2, List.of("dc01", "dc02"), List.of(), List.of(), null, null,
                        List.of("domain-controller"), null, 0)));
    }

    static PortCheck check(String port, PortState state, FindingKind finding) {
        return new PortCheck(org.portaudit.catalog.Transport.TCP,
                org.portaudit.reports.model.Located.Where.single(Integer.parseInt(port)), "p",
                org.portaudit.catalog.Level.REQUIRED, List.of(), state, finding, finding + " on " + port, 0.5, 1,
                List.of(), List.of());
    }

    static HostReport host(String target, PortCheck... checks) {
        boolean ok = List.of(checks).stream().noneMatch(c -> c.finding().isProblem());
        return new HostReport(target, target, "198.18.0.10", null, null, ok, org.portaudit.reports.model.Counts.empty(),
                5, List.of(checks), List.of());
    }


    /** One audit of the inventory, with what each host "shows" given by {@code seen}. */
    InventoryRun.Result audit(HistoryStore store, Function<String, HostReport> seen) {
        InventoryRun run = new InventoryRun(inventory(), Shard.ALL, (d, s) -> List.of(), (g, targets, judged) -> {
            List<HostReport> hosts = new ArrayList<>();
            for (var t : targets) {
                HostReport h = seen.apply(t.given());
                judged.accept(h);
                hosts.add(h);
                // Host by host: each judged host is in the history before the group is done (a kill keeps it);
                // the writer has its own thread, so give it a moment.
                String running = store.runs(inventoryName).get(store.runs(inventoryName).size() - 1).id();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!store.targets(running).contains(t.given()) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(store.targets(running).contains(t.given()), "recorded as soon as judged: " + t.given());
            }
            return hosts;
        });
        return run.run(store, OPTIONS);
    }

    private static List<String> keys(List<DriftFinding> fs) {
        return fs.stream().map(f -> f.target() + " " + f.portText() + " " + f.finding().word()).toList();
    }

    @Test
    void twoRunsAndTheirDrift() {
        try (HistoryStore store = HistoryStore.open(where())) {
            InventoryRun.Result first = audit(store, t -> host(t, check("636", PortState.FILTERED,
                    FindingKind.REQUIRED_BLOCKED), check("445", PortState.OPEN, FindingKind.OK)));
            assertNull(first.drift().since(), "nothing before the first run");
            assertEquals(List.of("dc01 636 required-blocked", "dc02 636 required-blocked"),
                    keys(first.drift().newFindings()));
            InventoryRun.Result second = audit(store, t -> t.equals("dc01")
                    ? host(t, check("636", PortState.OPEN, FindingKind.OK), check("445", PortState.OPEN, FindingKind.OK))
                    : host(t, check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED),
                            check("445", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)));
            assertEquals("run " + first.runId(), second.drift().since().substring(0, 4 + first.runId().length()));
            assertEquals(List.of("dc02 445 required-blocked"), keys(second.drift().newFindings()));
            assertEquals(List.of("dc01 636 required-blocked"), keys(second.drift().resolved()));
            assertEquals(List.of("dc02 636 required-blocked"), keys(second.drift().persisting()));

            List<HistoryStore.Run> runs = store.runs(inventoryName);
            assertEquals(2, runs.size());
            assertTrue(runs.stream().allMatch(r -> r.status().equals(HistoryStore.COMPLETE) && r.hosts() == 2), runs.toString());
            List<HistoryStore.PortSeen> dc01 = store.portHistory("dc01", "tcp", "636");
            assertEquals(List.of("filtered required-blocked", "open ok"),
                    dc01.stream().map(s -> s.state() + " " + s.finding()).toList());
        }
        // reopening migrates nothing and loses nothing
        try (HistoryStore again = HistoryStore.open(where())) {
            assertEquals(2, again.runs(inventoryName).size());
        }
    }

    /**
     * Issue 14, history prune: old runs go with their hosts and ports, in one transaction; a run still running
     * and the newest complete run (drift's base) always stay; the next audit's drift is unchanged by a prune.
     */
    @Test
    void pruneKeepsTheNewestRunsTheRunningOneAndDriftsBase() {
        try (HistoryStore store = HistoryStore.open(where())) {
            for (int i = 0; i < 4; i++) {
                audit(store, t -> host(t, check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)));
            }
            List<HistoryStore.Run> before = store.runs(inventoryName);
            assertEquals(4, before.size());
            // a run left incomplete after them, and one running now
            String incomplete = store.startRun(inventoryName, Shard.ALL.toString(), Instant.now(), "t").id();
            String running = store.startRun(inventoryName, Shard.ALL.toString(), Instant.now().plusMillis(5), "t").id();
            // the two newest are the running and the incomplete one; the newest complete stays as drift's base
            assertEquals(3, store.prune(2, null, Instant.now(), inventoryName), "complete runs 1 to 3 of four");
            List<String> left = store.runs(inventoryName).stream().map(HistoryStore.Run::id).toList();
            assertEquals(List.of(before.get(3).id(), incomplete, running), left);
            assertEquals(List.of(), store.portHistory("dc01", "tcp", "636").stream()
                    .filter(p -> p.runId().equals(before.get(0).id())).toList(), "its ports went with it");
            assertTrue(store.targets(before.get(0).id()).isEmpty(), "its hosts went with it");
            // keep one run: the running one and the newest complete (drift's base) stay whatever N says
            assertEquals(1, store.prune(1, null, Instant.now(), inventoryName), "the incomplete run");
            assertEquals(List.of(before.get(3).id(), running),
                    store.runs(inventoryName).stream().map(HistoryStore.Run::id).toList());
            // by age: nothing is older than a day
            assertEquals(0, store.prune(null, 1, Instant.now(), inventoryName));
        }
    }

    @Test
    void aRunLeftRunningIsMarkedIncompleteAndDriftSkipsIt() {
        String killed;
        try (HistoryStore store = HistoryStore.open(where())) {
            audit(store, t -> host(t, check("636", PortState.FILTERED, FindingKind.REQUIRED_BLOCKED)));
            // a run killed after its first host: started, one host recorded, never finished
            killed = store.startRun(inventoryName, Shard.ALL.toString(), Instant.now(), "t").id();
            store.recordHost(killed, "dcs", host("dc01", check("636", PortState.OPEN, FindingKind.OK),
                    check("88", PortState.CLOSED, FindingKind.REQUIRED_BLOCKED)));
        }
        try (HistoryStore store = HistoryStore.open(where())) {
            assertEquals(HistoryStore.RUNNING, store.runs(inventoryName).get(1).status());
            InventoryRun.Result third = audit(store, t -> host(t, check("636", PortState.FILTERED,
                    FindingKind.REQUIRED_BLOCKED)));
            List<HistoryStore.Run> runs = store.runs(inventoryName);
            assertEquals(List.of(HistoryStore.COMPLETE, HistoryStore.INCOMPLETE, HistoryStore.COMPLETE),
                    runs.stream().map(HistoryStore.Run::status).toList());
            assertEquals(killed, runs.get(1).id());
            assertEquals(1, runs.get(1).hosts(), "the killed run keeps the host it finished");
            // compared with the first (complete) run, not the killed one: nothing changed
            assertTrue(third.drift().since().startsWith("run " + runs.get(0).id()), third.drift().since());
            assertEquals(List.of(), third.drift().newFindings());
            assertEquals(List.of(), third.drift().resolved());
            assertEquals(2, third.drift().persisting().size());
        }
    }

    @Test
    void aHostIsRecordedWhollyOrNotAtAll() {
        try (HistoryStore store = HistoryStore.open(where())) {
            String id = store.startRun(inventoryName, "0/1", Instant.now(), "t").id();
            // the same port twice breaks the primary key half way through the host: nothing of it may stay
            HostReport broken = host("dc09", check("636", PortState.OPEN, FindingKind.OK),
                    check("636", PortState.OPEN, FindingKind.OK));
            assertThrows(HistoryException.class, () -> store.recordHost(id, "dcs", broken));
            assertEquals(List.of(), store.portHistory("dc09", null, null));
            assertEquals(List.of(), List.copyOf(store.targets(id)));
            assertEquals(0, store.runs(inventoryName).get(0).hosts());
            store.recordHost(id, "dcs", host("dc09", check("636", PortState.OPEN, FindingKind.OK)));
            assertEquals(1, store.portHistory("dc09", null, null).size());
        }
    }

    @Test
    void theAuditLockIsKeyedByInventoryAndShard() throws Exception {
        try (HistoryStore a = HistoryStore.open(where()); HistoryStore b = HistoryStore.open(where())) {
            AutoCloseable held = a.tryLock(inventoryName, "0/1").orElseThrow();
            assertTrue(b.tryLock(inventoryName, "0/1").isEmpty(), "the same inventory and shard: locked");
            try (AutoCloseable other = b.tryLock(inventoryName, "1/2").orElseThrow();
                 AutoCloseable otherInventory = b.tryLock(inventoryName + "-2", "0/1").orElseThrow()) {
                held.close();
                try (AutoCloseable again = b.tryLock(inventoryName, "0/1").orElseThrow()) {
                    assertTrue(a.tryLock(inventoryName, "0/1").isEmpty());
                }
            }
        }
    }

    @Test
    void aReaderCreatesNothing() {
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryStore.openReadOnly(where(), null));
        assertTrue(e.getMessage().contains("does not exist") || e.getMessage().contains("is not a portaudit history"),
                e.getMessage());
        // nothing was created by the attempt: the same again
        assertEquals(e.getMessage(), assertThrows(HistoryException.class,
                () -> HistoryStore.openReadOnly(where(), null)).getMessage());
        try (HistoryStore w = HistoryStore.open(where())) {
            w.startRun(inventoryName, "0/1", Instant.now(), "t");
        }
        try (HistoryStore r = HistoryStore.openReadOnly(where(), null)) {
            assertEquals(1, r.runs(inventoryName).size());
            assertThrows(HistoryException.class, () -> r.startRun(inventoryName, "0/1", Instant.now(), "t"),
                    "read-only");
        }
    }
}
