package org.portaudit.scanner.history;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/**
 * The history contract on a real PostgreSQL server: the one {@code lab/postgres-up} starts (lab/install-deps
 * calls it; CI runs it). Skips, saying so on stderr, only when no server answers. Each test drops the
 * history's tables first.
 */
class HistoryPostgresIT extends HistoryContract {
    static final String URL = System.getProperty("portaudit.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/portaudit_test?user=portaudit&password=portaudit");

    @BeforeEach
    void serverIsUp() {
        try (Connection c = DriverManager.getConnection(URL); java.sql.Statement s = c.createStatement()) {
            // the server outlives the test run: start each test from an empty database, so Flyway creates the
            // schema from nothing every time and no test sees another's hosts
            s.execute("DROP TABLE IF EXISTS observation, host_result, run, portaudit_schema_history");
        } catch (SQLException e) {
            String why = "SKIPPED: no PostgreSQL at " + URL.replaceAll("password=[^&]*", "password=***")
                    + " (" + e.getMessage() + "); run lab/postgres-up as root";
            System.err.println(why);
            assumeTrue(false, why);
        }
    }

    @Override
    String where() {
        return URL;
    }
}
