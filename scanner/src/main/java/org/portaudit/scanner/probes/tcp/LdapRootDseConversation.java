package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Ldap;
import org.portaudit.scanner.probes.proto.Malformed;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * LDAP (RFC 4511) rootDSE read: an anonymous searchRequest with base "", scope baseObject, filter
 * (objectClass=*), asking for the attributes that name a directory server. The first LDAPMessage of
 * the reply with our message ID proves LDAP; a SearchResultEntry gives the details. The messages are
 * {@link Ldap}'s; this class keeps the BER framing of the stream.
 */
final class LdapRootDseConversation extends ExchangeConversation {
    static final String NAME = "ldap-rootdse";
    static final int MESSAGE_ID = 1;
    static final List<String> ATTRIBUTES = List.of(
            "namingContexts", "defaultNamingContext", "dnsHostName", "ldapServiceName", "supportedLDAPVersion",
            "isGlobalCatalogReady");

    private static final int MAX_VALUES = 64;
    private static final int MAX_ATTRIBUTES = 512;

    LdapRootDseConversation() {
        super(NAME, DEFAULT_MAX_REPLY);
    }

    /** The request bytes (one LDAPMessage). */
    static byte[] requestBytes() {
        return Ldap.rootDseSearch(MESSAGE_ID, Ldap.present("objectClass"), ATTRIBUTES);
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
        int len;
        try {
            len = Ber.frameLength(reply, reply.readerIndex(), maxReplyBytes());
        } catch (Malformed m) {
            throw new MalformedReplyException("not LDAP: " + m.getMessage());
        }
        if (len < 0) {
            return Verdict.NEED_MORE;
        }
        byte[] msg = ByteBufUtil.getBytes(reply, reply.readerIndex(), len);
        return Verdict.done(decode(msg));
    }

    /** Decodes one complete LDAPMessage (the first of the reply) with {@link Ldap}. */
    static Evidence decode(byte[] msg) {
        try {
            Ldap.Message m = Ldap.readMessage(new Wire(msg));
            if (m.op().cls() != Ber.APPLICATION) {
                throw new MalformedReplyException("not LDAP: protocolOp is not an APPLICATION tag");
            }
            if (m.isNotice()) {
                return ldapResult(Ldap.result(m.op().content()), "LDAP notice of disconnection");
            }
            if (m.id() != MESSAGE_ID) {
                throw new MalformedReplyException("not LDAP: messageID " + m.id() + " is not ours");
            }
            if (m.isOp(Ldap.OP_SEARCH_RES_ENTRY)) {
                return searchEntry(Ldap.entry(m.op().content(), MAX_ATTRIBUTES, MAX_VALUES));
            }
            if (m.isOp(Ldap.OP_SEARCH_RES_DONE)) {
                // resultCode 0 is success: the server answered the search and simply returned no entry
                Ldap.Result done = Ldap.result(m.op().content());
                return ldapResult(done, done.code() == 0
                        ? "LDAP rootDSE search returned no entry" : "LDAP rootDSE search refused");
            }
            throw new MalformedReplyException("not LDAP: unexpected protocolOp [APPLICATION " + m.op().number() + "]");
        } catch (Malformed e) {
            throw new MalformedReplyException("not LDAP: " + e.getMessage());
        }
    }

    private static Evidence searchEntry(Ldap.Entry entry) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ldapResult", "searchResEntry");
        for (Ldap.Attribute a : entry.attributes()) {
            String key = canonical(a.type());
            if (key != null) {
                details.put(key, String.join("; ", a.texts()));
            }
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

    private static Evidence ldapResult(Ldap.Result r, String what) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ldapResult", "resultCode " + r.code());
        details.put("resultCode", r.code());
        String diagnostic = r.diagnosticMessage();
        if (!diagnostic.isEmpty()) {
            details.put("diagnosticMessage", diagnostic);
        }
        return new Evidence(NAME, what + " (resultCode " + r.code() + ")"
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
