package org.portaudit.scanner.history;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history contract on a real SQLite file. */
class HistorySqliteTest extends HistoryContract {
    @TempDir
    Path dir;

    @Override
    String where() {
        return dir.resolve("history.db").toString();
    }

    @Test
    void theFileIsCreatedWithItsSchema() {
        try (HistoryStore store = HistoryStore.open(where())) {
            assertTrue(store.runs(null).isEmpty());
        }
        assertTrue(Files.isRegularFile(Path.of(where())));
    }
}
