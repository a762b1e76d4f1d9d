package org.portaudit.scanner.probes.udp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Wire;

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
        byte[] global = Ber.seq(Ber.integer(msgId), Ber.integer(65507), Ber.octets(new byte[] {0x04}),
                Ber.integer(USM));
        byte[] usm = Ber.seq(Ber.octets(new byte[0]), Ber.integer(0), Ber.integer(0), Ber.octets(new byte[0]),
                Ber.octets(new byte[0]), Ber.octets(new byte[0]));
        byte[] scoped = Ber.seq(Ber.octets(new byte[0]), Ber.octets(new byte[0]), Snmp.getRequest(msgId));
        return Ber.seq(Ber.integer(VERSION_3), global, Ber.octets(usm), scoped);
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        if (Ber.readInteger(msg) != VERSION_3) {
            return Optional.empty();
        }
        Wire global = Ber.expect(msg, Ber.SEQUENCE).content();
        long id = Ber.readInteger(global);
        if (id != msgId) {
            return Optional.empty();
        }
        Ber.readInteger(global); // msgMaxSize
        byte[] flags = Ber.bytesOf(Ber.expect(global, Ber.OCTET_STRING).content());
        long model = Ber.readInteger(global);
        Wire sec = Ber.expect(msg, Ber.OCTET_STRING).content();
        Map<String, Object> d = new LinkedHashMap<>();
        String engine = null;
        if (model == USM) {
            Wire usm = Ber.expect(sec, Ber.SEQUENCE).content();
            byte[] engineId = Ber.bytesOf(Ber.expect(usm, Ber.OCTET_STRING).content());
            long boots = Ber.readInteger(usm);
            long time = Ber.readInteger(usm);
            engine = Text.hex(engineId, 32);
            d.put("engineId", engine);
            String enterprise = enterprise(engineId);
            if (enterprise != null) {
                d.put("engineEnterprise", enterprise);
            }
            d.put("engineBoots", boots);
            d.put("engineTime", time);
        }
        boolean encrypted = flags.length == 1 && (flags[0] & 0x02) != 0;
        if (encrypted) {
            if (engine == null || engine.isEmpty()) {
                return Optional.empty();
            }
        } else {
            Wire scoped = Ber.expect(msg, Ber.SEQUENCE).content();
            Ber.expect(scoped, Ber.OCTET_STRING);
            Ber.expect(scoped, Ber.OCTET_STRING);
            Snmp.Pdu pdu = Snmp.readPdu(scoped);
            if (pdu.type() != Snmp.REPORT && pdu.type() != Snmp.RESPONSE) {
                return Optional.empty(); // a request (perhaps our own, reflected) proves nothing
            }
            d.put("pdu", pdu.type() == Snmp.REPORT ? "Report" : "Response");
            Snmp.putVarBinds(pdu.varBinds(), d);
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
