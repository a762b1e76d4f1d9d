package org.portaudit.catalog;

import java.util.Locale;

/** How an endpoint is reached: a TCP or UDP port, or a bare IP protocol (GRE 47, ESP 50, AH 51). */
public enum Transport {
    TCP, UDP, IP;

    /** Lower-case name as written in catalog files, JSON and port specs ("tcp", "udp", "ip"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "tcp", "udp" or "ip" in any case; throws IllegalArgumentException otherwise. */
    public static Transport parse(String s) {
        for (Transport t : values()) {
            if (t.id().equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + s + "' (expected tcp, udp or ip)");
    }
}
