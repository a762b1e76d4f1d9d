package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;

/** report.json: the lossless format; {@link #read} gives back the same report. */
public final class JsonRenderer implements Renderer {
    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        Json.MAPPER.writeValue(out, report);
        out.write(System.lineSeparator());
        out.flush();
    }

    /** Reads a report written by {@link #render}; throws IOException with a one-line reason on bad input. */
    public static AuditReport read(Reader in) throws IOException {
        AuditReport r = Json.MAPPER.readValue(in, AuditReport.class);
        if (r == null || r.schemaVersion() != AuditReport.SCHEMA_VERSION) {
            throw new IOException("not a portaudit report of schema version " + AuditReport.SCHEMA_VERSION);
        }
        return r;
    }
}
