package org.portaudit.reports.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What proved a port's state or a service's identity.
 *
 * @param probe   what was sent ("tcp-connect", "udp:dns-status", "ldap-rootdse" ...)
 * @param summary one sanitised line for people ("KRB-ERROR 6 from realm LAB.EXAMPLE")
 * @param matched true when the reply was recognised as the protocol the probe asked for; false for a
 *                reply in some other protocol (the basis of a wrong-service finding) or no reply
 * @param details sanitised key/value facts (dnsHostName, certificate notAfter, SMB dialect ...)
 */
public record Evidence(String probe, String summary, boolean matched, Map<String, String> details) {
    public Evidence {
        summary = Sanitize.text(summary, 512);
        if (details == null || details.isEmpty()) {
            details = Map.of();
        } else {
            Map<String, String> clean = new LinkedHashMap<>();
            details.forEach((k, v) -> clean.put(Sanitize.text(k, 64), Sanitize.text(v, 1024)));
            details = Collections.unmodifiableMap(clean);
        }
    }

    public static Evidence of(String probe, String summary, boolean matched) {
        return new Evidence(probe, summary, matched, Map.of());
    }
}
