package org.portaudit.reports.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Function;
import org.portaudit.catalog.Level;
import org.portaudit.catalog.Source;
import org.portaudit.catalog.Transport;

/** The one configured ObjectMapper, and small helpers for the documented JSON shapes. */
public final class Json {
    /**
     * Pretty-printed; the catalog's word sets (transport, level) as their lower-case words; unknown
     * members and missing creator members refused or null as Jackson decides per type (records are strict
     * about types: a port given as a string is refused).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(words())
            .build();

    private Json() {
    }

    /**
     * Loads Jackson and builds the report's serializers on a daemon thread, while a scan probes: on a
     * two-core machine that is about 0.25 s a run would otherwise spend after its last probe, before the
     * first byte of JSON (README, "Speed"). Harmless if it has not finished: the renderer then waits for
     * the class initialisation as it always did.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                // the writer fetches the report's serializers as it is made (EAGER_SERIALIZER_FETCH); writing a
                // small tree loads the generator's classes
                MAPPER.writerFor(org.portaudit.reports.model.AuditReport.class);
                MAPPER.writeValueAsString(MAPPER.createObjectNode().put("warm", 1));
            } catch (IOException | RuntimeException e) {
                // only a head start: the real render reports any problem itself
            }
        }, "portaudit-json-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static SimpleModule words() {
        SimpleModule m = new SimpleModule("portaudit-words");
        word(m, Transport.class, Transport::id, Transport::parse);
        word(m, Level.class, Level::id, Level::parse);
        word(m, org.portaudit.catalog.Perspective.class, org.portaudit.catalog.Perspective::id,
                org.portaudit.catalog.Perspective::parse);
        return m;
    }

    private static <E> void word(SimpleModule m, Class<E> type, Function<E, String> id, Function<String, E> parse) {
        m.addSerializer(type, new JsonSerializer<E>() {
            @Override
            public void serialize(E value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(id.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<E>() {
            @Override
            public E deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.currentToken().isScalarValue() || p.currentToken().isNumeric()) {
                    return type.cast(ctx.handleUnexpectedToken(type, p));
                }
                try {
                    return parse.apply(p.getText());
                } catch (IllegalArgumentException e) {
                    // the word set's own message ("unknown transport 'sctp' (expected tcp, udp or ip)") as the cause
                    throw com.fasterxml.jackson.databind.JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        });
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
