package org.portaudit.scanner.probes.udp;

import java.util.ArrayList;
import java.util.List;

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
            binds[i] = Der.seq(Der.oid(oids[i]), Der.nul());
        }
        return Der.tlv(GET_REQUEST, Der.integer(requestId), Der.integer(0), Der.integer(0), Der.seq(binds));
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
        Der.Tlv t = Der.read(w);
        if (t.cls() != Der.CONTEXT || !t.constructed()) {
            throw new Malformed("not a PDU");
        }
        Wire c = t.content();
        long reqId = Der.readInteger(c);
        long status = Der.readInteger(c);
        Der.readInteger(c); // error-index
        Wire binds = Der.expect(c, Der.SEQUENCE).content();
        List<VarBind> out = new ArrayList<>();
        while (binds.hasRemaining() && out.size() < MAX_VARBINDS) {
            Wire vb = Der.expect(binds, Der.SEQUENCE).content();
            String oid = Der.oidValue(Der.expect(vb, Der.OID).content());
            out.add(new VarBind(oid, value(Der.read(vb))));
        }
        return new Pdu(t.identifierOctet(), reqId, status, out);
    }

    /** RFC 2578 / RFC 3416 value syntaxes as text. */
    static String value(Der.Tlv v) {
        Wire c = v.content();
        if (v.is(Der.OCTET_STRING)) {
            byte[] b = Der.bytesOf(c);
            return printable(b) ? Text.utf8(b, 512) : "0x" + Text.hex(b, 64);
        }
        if (v.is(Der.INTEGER)) {
            return Long.toString(Der.intValue(c));
        }
        if (v.cls() == Der.APPLICATION && v.number() >= 1 && v.number() <= 3) {
            return Long.toString(Der.intValue(c) & 0xffffffffL); // Counter32, Gauge32, TimeTicks
        }
        if (v.cls() == Der.APPLICATION && v.number() == 6) {
            return Long.toUnsignedString(Der.intValue(c)); // Counter64
        }
        if (v.is(Der.OID)) {
            return Der.oidValue(c);
        }
        if (v.cls() == Der.APPLICATION && v.number() == 0 && c.remaining() == 4) {
            return c.u8() + "." + c.u8() + "." + c.u8() + "." + c.u8();
        }
        if (v.is(Der.NULL)) {
            return "null";
        }
        if (v.cls() == Der.CONTEXT && !v.constructed()) {
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
