package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * SSDP (UPnP Device Architecture 2.0, section 1.3) on 1900/udp: a unicast M-SEARCH for
 * {@code ssdp:all}. A device answers "HTTP/1.1 200 OK" with SERVER, ST, USN and LOCATION headers.
 */
public final class SsdpPayload extends DecodingPayload {
    static final String REQUEST = "M-SEARCH * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "MAN: \"ssdp:discover\"\r\n"
            + "MX: 1\r\n"
            + "ST: ssdp:all\r\n"
            + "USER-AGENT: portaudit/0.1 UPnP/2.0 portaudit/0.1\r\n"
            + "\r\n";
    private static final int MAX_LINES = 40;

    public SsdpPayload() {
        super("ssdp-m-search", REQUEST.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (w.remaining() < 12 || w.remaining() > 8192) {
            return Optional.empty();
        }
        String text = w.string(w.remaining(), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", MAX_LINES + 1);
        String status = lines[0];
        if (!status.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
            return Optional.empty();
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("status", Text.clean(status));
        d.put("statusCode", code);
        for (int i = 1; i < Math.min(lines.length, MAX_LINES); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = lines[i].substring(0, colon).trim().toUpperCase(Locale.ROOT);
            if (key.equals("SERVER") || key.equals("ST") || key.equals("USN") || key.equals("LOCATION")) {
                d.put(key.toLowerCase(Locale.ROOT), Text.clean(lines[i].substring(colon + 1).trim()));
            }
        }
        if (code != 200 && !d.containsKey("st") && !d.containsKey("usn")) {
            return Optional.empty(); // some HTTP-over-UDP reply that is not SSDP
        }
        return matched("SSDP " + (d.containsKey("server") ? d.get("server") : "response " + code), d);
    }
}
