package org.portaudit.scanner.probes.proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.portaudit.reports.model.Sanitize;

/**
 * The value of the Netlogon attribute a DC returns to an LDAP ping (MS-ADTS 6.3.1.9,
 * NETLOGON_SAM_LOGON_RESPONSE_EX): forest, domain, host and NetBIOS names, sites and the DS_* flags.
 * Its names are RFC 1035 names compressed relative to the start of the structure.
 */
public final class Netlogon {
    public static final int LOGON_SAM_LOGON_RESPONSE_EX = 23;
    public static final int LOGON_SAM_USER_UNKNOWN_EX = 25;
    private static final int FIELD = 128;
    private static final String[] DS_FLAGS = {
        "PDC", null, "GC", "LDAP", "DS", "KDC", "TIMESERV", "CLOSEST", "WRITABLE", "GOOD_TIMESERV",
        "NDNC", "SELECT_SECRET_DOMAIN_6", "FULL_SECRET_DOMAIN_6", "WS", "DS_8", "DS_9", "DS_10",
        "KEY_LIST", "DS_13", null, null, null, null, null, null, null, null, null, null,
        "DNS_CONTROLLER", "DNS_DOMAIN", "DNS_FOREST"};

    private Netlogon() {
    }

    /**
     * Decodes the structure into evidence details ({@code netlogonOpcode} a number, the names as
     * text, {@code flags} as hex and names) and returns a one-line summary; opcodes other than the
     * _EX responses are reported by number only.
     */
    public static String decode(Wire n, Map<String, Object> d) {
        int opcode = n.u16le();
        d.put("netlogonOpcode", opcode);
        if (opcode != LOGON_SAM_LOGON_RESPONSE_EX && opcode != LOGON_SAM_USER_UNKNOWN_EX) {
            return "CLDAP netlogon response, opcode " + opcode;
        }
        n.skip(2); // Sbz
        long flags = n.u32le();
        byte[] guid = n.bytes(16);
        String forest = clean(DnsName.read(n));
        String domain = clean(DnsName.read(n));
        String host = clean(DnsName.read(n));
        String nbDomain = clean(DnsName.read(n));
        String nbHost = clean(DnsName.read(n));
        DnsName.read(n); // UserName
        String dcSite = clean(DnsName.read(n));
        String clientSite = clean(DnsName.read(n));
        d.put("dnsForestName", forest);
        d.put("dnsDomainName", domain);
        d.put("dnsHostName", host);
        d.put("netbiosDomainName", nbDomain);
        d.put("netbiosComputerName", nbHost);
        d.put("dcSiteName", dcSite);
        d.put("clientSiteName", clientSite);
        d.put("domainGuid", Guids.text(guid));
        d.put("flags", String.format("0x%08x %s", flags, flagNames(flags)));
        return "CLDAP LDAP ping: DC " + host + " of domain " + domain + ", site " + dcSite
                + (opcode == LOGON_SAM_USER_UNKNOWN_EX ? " (user unknown)" : "");
    }

    /** The DS_* names (MS-ADTS 6.3.1.2) of the bits set in {@code flags}, joined with '|'. */
    public static String flagNames(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < DS_FLAGS.length; bit++) {
            if ((flags & 1L << bit) != 0 && DS_FLAGS[bit] != null) {
                names.add(DS_FLAGS[bit]);
            }
        }
        return String.join("|", names);
    }

    private static String clean(String s) {
        return Sanitize.text(s, FIELD);
    }
}
