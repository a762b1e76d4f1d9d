package org.portaudit.reports.model;

import java.util.List;
import org.portaudit.catalog.Transport;

/**
 * An open port that no chosen role expects.
 *
 * @param name       the well-known port dictionary's name for the number: a guess from the number, not evidence
 * @param identified the service what answered on the port proves ("ssh", "tls", "http" ...); null when nothing
 *                   was identified (not tried, or the evidence names no service)
 * @param seen       what the identification saw, short and printable ("SSH: SSH-2.0-OpenSSH_9.2", "text
 *                   greeting 'hello'"); null when the port was not identified (UDP, --no-identify)
 * @param remedy     what to do about an unexpected-open or forbidden-open verdict; null for an allowed port
 */
public record UnexpectedPort(Transport transport, int port, String name, String description, PortState state,
                             FindingKind finding, String message, Double rttMillis, List<Evidence> evidence,
                             String identified, String seen, Remedy remedy) {
    public UnexpectedPort {
        if (transport == null || transport == Transport.IP) {
            throw new IllegalArgumentException("an unexpected port is tcp or udp");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        name = Sanitize.text(name, 128);
        description = Sanitize.text(description, 512);
        message = Sanitize.text(message, 2048);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        identified = Sanitize.text(identified, 64);
        seen = Sanitize.text(seen, 512);
    }

    /** A port without a remedy. */
    public UnexpectedPort(Transport transport, int port, String name, String description, PortState state,
                          FindingKind finding, String message, Double rttMillis, List<Evidence> evidence,
                          String identified, String seen) {
        this(transport, port, name, description, state, finding, message, rttMillis, evidence, identified, seen, null);
    }

    /** The same port with a remedy. */
    public UnexpectedPort withRemedy(Remedy remedy) {
        return new UnexpectedPort(transport, port, name, description, state, finding, message, rttMillis, evidence,
                identified, seen, remedy);
    }

    /** A port that was not identified (UDP, or identification switched off). */
    public UnexpectedPort(Transport transport, int port, String name, String description, PortState state,
                          FindingKind finding, String message, Double rttMillis, List<Evidence> evidence) {
        this(transport, port, name, description, state, finding, message, rttMillis, evidence, null, null);
    }

    /** "23/tcp". */
    public String portLabel() {
        return port + "/" + transport.id();
    }

    /**
     * What to call the port in a table: the identified service; when identification named none, that, with the
     * dictionary's guess and what was seen ("unidentified (dictionary: Terminal Services; seen: text greeting
     * 'hello')", what was seen cut at 100 characters); when it was not tried, the dictionary's name, or "unknown".
     */
    public String label() {
        if (identified != null) {
            return identified;
        }
        if (seen != null) {
            return "unidentified (" + (name == null ? "" : "dictionary: " + name + "; ") + "seen: " + Sanitize.text(seen, 100) + ")";
        }
        return name == null ? "unknown" : name;
    }
}
