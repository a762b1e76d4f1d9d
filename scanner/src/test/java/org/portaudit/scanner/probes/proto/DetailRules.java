package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.portaudit.reports.model.Evidence;

/** The rules every evidence detail of a probe obeys, for the tests of the UDP payloads and TCP conversations. */
public final class DetailRules {
    /** Text that is really a number (or a boolean) and should have been stored as one. */
    private static final Pattern NUMERIC = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?|true|false");

    private DetailRules() {
    }

    /**
     * Every key lowerCamelCase, every value a Long, Double, Boolean, List of String or a String that
     * is not a number or boolean in disguise (keys ending in Hex or Text hold raw bytes, a dotted xxxVersion is a label: exempt).
     */
    public static void assertTyped(Evidence e) {
        for (Map.Entry<String, ?> d : e.details().entrySet()) {
            String where = e.probe() + " detail " + d.getKey() + "=" + d.getValue() + " in " + e.details();
            assertTrue(Details.KEY.matcher(d.getKey()).matches(), "key style: " + where);
            Object v = d.getValue();
            if (v instanceof String s) {
                // a hex dump or the raw text of a reply may happen to be all digits: they are bytes, not numbers
                // and "1.1" of httpVersion is a version label, not a quantity
                boolean raw = d.getKey().endsWith("Hex") || d.getKey().endsWith("Text")
                        || d.getKey().endsWith("Version") && s.contains(".");
                assertFalse(!raw && NUMERIC.matcher(s).matches(), "a number or boolean kept as text: " + where);
            } else if (v instanceof List<?> list) {
                list.forEach(o -> assertTrue(o instanceof String, "list of text: " + where));
            } else if (!(v instanceof Long || v instanceof Double || v instanceof Boolean)) {
                fail("value type " + v.getClass().getSimpleName() + ": " + where);
            }
        }
    }

    /** The stored replies (*.hex) of one resource folder, e.g. "/probes/udp". */
    public static List<Path> storedReplies(String folder) {
        try (Stream<Path> files = Files.list(Path.of(DetailRules.class.getResource(folder).toURI()))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".hex")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
