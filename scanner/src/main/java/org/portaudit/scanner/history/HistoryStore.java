package org.portaudit.scanner.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.portaudit.reports.model.DriftFinding;
import org.portaudit.reports.model.Located;
import org.portaudit.reports.model.PortState;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.portaudit.reports.model.UnexpectedPort;

/**
 * The history database: every run of an inventory, its hosts and what was seen on each port.
 * A SQLite file by default (embedded, no server), or any PostgreSQL JDBC URL. The schema is created
 * and migrated by Flyway from {@code db/history/V*.sql} on open.
 *
 * <p>A run is a row whose status goes running -> complete. Each host's results are written in their own
 * transaction, so a run killed halfway leaves the hosts it finished, earlier runs untouched, and its row
 * 'running'; the next run of the same inventory and shard marks it 'incomplete'.
 */
public final class HistoryStore implements AutoCloseable {
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String INCOMPLETE = "incomplete";

    private final Connection db;
    private final String where;
    private final String url;
    private HistoryStore(Connection db, String where, String url) {
        this.db = db;
        this.where = where;
        this.url = url;
    }

    /** A run as the history keeps it. */
    public record Run(String id, String inventory, String shard, String startedAt, String finishedAt, String status,
                      int hosts) {
        public String describe() {
            return "run " + id + " of " + startedAt;
        }
    }

    /** What one port of one host showed in one run. */
    public record PortSeen(String runId, String startedAt, String runStatus, String target, String transport,
                           String port, boolean expected, String state, String finding, String message) {
    }

    /** The JDBC URL for a file name or URL as given to {@code --history}. */
    public static String url(String fileOrUrl) {
        return fileOrUrl.startsWith("jdbc:") ? fileOrUrl : "jdbc:sqlite:" + fileOrUrl;
    }

    /** Opens for writing (creating or migrating the schema); HistoryException with a one-line reason when it cannot. */
    public static HistoryStore open(String fileOrUrl) {
        return open(fileOrUrl, null);
    }

    /**
     * Opens for writing, creating or migrating the schema.
     *
     * @param password the PostgreSQL password (from a password file or PGPASSWORD), or null: the URL's, else
     *                 the driver's own look-up in {@code ~/.pgpass} (or PGPASSFILE)
     */
    public static HistoryStore open(String fileOrUrl, String password) {
        String url = checkedUrl(fileOrUrl);
        String shown = shown(url);
        // a connection first: a file that is no database fails here at once (Flyway would retry for 10 s)
        Connection c = connect(url, password, false, shown);
        try {
            Flyway.configure().dataSource(url, null, url.startsWith("jdbc:sqlite:") ? null : password).locations("classpath:db/history")
                    .table("portaudit_schema_history").load().migrate();
        } catch (FlywayException e) {
            closeQuietly(c);
            // Flyway's own message is a multi-line box; the root cause (the driver's) is the one line that matters
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new HistoryException("history " + shown + ": cannot create or migrate the schema: "
                    + oneLine(root.getMessage()), e);
        }
        return new HistoryStore(c, shown, url);
    }

    /**
     * Opens for reading only ({@code history}, {@code report --history}): creates nothing and changes nothing
     * (a SQLite file is opened read-only, a PostgreSQL session is read-only); a database without the schema is
     * "not a portaudit history".
     */
    public static HistoryStore openReadOnly(String fileOrUrl, String password) {
        String url = checkedUrl(fileOrUrl);
        String shown = shown(url);
        Connection c = connect(url, password, true, shown);
        try {
            int version = schemaVersion(c);
            if (version < 0) {
                throw new HistoryException("history " + shown + " is not a portaudit history (no schema in it; "
                        + "'portaudit audit --history' creates one)", null);
            }
            if (version > LATEST_SCHEMA) {
                throw new HistoryException("history " + shown + " has schema version " + version
                        + ", newer than this portaudit reads (" + LATEST_SCHEMA + ")", null);
            }
            return new HistoryStore(c, shown, url);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof HistoryException h) {
                throw h;
            }
            throw new HistoryException("history " + shown + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** The newest schema version ({@code db/history/V<n>__*.sql}). */
    static final int LATEST_SCHEMA = 1;

    /** The highest migration applied, or -1 when there is no portaudit schema. */
    private static int schemaVersion(Connection c) throws SQLException {
        boolean present;
        try (ResultSet rs = c.getMetaData().getTables(null, null, "portaudit_schema_history", null)) {
            present = rs.next();
        }
        if (!present) {
            return -1;
        }
        int max = -1;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM portaudit_schema_history WHERE success = "
                     + (c.getMetaData().getURL().startsWith("jdbc:sqlite:") ? "1" : "true") + " AND version IS NOT NULL")) {
            while (rs.next()) {
                try {
                    max = Math.max(max, Integer.parseInt(rs.getString(1).trim()));
                } catch (NumberFormatException e) {
                    // a version we never wrote: ignore it
                }
            }
        }
        return max;
    }

    private static String checkedUrl(String fileOrUrl) {
        String url = url(fileOrUrl);
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new HistoryException("history " + shown(url)
                    + ": only SQLite files and jdbc:postgresql: URLs are supported", null);
        }
        return url;
    }

    /** The SQLite file of a jdbc:sqlite: URL, or null (PostgreSQL, or an in-memory database). */
    static java.nio.file.Path sqliteFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return null;
        }
        String f = url.substring("jdbc:sqlite:".length());
        if (f.startsWith("file:")) {
            f = f.substring("file:".length());
        }
        int q = f.indexOf('?');
        if (q >= 0) {
            f = f.substring(0, q);
        }
        return f.isEmpty() || f.equals(":memory:") ? null : java.nio.file.Path.of(f);
    }

    /** The first 16 bytes of every SQLite 3 database file. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\u0000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static Connection connect(String url, String password, boolean readOnly, String shown) {
        java.nio.file.Path file = sqliteFile(url);
        if (file != null) {
            checkSqliteFile(file, readOnly, shown);
        }
        java.util.Properties props = new java.util.Properties();
        if (file != null && readOnly) {
            props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY, without CREATE
        }
        if (password != null && !url.startsWith("jdbc:sqlite:")) {
            props.setProperty("password", password);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection(url, props);
            try (Statement s = c.createStatement()) {
                if (url.startsWith("jdbc:sqlite:")) {
                    s.execute("PRAGMA busy_timeout = 10000");
                    s.execute("PRAGMA foreign_keys = ON");
                    s.executeQuery("SELECT count(*) FROM sqlite_master").close(); // a damaged file fails here
                } else if (readOnly) {
                    s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                }
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new HistoryException("history " + shown + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** A SQLite history must be a regular file that starts as one (or, to write, an empty or missing one). */
    private static void checkSqliteFile(java.nio.file.Path file, boolean readOnly, String shown) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new HistoryException("history " + shown + " is a directory, not a SQLite file", null);
        }
        if (!java.nio.file.Files.exists(file)) {
            if (readOnly) {
                throw new HistoryException("history file " + file + " does not exist", null);
            }
            return;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new HistoryException("history " + shown + " is not a regular file", null);
        }
        byte[] head = new byte[SQLITE_HEADER.length];
        int n = 0;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (java.io.IOException e) {
            throw new HistoryException("history " + shown + ": cannot read it: " + oneLine(e.getMessage()), e);
        }
        if (n > 0 && (n < head.length || !java.util.Arrays.equals(head, SQLITE_HEADER))) {
            throw new HistoryException("history " + shown + " is not a SQLite database", null);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }

    /**
     * Takes the lock that keeps two audits of one inventory and shard from overlapping, keyed as runs are (the
     * inventory's name and the shard), so a copy of the inventory elsewhere, or on another runner, is the same
     * audit. PostgreSQL: a session advisory lock; SQLite: an OS lock on a byte of a file beside the database.
     * Either is released when the process ends, however it ends. Empty when another audit holds it.
     */
    public Optional<AutoCloseable> tryLock(String inventory, String shard) {
        long key = lockKey(inventory, shard);
        java.nio.file.Path file = sqliteFile(url);
        if (url.startsWith("jdbc:sqlite:")) {
            if (file == null) {
                return Optional.of(() -> { }); // in memory: no other process can see it
            }
            java.nio.file.Path lockFile = java.nio.file.Path.of(file + ".lock");
            try {
                return RunLock.tryAcquire(lockFile, key >>> 2).map(l -> l);
            } catch (java.io.IOException e) {
                throw new HistoryException("history " + where + ": cannot take the lock " + lockFile + ": "
                        + oneLine(e.getMessage()), e);
            }
        }
        Boolean got = query("SELECT pg_try_advisory_lock(CAST(? AS BIGINT))", rs -> rs.getBoolean(1),
                String.valueOf(key)).get(0);
        if (!got) {
            return Optional.empty();
        }
        return Optional.of(() -> query("SELECT pg_advisory_unlock(CAST(? AS BIGINT))", rs -> rs.getBoolean(1),
                String.valueOf(key)));
    }

    /** Where the audit lock is, for messages. */
    public String lockPlace() {
        java.nio.file.Path file = sqliteFile(url);
        return file != null ? file + ".lock" : "advisory lock in " + where;
    }

    static long lockKey(String inventory, String shard) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(("portaudit-audit\u0000" + inventory
                    + "\u0000" + shard).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a run: marks runs of the same inventory and shard that were left 'running' (killed) as
     * 'incomplete', then inserts this one as 'running', committed at once.
     */
    public Run startRun(String inventory, String shard, Instant started, String tool) {
        String id = UUID.randomUUID().toString();
        return tx(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "UPDATE run SET status = ? WHERE status = ? AND inventory = ? AND shard = ?")) {
                p.setString(1, INCOMPLETE);
                p.setString(2, RUNNING);
                p.setString(3, inventory);
                p.setString(4, shard);
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO run (id, inventory, shard, started_ms, started_at,"
                    + " status, tool, hosts) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")) {
                p.setString(1, id);
                p.setString(2, inventory);
                p.setString(3, shard);
                p.setLong(4, started.toEpochMilli());
                p.setString(5, started.toString());
                p.setString(6, RUNNING);
                p.setString(7, tool);
                p.executeUpdate();
            }
            return new Run(id, inventory, shard, started.toString(), null, RUNNING, 0);
        });
    }

    /** Records one host's results in one transaction: all of them or none. */
    public void recordHost(String runId, String group, HostReport h) {
        tx(() -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO host_result (run_id, target, grp, name, address,"
                    + " error, compliant, scanned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, runId);
                p.setString(2, DriftFinding.host(h));
                p.setString(3, group);
                p.setString(4, h.name());
                p.setString(5, h.address());
                p.setString(6, h.error());
                p.setBoolean(7, h.compliant());
                p.setInt(8, h.scanned());
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO observation (run_id, target, grp, transport, port,"
                    + " expected, protocol, level, state, finding, message, rtt_ms, evidence)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (PortCheck c : h.expected()) {
                    bind(p, runId, DriftFinding.host(h), group, c.transport().id(), c.portText(), true, c.protocol(),
                            c.level().id(),
                            c.state() == null ? null : c.state().word(), c.finding(), c.message(), c.rttMillis(),
                            c.evidence());
                }
                for (UnexpectedPort u : h.unexpected()) {
                    bind(p, runId, DriftFinding.host(h), group, u.transport().id(), String.valueOf(u.port()), false, u.name(),
                            null,
                            u.state() == null ? null : u.state().word(), u.finding(), u.message(), u.rttMillis(),
                            u.evidence());
                }
                p.executeBatch();
            }
            try (PreparedStatement p = db.prepareStatement("UPDATE run SET hosts = hosts + 1 WHERE id = ?")) {
                p.setString(1, runId);
                p.executeUpdate();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement p, String runId, String target, String group, String transport,
                             String port, boolean expected, String protocol, String level, String state,
                             FindingKind finding, String message, Double rtt, List<Evidence> evidence)
            throws SQLException {
        p.setString(1, runId);
        p.setString(2, target);
        p.setString(3, group);
        p.setString(4, transport);
        p.setString(5, port);
        p.setBoolean(6, expected);
        p.setString(7, protocol);
        p.setString(8, level);
        p.setString(9, state);
        p.setString(10, finding == null ? FindingKind.NOT_CHECKED.word() : finding.word());
        p.setString(11, message);
        if (rtt == null) {
            p.setNull(12, java.sql.Types.DOUBLE);
        } else {
            p.setDouble(12, rtt);
        }
        StringBuilder ev = new StringBuilder();
        for (Evidence e : evidence) {
            ev.append(e.probe()).append(": ").append(e.summary()).append('\n');
        }
        p.setString(13, ev.length() == 0 ? null : ev.toString());
        p.addBatch();
    }

    /**
     * Deletes old runs, with their hosts and observations, in one transaction; returns how many runs went. Per
     * inventory and shard: a run is deleted when it is not among the {@code keepRuns} newest (null: no such
     * limit) or started more than {@code keepDays} days before {@code now} (null: no such limit). Never deleted:
     * a run still 'running' (an audit may be writing it) and the newest complete run, which the next audit's
     * drift is measured against. {@code inventory} limits it to one inventory (null: all).
     */
    public int prune(Integer keepRuns, Integer keepDays, Instant now, String inventory) {
        if (keepRuns == null && keepDays == null) {
            throw new IllegalArgumentException("nothing to prune by");
        }
        return tx(() -> {
            record R(String id, String key, long started, String status) {
            }
            List<R> all = query("SELECT id, inventory, shard, started_ms, status FROM run"
                    + (inventory == null ? "" : " WHERE inventory = ?") + " ORDER BY started_ms DESC, id DESC",
                    rs -> new R(rs.getString(1), rs.getString(2) + "\u0000" + rs.getString(3), rs.getLong(4),
                            rs.getString(5)), inventory == null ? new String[0] : new String[] {inventory});
            long cutoff = keepDays == null ? Long.MIN_VALUE : now.toEpochMilli() - keepDays * 86_400_000L;
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            Set<String> completeKept = new java.util.HashSet<>();
            List<String> doomed = new ArrayList<>();
            for (R r : all) { // newest first
                int rank = seen.merge(r.key(), 1, Integer::sum);
                boolean newestComplete = r.status().equals(COMPLETE) && completeKept.add(r.key());
                boolean old = keepRuns != null && rank > keepRuns || r.started() < cutoff;
                if (old && !newestComplete && !r.status().equals(RUNNING)) {
                    doomed.add(r.id());
                }
            }
            for (String table : List.of("observation", "host_result", "run")) {
                try (PreparedStatement p = db.prepareStatement("DELETE FROM " + table
                        + (table.equals("run") ? " WHERE id = ?" : " WHERE run_id = ?"))) {
                    for (String id : doomed) {
                        p.setString(1, id);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
            }
            return doomed.size();
        });
    }

    /** Marks a run complete. */
    public void finishRun(String runId, Instant finished) {
        tx(() -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE run SET status = ?, finished_at = ? WHERE id = ?")) {
                p.setString(1, COMPLETE);
                p.setString(2, finished.toString());
                p.setString(3, runId);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** The latest complete run of the inventory and shard that started before {@code runId}. */
    public Optional<Run> previousComplete(String inventory, String shard, String runId) {
        List<Run> r = selectRuns("SELECT id, inventory, shard, started_at, finished_at, status, hosts FROM run"
                + " WHERE inventory = ? AND shard = ? AND status = ? AND id <> ? AND started_ms <="
                + " (SELECT started_ms FROM run WHERE id = ?) ORDER BY started_ms DESC, id DESC",
                inventory, shard, COMPLETE, runId, runId);
        return r.stream().findFirst();
    }

    /** Every run, oldest first (of one inventory when {@code inventory} is not null). */
    public List<Run> runs(String inventory) {
        return inventory == null
                ? selectRuns("SELECT id, inventory, shard, started_at, finished_at, status, hosts FROM run ORDER BY started_ms, id")
                : selectRuns("SELECT id, inventory, shard, started_at, finished_at, status, hosts FROM run WHERE inventory = ?"
                        + " ORDER BY started_ms, id", inventory);
    }

    private List<Run> selectRuns(String sql, String... args) {
        return query(sql, rs -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7)), args);
    }

    /** The problem findings a run recorded, in drift's order. */
    public List<DriftFinding> findings(String runId) {
        List<DriftFinding> out = query("SELECT target, transport, port, finding, state, message FROM observation"
                + " WHERE run_id = ?", rs -> finding(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)), runId);
        out.removeIf(f -> !f.finding().isProblem());
        out.sort(DriftFinding.ORDER);
        return out;
    }

    /** A stored observation as drift compares it (the store keeps ports as their labels: "636", "dynamic-rpc"). */
    private static DriftFinding finding(String target, String transport, String port, String finding, String state,
                                        String message) {
        Transport t = Transport.parse(transport);
        return new DriftFinding(target, t, Located.Where.parse(t, port, null), FindingKind.fromWord(finding),
                state == null ? null : PortState.fromWord(state), message);
    }

    /** The targets a run recorded (audited or not). */
    public Set<String> targets(String runId) {
        return new LinkedHashSet<>(query("SELECT DISTINCT target FROM host_result WHERE run_id = ? ORDER BY target",
                rs -> rs.getString(1), runId));
    }

    /** Every observation of a host (one port, when {@code port} is not null), oldest run first. */
    public List<PortSeen> portHistory(String target, String transport, String port) {
        StringBuilder sql = new StringBuilder("SELECT r.id, r.started_at, r.status, o.target, o.transport, o.port,"
                + " o.expected, o.state, o.finding, o.message FROM observation o JOIN run r ON r.id = o.run_id"
                + " WHERE o.target = ?");
        List<String> args = new ArrayList<>(List.of(target));
        if (port != null) {
            sql.append(" AND o.port = ?");
            args.add(port);
        }
        if (transport != null) {
            sql.append(" AND o.transport = ?");
            args.add(transport);
        }
        sql.append(" ORDER BY o.transport, o.port, r.started_ms, r.id");
        return query(sql.toString(), rs -> new PortSeen(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                rs.getString(10)), args.toArray(String[]::new));
    }

    /** The runs a host appears in, oldest first: to tell "not seen" from "nothing recorded". */
    public List<Run> runsOfHost(String target) {
        return selectRuns("SELECT DISTINCT r.id, r.inventory, r.shard, r.started_at, r.finished_at, r.status, r.hosts,"
                + " r.started_ms FROM run r JOIN host_result h ON h.run_id = r.id WHERE h.target = ?"
                + " ORDER BY r.started_ms, r.id", target);
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    // One JDBC connection: the history writer thread and readers take turns (query and tx hold the store).
    private synchronized <T> List<T> query(String sql, Row<T> row, String... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HistoryException("history " + where + ": " + oneLine(e.getMessage()), e);
        }
    }

    private synchronized <T> T tx(Work<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T t = work.run();
                db.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HistoryException("history " + where + ": " + oneLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new HistoryException("history " + where + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** The URL without a password, for messages. */
    static String shown(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
