package org.portaudit.scanner.probes.proto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LDAP (RFC 4511) messages in BER, for the rootDSE read over TCP and the CLDAP searches over UDP
 * (MS-ADTS 6.3.3 "LDAP ping"): the searchRequest we send, and the LDAPMessage, SearchResultEntry and
 * LDAPResult (SearchResultDone, notice of disconnection) a server answers with. Framing (one
 * datagram, or BER framing in a TCP stream via {@link Ber#frameLength}) is left to the callers.
 */
public final class Ldap {
    public static final int OP_SEARCH_REQUEST = 3;
    public static final int OP_SEARCH_RES_ENTRY = 4;
    public static final int OP_SEARCH_RES_DONE = 5;
    public static final int OP_EXTENDED_RESPONSE = 24;

    private Ldap() {
    }

    // ---- encoding -------------------------------------------------------------------------

    /** Filter present [7]: {@code (attribute=*)}. */
    public static byte[] present(String attribute) {
        return Ber.text(0x87, attribute);
    }

    /** Filter equalityMatch [3] AttributeValueAssertion. */
    public static byte[] equality(String attribute, byte[] value) {
        return Ber.tlv(0xa3, Ber.octets(attribute), Ber.octets(value));
    }

    /** Filter and [0] SET OF Filter. */
    public static byte[] and(byte[]... terms) {
        return Ber.tlv(0xa0, terms);
    }

    /**
     * An LDAPMessage holding a base-object searchRequest of the rootDSE (base "", neverDerefAliases,
     * no size or time limit, types and values) for {@code attributes}.
     */
    public static byte[] rootDseSearch(int messageId, byte[] filter, List<String> attributes) {
        byte[][] attrs = new byte[attributes.size()][];
        for (int i = 0; i < attrs.length; i++) {
            attrs[i] = Ber.octets(attributes.get(i));
        }
        byte[] req = Ber.app(OP_SEARCH_REQUEST,
                Ber.octets(""), // baseObject: the rootDSE
                Ber.enumerated(0), // scope baseObject
                Ber.enumerated(0), // neverDerefAliases
                Ber.integer(0), // sizeLimit
                Ber.integer(0), // timeLimit
                Ber.bool(false), // typesOnly
                filter,
                Ber.seq(attrs));
        return Ber.seq(Ber.integer(messageId), req);
    }

    // ---- decoding -------------------------------------------------------------------------

    /** One LDAPMessage: its messageID and protocolOp (of any class: callers judge it; controls are ignored). */
    public record Message(long id, Ber.Tlv op) {
        public boolean isOp(int application) {
            return op.isApplication(application) && op.constructed();
        }

        /** A notice of disconnection (RFC 4511 4.4.1): messageID 0, an extendedResponse. */
        public boolean isNotice() {
            return id == 0 && isOp(OP_EXTENDED_RESPONSE);
        }
    }

    /** Reads the LDAPMessage at the reader's position; the reader moves past it. */
    public static Message readMessage(Wire w) {
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        long id = Ber.readInteger(msg);
        return new Message(id, Ber.read(msg));
    }

    /** RFC 4511 4.2: the protocolOps a server sends (responses), never those a client sends. */
    public static boolean isResponse(Ber.Tlv op) {
        if (op.cls() != Ber.APPLICATION) {
            return false;
        }
        return switch (op.number()) {
            case 1, 4, 5, 7, 9, 11, 13, 15, 19, 24, 25 -> true;
            default -> false;
        };
    }

    /** One PartialAttribute: its type and (at most the asked number of) raw values. */
    public record Attribute(String type, List<byte[]> values) {
        /** The values as UTF-8 text. */
        public List<String> texts() {
            List<String> out = new ArrayList<>(values.size());
            for (byte[] v : values) {
                out.add(new String(v, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** A SearchResultEntry: the objectName and at most the asked number of attributes. */
    public record Entry(String objectName, List<Attribute> attributes) {
    }

    /**
     * Decodes the content of a SearchResultEntry: attributes past {@code maxAttributes} and values
     * past {@code maxValues} are skipped, not kept; every PartialAttribute must be exactly a type and
     * a SET of OCTET STRINGs.
     */
    public static Entry entry(Wire content, int maxAttributes, int maxValues) {
        String name = Ber.textOf(Ber.expect(content, Ber.OCTET_STRING).content());
        Wire attrs = Ber.expect(content, Ber.SEQUENCE).content();
        if (content.hasRemaining()) {
            throw new Malformed("SearchResultEntry has more than objectName and attributes");
        }
        List<Attribute> out = new ArrayList<>();
        while (attrs.hasRemaining()) {
            Wire attr = Ber.expect(attrs, Ber.SEQUENCE).content();
            String type = Ber.textOf(Ber.expect(attr, Ber.OCTET_STRING).content());
            Wire vals = Ber.expect(attr, Ber.SET).content();
            if (attr.hasRemaining()) {
                throw new Malformed("PartialAttribute has more than type and vals");
            }
            List<byte[]> values = new ArrayList<>();
            while (vals.hasRemaining()) {
                byte[] v = Ber.bytesOf(Ber.expect(vals, Ber.OCTET_STRING).content());
                if (values.size() < maxValues) {
                    values.add(v);
                }
            }
            if (out.size() < maxAttributes) {
                out.add(new Attribute(type, List.copyOf(values)));
            }
        }
        return new Entry(name, List.copyOf(out));
    }

    /** An LDAPResult (RFC 4511 4.1.9); referral and later fields are ignored. */
    public record Result(long code, String matchedDn, String diagnosticMessage) {
    }

    /** Decodes the content of an LDAPResult-shaped protocolOp (SearchResultDone, extendedResponse ...). */
    public static Result result(Wire content) {
        long code = Ber.intValue(Ber.expect(content, Ber.ENUMERATED).content());
        String matched = Ber.textOf(Ber.expect(content, Ber.OCTET_STRING).content());
        String diag = Ber.textOf(Ber.expect(content, Ber.OCTET_STRING).content());
        return new Result(code, matched, diag);
    }
}
