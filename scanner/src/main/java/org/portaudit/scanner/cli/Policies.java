package org.portaudit.scanner.cli;

import java.nio.file.Path;
import org.portaudit.catalog.Catalog;
import org.portaudit.scanner.audit.Policy;

/** Policy files as the commands load them: a malformed one is bad input. */
final class Policies {
    private Policies() {
    }

    static Policy load(Path file, Catalog catalog) {
        try {
            return Policy.load(file, catalog);
        } catch (Policy.PolicyError e) {
            throw new UsageError("bad policy: " + e.getMessage());
        }
    }
}
