package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Port state, as nmap users know it. */
public enum PortState {
    /** TCP connected, or a UDP reply came back. */
    OPEN("open"),
    /** TCP RST, or ICMP port unreachable for UDP. */
    CLOSED("closed"),
    /** No answer to TCP within the timeout, or ICMP administratively prohibited. */
    FILTERED("filtered"),
    /** UDP: no answer to any probe. */
    OPEN_FILTERED("open|filtered"),
    /** Host or network unreachable. */
    UNREACHABLE("unreachable");

    private final String word;

    PortState(String word) {
        this.word = word;
    }

    /** The word used in every output ("open|filtered", ...). */
    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static PortState fromWord(String word) {
        for (PortState s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown port state '" + word + "'");
    }

    @Override
    public String toString() {
        return word;
    }
}
