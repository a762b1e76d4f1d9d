package org.portaudit.scanner.cli;

import java.nio.file.Path;
import java.util.function.Function;
import org.portaudit.catalog.InputException;
import org.portaudit.catalog.InputFile;
import picocli.CommandLine.Option;

/**
 * Where a PostgreSQL history's password comes from, so that it never has to be in the URL (which {@code ps}
 * shows): {@code --password-file}, else the environment's PGPASSWORD, else the driver's own look-up in
 * {@code ~/.pgpass} (or the file PGPASSFILE names), as psql does.
 */
public final class HistoryPassword {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file whose first line is the PostgreSQL history's password (else PGPASSWORD, else "
                    + "~/.pgpass, as psql; the URL need not hold it).")
    Path passwordFile;

    /** The environment; tests replace it. */
    Function<String, String> env = System::getenv;

    /** The password to connect to {@code history} with, or null: the URL's or the driver's ~/.pgpass look-up. */
    String password(String history) {
        if (!history.startsWith("jdbc:postgresql:")) {
            if (passwordFile != null) {
                throw new UsageError("--password-file is for a jdbc:postgresql: history");
            }
            return null;
        }
        if (passwordFile != null) {
            String text;
            try {
                text = InputFile.read(passwordFile, new InputFile.Limits(4096, 1024));
            } catch (InputException e) {
                throw new UsageError("bad password file: " + e.getMessage());
            }
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new UsageError("bad password file: " + passwordFile + ": its first line is empty");
            }
            return first;
        }
        String env = this.env.apply("PGPASSWORD");
        return env == null || env.isEmpty() ? null : env;
    }
}
