package org.portaudit.scanner.probes.udp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;

/**
 * SNMPv3 engine discovery (RFC 3414 section 4) on 161/udp: a reportable, unauthenticated GetRequest
 * with an empty engine ID and user. A v3 agent answers with a Report PDU (usmStatsUnknownEngineIDs)
 * that carries its authoritative engine ID, boots and time; no community or user is needed. (The
 * Windows SNMP service speaks v1/v2c only, so it stays silent here: use the v2c payload for it.)
 */
public final class SnmpV3DiscoveryPayload extends DecodingPayload {
    static final int VERSION_3 = 3;
    static final int USM = 3;

    private final long msgId;

    public SnmpV3DiscoveryPayload(RandomGenerator random) {
        this(random.nextInt(0x7fffffff));
    }

    SnmpV3DiscoveryPayload(long msgId) {
        super("snmp-v3-discovery", message(msgId));
        this.msgId = msgId;
    }

    static byte[] message(long msgId) {
        byte[] global = Der.seq(Der.integer(msgId), Der.integer(65507), Der.octets(new byte[] {0x04}),
                Der.integer(USM));
        byte[] usm = Der.seq(Der.octets(new byte[0]), Der.integer(0), Der.integer(0), Der.octets(new byte[0]),
                Der.octets(new byte[0]), Der.octets(new byte[0]));
        byte[] scoped = Der.seq(Der.octets(new byte[0]), Der.octets(new byte[0]), Snmp.getRequest(msgId));
        return Der.seq(Der.integer(VERSION_3), global, Der.octets(usm), scoped);
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        Wire msg = Der.expect(w, Der.SEQUENCE).content();
        if (Der.readInteger(msg) != VERSION_3) {
            return Optional.empty();
        }
        Wire global = Der.expect(msg, Der.SEQUENCE).content();
        long id = Der.readInteger(global);
        if (id != msgId) {
            return Optional.empty();
        }
        Der.readInteger(global); // msgMaxSize
        byte[] flags = Der.bytesOf(Der.expect(global, Der.OCTET_STRING).content());
        long model = Der.readInteger(global);
        Wire sec = Der.expect(msg, Der.OCTET_STRING).content();
        Map<String, String> d = new LinkedHashMap<>();
        String engine = null;
        if (model == USM) {
            Wire usm = Der.expect(sec, Der.SEQUENCE).content();
            byte[] engineId = Der.bytesOf(Der.expect(usm, Der.OCTET_STRING).content());
            long boots = Der.readInteger(usm);
            long time = Der.readInteger(usm);
            engine = Text.hex(engineId, 32);
            d.put("engineId", engine);
            String enterprise = enterprise(engineId);
            if (enterprise != null) {
                d.put("engineEnterprise", enterprise);
            }
            d.put("engineBoots", Long.toString(boots));
            d.put("engineTime", Long.toString(time));
        }
        boolean encrypted = flags.length == 1 && (flags[0] & 0x02) != 0;
        if (encrypted) {
            if (engine == null || engine.isEmpty()) {
                return Optional.empty();
            }
        } else {
            Wire scoped = Der.expect(msg, Der.SEQUENCE).content();
            Der.expect(scoped, Der.OCTET_STRING);
            Der.expect(scoped, Der.OCTET_STRING);
            Snmp.Pdu pdu = Snmp.readPdu(scoped);
            if (pdu.type() != Snmp.REPORT && pdu.type() != Snmp.RESPONSE) {
                return Optional.empty(); // a request (perhaps our own, reflected) proves nothing
            }
            d.put("pdu", pdu.type() == Snmp.REPORT ? "Report" : "Response");
            for (Snmp.VarBind vb : pdu.varBinds()) {
                d.put(vb.oid().equals(Snmp.USM_UNKNOWN_ENGINE_IDS) ? "usmStatsUnknownEngineIDs" : vb.oid(),
                        vb.value());
            }
        }
        return matched("SNMPv3 engine" + (engine != null ? " " + engine : "")
                + (d.containsKey("engineEnterprise") ? " (" + d.get("engineEnterprise") + ")" : ""), d);
    }

    /** RFC 3411 SnmpEngineID: the first four octets are the IANA enterprise number (high bit set). */
    static String enterprise(byte[] id) {
        if (id.length < 5) {
            return null;
        }
        long pen = ((id[0] & 0x7fL) << 24) | (id[1] & 0xff) << 16 | (id[2] & 0xff) << 8 | id[3] & 0xff;
        String who = switch ((int) pen) {
            case 9 -> "Cisco";
            case 11 -> "HP";
            case 311 -> "Microsoft";
            case 2021 -> "UCD-SNMP";
            case 8072 -> "Net-SNMP";
            default -> null;
        };
        return "enterprise " + pen + (who != null ? " " + who : "");
    }
}
