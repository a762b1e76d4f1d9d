package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * SQL Server Browser (MC-SQLR) on 1434/udp: CLNT_UCAST_EX (the single octet 0x03, section 2.2.2) asks
 * for every instance on the host; the SVR_RESP (section 2.2.5: 0x05, a little-endian RESP_SIZE and
 * RESP_DATA) lists them as "ServerName;X;InstanceName;Y;IsClustered;No;Version;V;tcp;1433;np;...;;".
 * The reply carries no request ID; its shape is the proof.
 */
public final class SqlBrowserPayload extends DecodingPayload {
    static final int CLNT_UCAST_EX = 0x03;
    static final int SVR_RESP = 0x05;
    private static final int MAX_INSTANCES = 32;

    public SqlBrowserPayload() {
        super("mssql-browser", new byte[] {CLNT_UCAST_EX});
    }

    /** One instance record: the key/value pairs in order. */
    record Instance(Map<String, String> fields) {
        String describe() {
            StringBuilder sb = new StringBuilder(fields.getOrDefault("InstanceName", "?"));
            if (fields.containsKey("tcp")) {
                sb.append(" tcp ").append(fields.get("tcp"));
            }
            if (fields.containsKey("Version")) {
                sb.append(" version ").append(fields.get("Version"));
            }
            if ("Yes".equalsIgnoreCase(fields.get("IsClustered"))) {
                sb.append(" clustered");
            }
            return sb.toString();
        }
    }

    static List<Instance> parse(String data) {
        List<Instance> out = new ArrayList<>();
        for (String record : data.split(";;")) {
            if (out.size() == MAX_INSTANCES || record.isEmpty()) {
                continue;
            }
            String[] parts = record.split(";", 65);
            Map<String, String> f = new LinkedHashMap<>();
            for (int i = 0; i + 1 < parts.length && i < 64; i += 2) {
                f.put(Text.clean(parts[i], 32), Text.clean(parts[i + 1]));
            }
            if (f.containsKey("ServerName") && f.containsKey("InstanceName")) {
                out.add(new Instance(f));
            }
        }
        return out;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (w.remaining() < 3 || w.u8() != SVR_RESP) {
            return Optional.empty();
        }
        int size = w.u16le();
        if (size == 0 || size > w.remaining()) {
            return Optional.empty();
        }
        // MBCS text; ASCII for every field the spec defines, so Latin-1 decoding cannot mislead
        String data = w.string(size, StandardCharsets.ISO_8859_1);
        List<Instance> instances = parse(data);
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serverName", instances.get(0).fields().get("ServerName"));
        List<String> shown = new ArrayList<>();
        List<String> pipes = new ArrayList<>();
        for (Instance in : instances) {
            shown.add(in.describe());
            if (in.fields().containsKey("np")) {
                pipes.add(in.fields().get("np"));
            }
        }
        d.put("instances", shown);
        d.put("instanceCount", instances.size());
        if (!pipes.isEmpty()) {
            d.put("namedPipes", pipes);
        }
        return matched("SQL Server Browser: " + d.get("serverName") + " has " + instances.size()
                + " instance(s): " + String.join(", ", shown), d);
    }
}
