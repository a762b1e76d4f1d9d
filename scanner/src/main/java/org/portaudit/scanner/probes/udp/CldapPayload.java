package org.portaudit.scanner.probes.udp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Details;
import org.portaudit.scanner.probes.proto.Ldap;
import org.portaudit.scanner.probes.proto.Netlogon;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * Connectionless LDAP on 389/udp. The default request is the "LDAP ping" of MS-ADTS 6.3.3: a
 * base-object search of the rootDSE with filter {@code (&(DnsDomain=d)(NtVer=\06\00\00\00))} (or only
 * the NtVer term when no domain is known, which a DC answers for its own domain) asking for the
 * {@code Netlogon} attribute. A DC answers with a searchResEntry whose Netlogon value is a
 * NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9, decoded by {@link Netlogon}); then a searchResDone.
 * {@link #rootDse} builds a plain rootDSE search instead. The LDAP itself is {@link Ldap}'s; this class
 * keeps the datagram: which messages of it are ours and what they add up to.
 */
public final class CldapPayload extends DecodingPayload {
    /** NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX: asks for the _EX response. */
    static final int NT_VERSION = 0x00000006;
    private static final int MAX_MESSAGES = 8;
    private static final int MAX_ATTRIBUTES = 32;

    private final int messageId;

    private CldapPayload(String name, int messageId, byte[] request) {
        super(name, request);
        this.messageId = messageId;
    }

    /** The LDAP ping; {@code dnsDomain} may be null. */
    public static CldapPayload netlogonPing(String dnsDomain, RandomGenerator random) {
        return netlogonPing(dnsDomain, 1 + random.nextInt(0x7ffffffe));
    }

    static CldapPayload netlogonPing(String dnsDomain, int messageId) {
        byte[] ntVer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(NT_VERSION).array();
        byte[] ntVerTerm = Ldap.equality("NtVer", ntVer);
        byte[] filter = dnsDomain == null || dnsDomain.isBlank()
                ? Ldap.and(ntVerTerm)
                : Ldap.and(Ldap.equality("DnsDomain", dnsDomain.trim().getBytes(StandardCharsets.UTF_8)), ntVerTerm);
        return new CldapPayload("cldap-netlogon", messageId, Ldap.rootDseSearch(messageId, filter, List.of("Netlogon")));
    }

    /** A plain rootDSE search over UDP for the attributes that name the server. */
    public static CldapPayload rootDse(RandomGenerator random) {
        return rootDse(1 + random.nextInt(0x7ffffffe));
    }

    static CldapPayload rootDse(int messageId) {
        return new CldapPayload("cldap-rootdse", messageId, Ldap.rootDseSearch(messageId, Ldap.present("objectClass"),
                List.of("dnsHostName", "defaultNamingContext", "ldapServiceName", "domainControllerFunctionality")));
    }

    int messageId() {
        return messageId;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        Map<String, Object> d = new LinkedHashMap<>();
        String summary = null;
        boolean ours = false;
        Long resultCode = null;
        for (int m = 0; m < MAX_MESSAGES && w.hasRemaining(); m++) {
            Ldap.Message msg = Ldap.readMessage(w);
            // Our search is answered by SearchResultEntry messages and one SearchResultDone, with our ID: any
            // other message (a notice of disconnection, another operation's response) does not answer it.
            if (msg.id() != messageId || !msg.isOp(Ldap.OP_SEARCH_RES_ENTRY) && !msg.isOp(Ldap.OP_SEARCH_RES_DONE)) {
                return ours ? matched(summary(summary, resultCode), d) : Optional.empty();
            }
            ours = true;
            if (msg.isOp(Ldap.OP_SEARCH_RES_ENTRY)) {
                String s = entry(Ldap.entry(msg.op().content(), MAX_ATTRIBUTES, 1), d);
                if (summary == null) {
                    summary = s;
                }
            } else if (msg.isOp(Ldap.OP_SEARCH_RES_DONE)) {
                Ldap.Result r = Ldap.result(msg.op().content());
                resultCode = r.code();
                d.put("resultCode", r.code());
                if (!r.diagnosticMessage().isEmpty()) {
                    d.put("diagnosticMessage", Text.clean(r.diagnosticMessage()));
                }
            }
        }
        if (!ours) {
            return Optional.empty();
        }
        return matched(summary(summary, resultCode), d);
    }

    private static String summary(String entry, Long resultCode) {
        if (entry != null) {
            return entry;
        }
        return "CLDAP response, resultCode " + (resultCode == null ? "?" : resultCode) + ", no entry";
    }

    /** A SearchResultEntry: attributes into details (first value each); the Netlogon value decoded. */
    private static String entry(Ldap.Entry e, Map<String, Object> d) {
        String summary = "CLDAP rootDSE entry";
        for (Ldap.Attribute a : e.attributes()) {
            if (a.values().isEmpty()) {
                continue;
            }
            byte[] value = a.values().get(0);
            if (a.type().equalsIgnoreCase("netlogon")) {
                summary = Netlogon.decode(new Wire(value), d);
            } else {
                String key = Details.key(a.type(), "attribute");
                if (key != null) {
                    d.put(key, Details.value(Text.utf8(value, Text.FIELD)));
                }
                if (a.type().equalsIgnoreCase("dnsHostName")) {
                    summary = "CLDAP rootDSE of " + Text.utf8(value, Text.FIELD);
                }
            }
        }
        return summary;
    }
}
