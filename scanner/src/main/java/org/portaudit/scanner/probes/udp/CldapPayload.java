package org.portaudit.scanner.probes.udp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;

/**
 * Connectionless LDAP on 389/udp. The default request is the "LDAP ping" of MS-ADTS 6.3.3: a
 * base-object search of the rootDSE with filter {@code (&(DnsDomain=d)(NtVer=\06\00\00\00))} (or only
 * the NtVer term when no domain is known, which a DC answers for its own domain) asking for the
 * {@code Netlogon} attribute. A DC answers with a searchResEntry whose Netlogon value is a
 * NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9): forest, domain, host name, NetBIOS names, site and
 * the DS_* flags; then a searchResDone. {@link #rootDse} builds a plain rootDSE search instead.
 */
public final class CldapPayload extends DecodingPayload {
    /** NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX: asks for the _EX response. */
    static final int NT_VERSION = 0x00000006;
    static final int OP_SEARCH_REQUEST = 3;
    static final int OP_SEARCH_RES_ENTRY = 4;
    static final int OP_SEARCH_RES_DONE = 5;
    static final int OP_EXTENDED_RESPONSE = 24;
    static final int LOGON_SAM_LOGON_RESPONSE_EX = 23;
    static final int LOGON_SAM_USER_UNKNOWN_EX = 25;
    private static final int MAX_MESSAGES = 8;
    private static final int MAX_ATTRIBUTES = 32;
    private static final String[] DS_FLAGS = {
        "PDC", null, "GC", "LDAP", "DS", "KDC", "TIMESERV", "CLOSEST", "WRITABLE", "GOOD_TIMESERV",
        "NDNC", "SELECT_SECRET_DOMAIN_6", "FULL_SECRET_DOMAIN_6", "WS", "DS_8", "DS_9", "DS_10",
        "KEY_LIST", "DS_13", null, null, null, null, null, null, null, null, null, null,
        "DNS_CONTROLLER", "DNS_DOMAIN", "DNS_FOREST"};

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
        byte[] ntVerTerm = equality("NtVer", ntVer);
        byte[] filter = dnsDomain == null || dnsDomain.isBlank()
                ? Der.tlv(0xa0, ntVerTerm)
                : Der.tlv(0xa0, equality("DnsDomain", dnsDomain.trim().getBytes(StandardCharsets.UTF_8)),
                        ntVerTerm);
        return new CldapPayload("cldap-netlogon", messageId, search(messageId, filter, "Netlogon"));
    }

    /** A plain rootDSE search over UDP for the attributes that name the server. */
    public static CldapPayload rootDse(RandomGenerator random) {
        return rootDse(1 + random.nextInt(0x7ffffffe));
    }

    static CldapPayload rootDse(int messageId) {
        byte[] present = Der.tlv(0x87, "objectClass".getBytes(StandardCharsets.US_ASCII));
        return new CldapPayload("cldap-rootdse", messageId, search(messageId, present, "dnsHostName",
                "defaultNamingContext", "ldapServiceName", "domainControllerFunctionality"));
    }

    int messageId() {
        return messageId;
    }

    /** Filter equalityMatch [3] AttributeValueAssertion. */
    static byte[] equality(String attribute, byte[] value) {
        return Der.tlv(0xa3, Der.octets(attribute), Der.octets(value));
    }

    static byte[] search(int messageId, byte[] filter, String... attributes) {
        byte[][] attrs = new byte[attributes.length][];
        for (int i = 0; i < attributes.length; i++) {
            attrs[i] = Der.octets(attributes[i]);
        }
        byte[] req = Der.app(OP_SEARCH_REQUEST,
                Der.octets(""), // baseObject: the rootDSE
                Der.enumerated(0), // scope baseObject
                Der.enumerated(0), // neverDerefAliases
                Der.integer(0), // sizeLimit
                Der.integer(0), // timeLimit
                Der.bool(false), // typesOnly
                filter,
                Der.seq(attrs));
        return Der.seq(Der.integer(messageId), req);
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        Map<String, String> d = new LinkedHashMap<>();
        String summary = null;
        boolean ours = false;
        Integer resultCode = null;
        for (int m = 0; m < MAX_MESSAGES && w.hasRemaining(); m++) {
            Wire msg = Der.expect(w, Der.SEQUENCE).content();
            long id = Der.readInteger(msg);
            Der.Tlv op = Der.read(msg);
            boolean notice = id == 0 && op.isApplication(OP_EXTENDED_RESPONSE);
            if (id != messageId && !notice || !op.constructed() || !isResponse(op)) {
                return ours ? matched(summary(summary, resultCode), d) : Optional.empty();
            }
            if (op.isApplication(OP_SEARCH_RES_ENTRY) && op.constructed()) {
                ours = true;
                String s = entry(op.content(), d);
                if (summary == null) {
                    summary = s;
                }
            } else if (op.isApplication(OP_SEARCH_RES_DONE) && op.constructed()) {
                ours = true;
                Wire res = op.content();
                resultCode = (int) Der.intValue(Der.expect(res, Der.ENUMERATED).content());
                d.put("resultCode", Integer.toString(resultCode));
                Der.read(res); // matchedDN
                String diag = Der.textOf(Der.expect(res, Der.OCTET_STRING).content());
                if (!diag.isEmpty()) {
                    d.put("diagnosticMessage", Text.clean(diag));
                }
            } else {
                ours = true;
                d.put("operation", "LDAP response, protocolOp " + op.number());
                if (summary == null) {
                    summary = "LDAP response, protocolOp " + op.number() + (notice ? " (notice of disconnection)" : "");
                }
            }
        }
        if (!ours) {
            return Optional.empty();
        }
        return matched(summary(summary, resultCode), d);
    }

    /** RFC 4511 4.2: the protocolOps a server sends (responses), never those a client sends. */
    static boolean isResponse(Der.Tlv op) {
        if (op.cls() != Der.APPLICATION) {
            return false;
        }
        return switch (op.number()) {
            case 1, 4, 5, 7, 9, 11, 13, 15, 19, 24, 25 -> true;
            default -> false;
        };
    }

    private static String summary(String entry, Integer resultCode) {
        if (entry != null) {
            return entry;
        }
        return "CLDAP response, resultCode " + (resultCode == null ? "?" : resultCode) + ", no entry";
    }

    /** A SearchResultEntry: attributes into details; the Netlogon value decoded. */
    private static String entry(Wire e, Map<String, String> d) {
        Der.expect(e, Der.OCTET_STRING); // objectName
        Wire attrs = Der.expect(e, Der.SEQUENCE).content();
        String summary = "CLDAP rootDSE entry";
        for (int i = 0; i < MAX_ATTRIBUTES && attrs.hasRemaining(); i++) {
            Wire attr = Der.expect(attrs, Der.SEQUENCE).content();
            String type = Der.textOf(Der.expect(attr, Der.OCTET_STRING).content());
            Wire vals = Der.expect(attr, Der.SET).content();
            if (!vals.hasRemaining()) {
                continue;
            }
            byte[] value = Der.bytesOf(Der.expect(vals, Der.OCTET_STRING).content());
            if (type.equalsIgnoreCase("netlogon")) {
                summary = netlogon(new Wire(value), d);
            } else {
                d.put(Text.clean(type, 64), Text.utf8(value, Text.FIELD));
                if (type.equalsIgnoreCase("dnsHostName")) {
                    summary = "CLDAP rootDSE of " + Text.utf8(value, Text.FIELD);
                }
            }
        }
        return summary;
    }

    /** NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9); other opcodes are reported by number. */
    static String netlogon(Wire n, Map<String, String> d) {
        int opcode = n.u16le();
        d.put("netlogonOpcode", Integer.toString(opcode));
        if (opcode != LOGON_SAM_LOGON_RESPONSE_EX && opcode != LOGON_SAM_USER_UNKNOWN_EX) {
            return "CLDAP netlogon response, opcode " + opcode;
        }
        n.skip(2); // Sbz
        long flags = n.u32le();
        byte[] guid = n.bytes(16);
        String forest = DnsName.read(n);
        String domain = DnsName.read(n);
        String host = DnsName.read(n);
        String nbDomain = DnsName.read(n);
        String nbHost = DnsName.read(n);
        DnsName.read(n); // UserName
        String dcSite = DnsName.read(n);
        String clientSite = DnsName.read(n);
        d.put("dnsForestName", Text.clean(forest));
        d.put("dnsDomainName", Text.clean(domain));
        d.put("dnsHostName", Text.clean(host));
        d.put("netbiosDomainName", Text.clean(nbDomain));
        d.put("netbiosComputerName", Text.clean(nbHost));
        d.put("dcSiteName", Text.clean(dcSite));
        d.put("clientSiteName", Text.clean(clientSite));
        d.put("domainGuid", guid(guid));
        d.put("flags", String.format("0x%08x %s", flags, flagNames(flags)));
        return "CLDAP LDAP ping: DC " + Text.clean(host) + " of domain " + Text.clean(domain) + ", site "
                + Text.clean(dcSite) + (opcode == LOGON_SAM_USER_UNKNOWN_EX ? " (user unknown)" : "");
    }

    static String flagNames(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < DS_FLAGS.length; bit++) {
            if ((flags & 1L << bit) != 0 && DS_FLAGS[bit] != null) {
                names.add(DS_FLAGS[bit]);
            }
        }
        return String.join("|", names);
    }

    /** MS-DTYP GUID: the first three fields little-endian. */
    static String guid(byte[] g) {
        ByteBuffer b = ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = b.getInt() & 0xffffffffL;
        long d2 = b.getShort() & 0xffff;
        long d3 = b.getShort() & 0xffff;
        b.order(ByteOrder.BIG_ENDIAN);
        long low = b.getLong();
        return new UUID(d1 << 32 | d2 << 16 | d3, low).toString().toLowerCase(Locale.ROOT);
    }
}
