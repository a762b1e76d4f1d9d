package org.portaudit.scanner.audit;

import java.util.regex.Pattern;

/**
 * What a domain given by the user (--domain, an inventory group's domain) must be: a DNS domain the DNS, Kerberos
 * and CLDAP probes can carry. Checked before anything is probed, so that a bad one is bad input (exit 2), not a
 * run that fails half-way.
 */
public final class DomainName {
    /** RFC 1035 labels as host names have them (RFC 1123): letters, digits, hyphens inside, 1-63 long. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    /** RFC 1035: 255 octets encoded, 253 characters dotted. */
    private static final int MAX = 253;

    private DomainName() {
    }

    /** Why {@code domain} is not a usable domain, with the domain quoted printable and short; null when it is. */
    public static String problem(String domain) {
        String why = reason(domain);
        return why == null ? null : "bad domain '" + AddressCheck.shown(domain) + "': " + why
                + "; expected a DNS domain such as corp.example";
    }

    private static String reason(String domain) {
        if (domain.length() > MAX) {
            return "longer than " + MAX + " characters";
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return "an empty label";
            }
            if (label.length() > 63) {
                return "a label longer than 63 characters";
            }
            if (!LABEL.matcher(label).matches()) {
                return "labels hold letters, digits and inner hyphens only";
            }
        }
        return labels.length < 2 ? "one label only" : null;
    }
}
