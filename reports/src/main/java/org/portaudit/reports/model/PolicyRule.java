package org.portaudit.reports.model;

/**
 * One rule of the audit policy as a report shows it.
 *
 * @param scope   where it applies: "built-in", "all", "role domain-controller", "host 198.18.0.0/24"
 *                (an exception's host and role narrow it: "host dc01, role domain-controller")
 * @param rule    "forbid", "allow" or "exception"
 * @param ports   the ports, as "23/tcp", "5900-5903/tcp", "161/udp"
 * @param reason  why (an exception's justification)
 * @param expires an exception's last valid day (YYYY-MM-DD); null for other rules
 */
public record PolicyRule(String scope, String rule, String ports, String reason, String expires) {
    /** Printable and bounded, like everything a report may be read back from (a report.json is input too). */
    public PolicyRule {
        scope = Sanitize.text(scope, 512);
        rule = Sanitize.text(rule, 32);
        ports = Sanitize.text(ports, 512);
        reason = Sanitize.text(reason, 1024);
        expires = Sanitize.text(expires, 32);
    }
}
