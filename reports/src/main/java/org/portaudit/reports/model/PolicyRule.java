package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.portaudit.catalog.Transport;

/**
 * One rule of the audit policy as a report shows it.
 *
 * @param scope   where it applies: "built-in", "all", "role domain-controller", "host 198.18.0.0/24"
 *                (an exception's host and role narrow it: "host dc01, role domain-controller")
 * @param rule    forbid, allow or exception
 * @param ports   the ports it names, as numbers
 * @param reason  why (an exception's justification)
 * @param expires an exception's last valid day (YYYY-MM-DD); null for other rules
 */
public record PolicyRule(String scope, Kind rule, List<Ports> ports, String reason, String expires) {
    /** What a rule does. */
    public enum Kind {
        FORBID("forbid"), ALLOW("allow"), EXCEPTION("exception");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Kind fromWord(String w) {
            for (Kind k : values()) {
                if (k.word.equals(w)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown policy rule '" + Sanitize.text(w, 32) + "'");
        }
    }

    /** Ports low to high on one transport. */
    public record Ports(Transport transport, int low, int high) {
        public Ports {
            if (transport == null || low < 0 || high > 65535 || low > high) {
                throw new IllegalArgumentException("bad policy ports " + low + "-" + high);
            }
        }

        /** "23/tcp", "5900-5903/tcp". */
        @Override
        public String toString() {
            return (low == high ? Integer.toString(low) : low + "-" + high) + "/" + transport.id();
        }
    }

    /** Printable and bounded, like everything a report may be read back from (a report.json is input too). */
    public PolicyRule {
        scope = Sanitize.text(scope, 512);
        ports = ports == null ? List.of() : List.copyOf(ports);
        reason = Sanitize.text(reason, 1024);
        expires = Sanitize.text(expires, 32);
    }

    /** "23/tcp, 513/tcp". */
    public String portsText() {
        return String.join(", ", ports.stream().map(Ports::toString).toList());
    }
}
