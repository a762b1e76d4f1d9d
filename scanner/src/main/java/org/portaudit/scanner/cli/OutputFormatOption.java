package org.portaudit.scanner.cli;

import picocli.CommandLine.Option;

/** --format text|json for the look-up commands. */
public final class OutputFormatOption {
    /** Output formats of the look-up commands. */
    public enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (stable shape, documented in the README).")
    Format format;

    public boolean json() {
        return format == Format.json;
    }
}
