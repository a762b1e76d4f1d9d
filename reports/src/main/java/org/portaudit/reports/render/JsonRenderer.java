package org.portaudit.reports.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.RunSummary;

/**
 * report.json: the lossless format; {@link #read} gives back the same report, and rendering what it gives
 * back writes the same bytes. (The per-kind counts are immutable maps whose iteration order depends on how
 * they were built, so they are written in a fixed order: the finding kinds' order, then any other key.)
 */
public final class JsonRenderer implements Renderer {
    private static final ObjectWriter WRITER = Json.MAPPER.copy()
            .addMixIn(HostReport.class, HostReportCounts.class)
            .addMixIn(RunSummary.class, RunSummaryCounts.class)
            .writer();

    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        WRITER.writeValue(out, report);
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

    /** Mix-in: HostReport's counts in a fixed order. */
    abstract static class HostReportCounts {
        @JsonSerialize(using = CountsSerializer.class)
        abstract Map<String, Integer> counts();
    }

    /** Mix-in: RunSummary's findings in a fixed order. */
    abstract static class RunSummaryCounts {
        @JsonSerialize(using = CountsSerializer.class)
        abstract Map<String, Integer> findings();
    }

    /** Writes a count map with the finding kinds first, in their declared order, then other keys sorted. */
    static final class CountsSerializer extends StdSerializer<Map<String, Integer>> {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings({"unchecked", "rawtypes"})
        CountsSerializer() {
            super((Class<Map<String, Integer>>) (Class) Map.class);
        }

        @Override
        public void serialize(Map<String, Integer> counts, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            List<String> others = new ArrayList<>();
            for (String k : counts.keySet()) {
                others.add(k);
            }
            for (FindingKind k : FindingKind.values()) {
                if (others.remove(k.word())) {
                    write(gen, k.word(), counts.get(k.word()));
                }
            }
            others.sort(null);
            for (String k : others) {
                write(gen, k, counts.get(k));
            }
            gen.writeEndObject();
        }

        private static void write(JsonGenerator gen, String key, Integer value) throws IOException {
            if (value == null) {
                gen.writeNullField(key);
            } else {
                gen.writeNumberField(key, value);
            }
        }
    }
}
