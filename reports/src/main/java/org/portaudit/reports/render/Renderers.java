package org.portaudit.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The report formats by name: each with its renderer and the file name it is written to in an output folder. */
public final class Renderers {
    /** A report format: its name on the command line, its file name, and a fresh renderer for it. */
    public record Format(String name, String fileName, Supplier<Renderer> factory) {
        public Renderer renderer() {
            return factory.get();
        }
    }

    /** In the order a user reads them. */
    private static final List<Format> FORMATS = List.of(
            new Format("text", "report.txt", () -> new ConsoleRenderer(false, false)),
            new Format("json", "report.json", JsonRenderer::new),
            new Format("html", "report.html", HtmlRenderer::new),
            new Format("csv", "report.csv", CsvRenderer::new),
            new Format("junit", "report-junit.xml", JunitXmlRenderer::new),
            new Format("markdown", "report.md", MarkdownRenderer::new));

    private Renderers() {
    }

    /** Every format, in a fixed order. */
    public static List<Format> all() {
        return FORMATS;
    }

    /** The format names: text, json, html, csv, junit, markdown. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Format f : FORMATS) {
            n.add(f.name());
        }
        return n;
    }

    /** The format of that name (case-insensitive; "md" is markdown, "xml" junit), or empty. */
    public static Optional<Format> byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        n = switch (n) {
            case "md" -> "markdown";
            case "xml", "junit-xml" -> "junit";
            case "console", "txt" -> "text";
            default -> n;
        };
        for (Format f : FORMATS) {
            if (f.name().equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
