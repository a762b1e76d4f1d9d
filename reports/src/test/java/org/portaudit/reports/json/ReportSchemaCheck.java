package org.portaudit.reports.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Checks a report.json against the published schema ({@code org/portaudit/reports/report.schema.json}) with an
 * independent validator (networknt json-schema-validator, draft 2020-12). For the reports tests and, through the
 * reports test-jar, the scanner's: every report a test writes goes through {@link #assertValid}.
 */
public final class ReportSchemaCheck {
    /** Where the schema is, on the class path of the reports jar. */
    public static final String RESOURCE = "/org/portaudit/reports/report.schema.json";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema SCHEMA = load();

    private ReportSchemaCheck() {
    }

    /** Fails with every violation (where, and what) when {@code json} is not a valid report.json of schema 2. */
    public static void assertValid(String json) {
        List<String> errors = errors(json);
        if (!errors.isEmpty()) {
            throw new AssertionError("report.json does not match " + RESOURCE + ":\n  " + String.join("\n  ", errors));
        }
    }

    /** The violations, one line each ("/hosts/0/expected/1/port: string found, integer expected"); empty if valid. */
    public static List<String> errors(String json) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return SCHEMA.validate(tree).stream().map(Error::toString).toList();
    }

    /** The schema as a tree, for tests that look at the schema itself. */
    public static JsonNode schemaTree() {
        try (InputStream in = ReportSchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema load() {
        return REGISTRY.getSchema(schemaTree());
    }
}
