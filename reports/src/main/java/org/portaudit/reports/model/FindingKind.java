package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the audit concluded about one port on one host. */
public enum FindingKind {
    /** Required by a chosen role, and closed, filtered or unreachable. */
    REQUIRED_BLOCKED("required-blocked"),
    /** Open, and no chosen role expects it. */
    UNEXPECTED_OPEN("unexpected-open"),
    /** Open, and the policy forbids it (telnet on a domain controller). */
    FORBIDDEN_OPEN("forbidden-open"),
    /**
     * Open, but answering with another protocol than the role expects: any answer the probe's decoder does not
     * accept (random bytes, a flood, a truncated message), over UDP as over TCP.
     */
    WRONG_SERVICE("wrong-service"),
    /**
     * A TLS certificate that has expired or expires soon, or none that could be read: the port answers in TLS
     * records, but the handshake failed or the certificate does not parse.
     */
    CERTIFICATE("certificate"),
    /**
     * Open and speaking the role's protocol, but its answer shows it does not do the role's job: a domain
     * controller's DNS that does not serve its own AD zone or the SRV records clients find DCs by.
     */
    MISCONFIGURED("misconfigured"),
    /**
     * A TLS port whose server offers at best SSL 3.0, TLS 1.0 or TLS 1.1 (deprecated by RFC 8996): clients that
     * insist on TLS 1.2 cannot use it, and the old protocols' weaknesses stay open to an attacker.
     */
    WEAK_TLS("weak-tls"),
    /** A required UDP port that stayed open|filtered: no proof either way. */
    UNVERIFIED("unverified"),
    /**
     * An optional or conditional port that is filtered: a firewall drops it, and nothing on the host decided
     * whether it is needed there. Not a failure unless --fail-on names it, but never buried among the ok rows.
     */
    DROPPED("dropped"),
    /** Not probed (yet): dynamic RPC without the endpoint mapper, port ranges, IP protocols. Never a pass. */
    NOT_CHECKED("not-checked"),
    /** As the role expects. */
    OK("ok");

    private final String word;

    FindingKind(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static FindingKind fromWord(String word) {
        for (FindingKind k : values()) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown finding '" + word + "'");
    }

    /** True for the kinds that describe a problem (everything but ok and not-checked). */
    public boolean isProblem() {
        return this != OK && this != NOT_CHECKED;
    }

    @Override
    public String toString() {
        return word;
    }
}
