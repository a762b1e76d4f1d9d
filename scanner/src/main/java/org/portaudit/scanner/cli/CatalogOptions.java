package org.portaudit.scanner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogException;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.WindowsVersion;
import picocli.CommandLine.Option;

/** Shared flags: which catalog and which Windows version's view of it. */
public final class CatalogOptions {
    @Option(names = "--catalog", paramLabel = "FILE",
            description = "Extra roles and services (YAML, same format as the built-in catalog); repeatable. "
                    + "Entries replace built-in ones with the same id.")
    List<Path> catalogFiles = new ArrayList<>();

    @Option(names = "--windows", paramLabel = "VERSION", defaultValue = "current",
            description = "Windows Server version whose ports to use: 2003 (as in the source documents), 2003r2, "
                    + "2008, 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025 or current (default: ${DEFAULT-VALUE}, "
                    + "i.e. 2025).")
    String windows;

    private Catalog catalog;

    /** Loads once; a bad file becomes a one-line usage error. */
    public Catalog catalog() {
        if (catalog == null) {
            try {
                catalog = catalogFiles.isEmpty() ? CatalogLoader.builtIn() : CatalogLoader.withUserFiles(catalogFiles);
            } catch (CatalogException e) {
                throw new UsageError("bad catalog: " + e.getMessage());
            }
        }
        return catalog;
    }

    public WindowsVersion version() {
        try {
            return WindowsVersion.parse(windows);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
