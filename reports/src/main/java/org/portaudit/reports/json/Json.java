package org.portaudit.reports.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.portaudit.catalog.Source;

/** The one configured ObjectMapper, and small helpers for the documented JSON shapes. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Writes {@code node} pretty-printed with a trailing newline; never closes {@code out}. */
    public static void write(Object node, Writer out) {
        try {
            MAPPER.writeValue(out, node);
            out.write(System.lineSeparator());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"doc":..,"section":..,"kb":..,"url":..,"title":..,"cite":..} with absent members left out. */
    public static ObjectNode source(Source s) {
        ObjectNode n = object();
        if (s == null) {
            return n;
        }
        putIf(n, "doc", s.doc());
        putIf(n, "section", s.section());
        putIf(n, "kb", s.kb());
        putIf(n, "url", s.url());
        putIf(n, "title", s.title());
        n.put("cite", s.cite());
        return n;
    }

    public static void putIf(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }
}
