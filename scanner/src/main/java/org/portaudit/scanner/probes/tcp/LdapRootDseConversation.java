package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portaudit.reports.model.Evidence;

/**
 * LDAP (RFC 4511) rootDSE read: an anonymous searchRequest with base "", scope baseObject, filter
 * (objectClass=*), asking for the attributes that name a directory server. The first LDAPMessage of
 * the reply with our message ID proves LDAP; a SearchResultEntry gives the details.
 */
final class LdapRootDseConversation extends ExchangeConversation {
    static final String NAME = "ldap-rootdse";
    static final int MESSAGE_ID = 1;
    static final List<String> ATTRIBUTES = List.of(
            "namingContexts", "defaultNamingContext", "dnsHostName", "ldapServiceName", "supportedLDAPVersion");

    private static final int MAX_VALUES = 64;

    LdapRootDseConversation() {
        super(NAME, DEFAULT_MAX_REPLY);
    }

    /** The request bytes (one LDAPMessage). */
    static byte[] requestBytes() {
        List<byte[]> attrs = new ArrayList<>();
        for (String a : ATTRIBUTES) {
            attrs.add(Ber.octets(0x04, a));
        }
        byte[] searchRequest = Ber.tlv(0x63,                 // [APPLICATION 3] SearchRequest
                Ber.octets(0x04, ""),                            // baseObject ""
                Ber.integer(0x0a, 0),                            // scope baseObject
                Ber.integer(0x0a, 0),                            // derefAliases neverDerefAliases
                Ber.integer(0x02, 0),                            // sizeLimit
                Ber.integer(0x02, 0),                            // timeLimit
                Ber.tlv(0x01, new byte[] {0}),                   // typesOnly FALSE
                Ber.octets(0x87, "objectClass"),                 // filter: present [7] objectClass
                Ber.tlv(0x30, attrs.toArray(new byte[0][])));    // attributes
        return Ber.tlv(0x30, Ber.integer(0x02, MESSAGE_ID), searchRequest);
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        byte[] req = requestBytes();
        return alloc.buffer(req.length).writeBytes(req);
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        if (!reply.isReadable()) {
            return Verdict.NEED_MORE;
        }
        if (reply.getByte(reply.readerIndex()) != 0x30) {
            throw new MalformedReplyException("not LDAP: reply does not start with a BER SEQUENCE");
        }
        int len = Ber.frameLength(reply, reply.readerIndex(), maxReplyBytes());
        if (len < 0) {
            return Verdict.NEED_MORE;
        }
        byte[] msg = ByteBufUtil.getBytes(reply, reply.readerIndex(), len);
        return Verdict.done(decode(msg));
    }

    /** Decodes one complete LDAPMessage (the first of the reply). */
    static Evidence decode(byte[] msg) {
        Ber.Tlv top = Ber.read(msg, 0, msg.length);
        List<Ber.Tlv> parts = Ber.children(msg, top);
        if (parts.size() < 2 || !parts.get(0).is(Ber.CLASS_UNIVERSAL, false, 2)) {
            throw new MalformedReplyException("not LDAP: no messageID");
        }
        long id = Ber.integer(msg, parts.get(0));
        Ber.Tlv op = parts.get(1);
        if (op.tagClass() != Ber.CLASS_APPLICATION) {
            throw new MalformedReplyException("not LDAP: protocolOp is not an APPLICATION tag");
        }
        if (id == 0 && op.is(Ber.CLASS_APPLICATION, true, 24)) {
            return ldapResult(msg, op, "LDAP notice of disconnection");
        }
        if (id != MESSAGE_ID) {
            throw new MalformedReplyException("not LDAP: messageID " + id + " is not ours");
        }
        if (op.is(Ber.CLASS_APPLICATION, true, 4)) {
            return searchEntry(msg, op);
        }
        if (op.is(Ber.CLASS_APPLICATION, true, 5)) {
            return ldapResult(msg, op, "LDAP rootDSE search refused");
        }
        throw new MalformedReplyException("not LDAP: unexpected protocolOp [APPLICATION " + op.number() + "]");
    }

    private static Evidence searchEntry(byte[] msg, Ber.Tlv entry) {
        List<Ber.Tlv> fields = Ber.children(msg, entry);
        if (fields.size() != 2 || !fields.get(0).is(Ber.CLASS_UNIVERSAL, false, 4)
                || !fields.get(1).is(Ber.CLASS_UNIVERSAL, true, 16)) {
            throw new MalformedReplyException("not LDAP: malformed SearchResultEntry");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("ldapResult", "searchResEntry");
        for (Ber.Tlv attr : Ber.children(msg, fields.get(1))) {
            List<Ber.Tlv> av = Ber.children(msg, attr);
            if (av.size() != 2 || !av.get(0).is(Ber.CLASS_UNIVERSAL, false, 4)
                    || !av.get(1).is(Ber.CLASS_UNIVERSAL, true, 17)) {
                throw new MalformedReplyException("not LDAP: malformed PartialAttribute");
            }
            String type = Ber.string(msg, av.get(0));
            String key = canonical(type);
            if (key == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Ber.Tlv v : Ber.children(msg, av.get(1))) {
                if (values.size() == MAX_VALUES) {
                    break;
                }
                values.add(Ber.string(msg, v));
            }
            details.put(key, String.join("; ", values));
        }
        StringBuilder summary = new StringBuilder("LDAP rootDSE");
        if (details.containsKey("dnsHostName")) {
            summary.append(" of ").append(details.get("dnsHostName"));
        }
        if (details.containsKey("defaultNamingContext")) {
            summary.append(" (").append(details.get("defaultNamingContext")).append(')');
        }
        return new Evidence(NAME, summary.toString(), true, details);
    }

    private static Evidence ldapResult(byte[] msg, Ber.Tlv op, String what) {
        List<Ber.Tlv> fields = Ber.children(msg, op);
        if (fields.size() < 3 || !fields.get(0).is(Ber.CLASS_UNIVERSAL, false, 10)) {
            throw new MalformedReplyException("not LDAP: malformed LDAPResult");
        }
        long code = Ber.integer(msg, fields.get(0));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("ldapResult", "resultCode " + code);
        String diagnostic = fields.get(2).is(Ber.CLASS_UNIVERSAL, false, 4) ? Ber.string(msg, fields.get(2)) : "";
        if (!diagnostic.isEmpty()) {
            details.put("diagnosticMessage", diagnostic);
        }
        return new Evidence(NAME, what + " (resultCode " + code + ")"
                + (diagnostic.isEmpty() ? "" : ": " + diagnostic), true, details);
    }

    /** The attribute's name as we asked for it (LDAP attribute names are case-insensitive), or null. */
    private static String canonical(String type) {
        for (String a : ATTRIBUTES) {
            if (a.equalsIgnoreCase(type)) {
                return a;
            }
        }
        return null;
    }
}
