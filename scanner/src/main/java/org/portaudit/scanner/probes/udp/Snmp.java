package org.portaudit.scanner.probes.udp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Details;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Malformed;

/** SNMP PDUs (RFC 3416 section 3) shared by the v2c and v3 payloads. */
final class Snmp {
    static final int GET_REQUEST = 0xa0;
    static final int GET_NEXT_REQUEST = 0xa1;
    static final int RESPONSE = 0xa2;
    static final int REPORT = 0xa8;
    static final String SYS_DESCR = "1.3.6.1.2.1.1.1.0";
    static final String SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0";
    static final String SYS_NAME = "1.3.6.1.2.1.1.5.0";
    static final String USM_UNKNOWN_ENGINE_IDS = "1.3.6.1.6.3.15.1.1.4.0";
    private static final int MAX_VARBINDS = 16;
    private static final String[] ERRORS = {
        "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType",
        "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
        "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
        "inconsistentName"};

    private Snmp() {
    }

    static byte[] getRequest(long requestId, String... oids) {
        byte[][] binds = new byte[oids.length][];
        for (int i = 0; i < oids.length; i++) {
            binds[i] = Ber.seq(Ber.oid(oids[i]), Ber.nul());
        }
        return Ber.tlv(GET_REQUEST, Ber.integer(requestId), Ber.integer(0), Ber.integer(0), Ber.seq(binds));
    }

    /** Detail keys for the system-group objects (RFC 3418) an agent may return. */
    private static final Map<String, String> NAMES = Map.of(
            SYS_DESCR, "sysDescr", SYS_OBJECT_ID, "sysObjectID", "1.3.6.1.2.1.1.3.0", "sysUpTime",
            "1.3.6.1.2.1.1.4.0", "sysContact", SYS_NAME, "sysName", "1.3.6.1.2.1.1.6.0", "sysLocation",
            USM_UNKNOWN_ENGINE_IDS, "usmStatsUnknownEngineIDs");

    /**
     * Puts each variable binding into evidence details: a known object under its name (a whole
     * number as a number), any other as "oid = value" in the list {@code varBinds}.
     */
    static void putVarBinds(List<VarBind> vbs, Map<String, Object> d) {
        List<String> others = new ArrayList<>();
        for (VarBind vb : vbs) {
            String name = NAMES.get(vb.oid());
            if (name != null) {
                d.put(name, Details.value(vb.value()));
            } else {
                others.add(vb.oid() + " = " + vb.value());
            }
        }
        if (!others.isEmpty()) {
            d.put("varBinds", others);
        }
    }

    record VarBind(String oid, String value) {
    }

    record Pdu(int type, long requestId, long errorStatus, List<VarBind> varBinds) {
        String errorName() {
            return errorStatus >= 0 && errorStatus < ERRORS.length ? ERRORS[(int) errorStatus]
                    : "error" + errorStatus;
        }
    }

    /** Reads a PDU of any type; values rendered as bounded text. */
    static Pdu readPdu(Wire w) {
        Ber.Tlv t = Ber.read(w);
        if (t.cls() != Ber.CONTEXT || !t.constructed()) {
            throw new Malformed("not a PDU");
        }
        Wire c = t.content();
        long reqId = Ber.readInteger(c);
        long status = Ber.readInteger(c);
        Ber.readInteger(c); // error-index
        Wire binds = Ber.expect(c, Ber.SEQUENCE).content();
        List<VarBind> out = new ArrayList<>();
        while (binds.hasRemaining() && out.size() < MAX_VARBINDS) {
            Wire vb = Ber.expect(binds, Ber.SEQUENCE).content();
            String oid = Ber.oidValue(Ber.expect(vb, Ber.OID).content());
            out.add(new VarBind(oid, value(Ber.read(vb))));
        }
        return new Pdu(t.identifierOctet(), reqId, status, out);
    }

    /** RFC 2578 / RFC 3416 value syntaxes as text. */
    static String value(Ber.Tlv v) {
        Wire c = v.content();
        if (v.is(Ber.OCTET_STRING)) {
            byte[] b = Ber.bytesOf(c);
            return printable(b) ? Text.utf8(b, 512) : "0x" + Text.hex(b, 64);
        }
        if (v.is(Ber.INTEGER)) {
            return Long.toString(Ber.intValue(c));
        }
        if (v.cls() == Ber.APPLICATION && v.number() >= 1 && v.number() <= 3) {
            return Long.toString(Ber.intValue(c) & 0xffffffffL); // Counter32, Gauge32, TimeTicks
        }
        if (v.cls() == Ber.APPLICATION && v.number() == 6) {
            return Long.toUnsignedString(Ber.intValue(c)); // Counter64
        }
        if (v.is(Ber.OID)) {
            return Ber.oidValue(c);
        }
        if (v.cls() == Ber.APPLICATION && v.number() == 0 && c.remaining() == 4) {
            return c.u8() + "." + c.u8() + "." + c.u8() + "." + c.u8();
        }
        if (v.is(Ber.NULL)) {
            return "null";
        }
        if (v.cls() == Ber.CONTEXT && !v.constructed()) {
            return switch (v.number()) {
                case 0 -> "noSuchObject";
                case 1 -> "noSuchInstance";
                case 2 -> "endOfMibView";
                default -> "exception" + v.number();
            };
        }
        return "(tag 0x" + Integer.toHexString(v.identifierOctet()) + ")";
    }

    static boolean printable(byte[] b) {
        for (byte x : b) {
            int u = x & 0xff;
            if (u < 0x20 && u != '\r' && u != '\n' && u != '\t') {
                return false;
            }
        }
        return true;
    }
}
