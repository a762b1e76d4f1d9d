package org.portaudit.scanner.history;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/**
 * The history contract on a real PostgreSQL server: the one {@code lab/postgres-up} starts (lab/install-deps
 * calls it; CI runs it). Skips, saying so on stderr, only when no server answers.
 */
class HistoryPostgresIT extends HistoryContract {
    static final String URL = System.getProperty("portaudit.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/portaudit_test?user=portaudit&password=portaudit");

    @BeforeEach
    void serverIsUp() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.isValid(2);
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
