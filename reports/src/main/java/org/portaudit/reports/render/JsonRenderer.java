package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.json.ReportReader;
import org.portaudit.reports.model.AuditReport;

/**
 * report.json: the lossless format, schema version {@value AuditReport#SCHEMA_VERSION} (published as
 * {@code org/portaudit/reports/report.schema.json}). Reading gives back the same report, and rendering
 * what it gives back writes the same bytes; {@link #read} also reads schema version 1.
 */
public final class JsonRenderer implements Renderer {
    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        Json.MAPPER.writeValue(out, report);
        out.write(System.lineSeparator());
        out.flush();
    }

    /** Reads a report of schema version 1 or 2; IOException with a one-line reason on bad input. */
    public static AuditReport read(Reader in) throws IOException {
        return ReportReader.read(in);
    }
}
