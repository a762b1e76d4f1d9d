package org.portaudit.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who connects to a port: the words of Microsoft's firewall guidance for domain controllers
 * (KB 179442; "Active Directory and Active Directory Domain Services port requirements"), which
 * lists a DC's ports by member clients, other domain controllers, trusts and administration.
 */
public enum Perspective {
    /** Member computers and users: logon, Group Policy, DC location, name resolution, time. */
    CLIENT("client"),
    /** Other domain controllers: directory and SYSVOL replication. */
    DOMAIN_CONTROLLER("domain-controller"),
    /** Domain controllers of a trusted or trusting domain or forest. */
    TRUST("trust"),
    /** Remote administration tools, beyond what every client uses. */
    ADMIN("admin");

    private static final Set<Perspective> ALL = Collections.unmodifiableSet(EnumSet.allOf(Perspective.class));

    private final String id;

    Perspective(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** All four: what a requirement that names none serves. */
    public static Set<Perspective> all() {
        return ALL;
    }

    /** The words, in declaration order. */
    public static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Perspective p : values()) {
            out.add(p.id);
        }
        return out;
    }

    /** Parses a word; a mistyped one fails with "did you mean". */
    public static Perspective parse(String word) {
        for (Perspective p : values()) {
            if (p.id.equals(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown perspective '" + Printable.of(word) + "'"
                + Suggest.didYouMean(word, ids()) + " (expected " + String.join(", ", ids()) + ")");
    }

    /** An unmodifiable copy in declaration order; an empty or null set is an error. */
    static Set<Perspective> copyOf(Set<Perspective> s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("a requirement serves at least one perspective");
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(s));
    }

    /** "client, trust" for people. */
    public static String join(Set<Perspective> s) {
        List<String> out = new ArrayList<>();
        for (Perspective p : s) {
            out.add(p.id);
        }
        return String.join(", ", out);
    }
}
