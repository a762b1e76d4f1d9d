package org.portaudit.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A port list as users type it: "88", "88/udp", "1-1024", "53/tcp,53/udp,3268-3269", "all".
 * Each element may carry a transport; without one it means both TCP and UDP only where the caller
 * says so ({@link #parse(String, Transport)} gives the default).
 */
public record PortList(List<Item> items) {
    /** One element: a range on one transport (or null transport: as the caller's default). */
    public record Item(PortRange range, Transport transport) {
    }

    public PortList {
        items = List.copyOf(items);
    }

    /**
     * Parses a comma-separated list. Throws IllegalArgumentException with a one-line message naming
     * the bad element.
     */
    public static PortList parse(String spec, Transport defaultTransport) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty port list");
        }
        List<Item> out = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String el = raw.trim().toLowerCase(Locale.ROOT);
            if (el.isEmpty()) {
                throw new IllegalArgumentException("empty element in port list '" + spec + "'");
            }
            Transport t = defaultTransport;
            int slash = el.indexOf('/');
            if (slash >= 0) {
                String tr = el.substring(slash + 1);
                if (!tr.equals("tcp") && !tr.equals("udp")) {
                    throw new IllegalArgumentException("bad transport '" + tr + "' in '" + raw.trim()
                            + "' (expected /tcp or /udp)");
                }
                t = Transport.parse(tr);
                el = el.substring(0, slash);
            }
            out.add(new Item(range(el, raw.trim()), t));
        }
        return new PortList(out);
    }

    private static PortRange range(String el, String raw) {
        if (el.equals("all") || el.equals("-")) {
            return new PortRange(1, 65535);
        }
        int dash = el.indexOf('-');
        try {
            int low;
            int high;
            if (dash >= 0) {
                low = dash == 0 ? 1 : Integer.parseInt(el.substring(0, dash));
                high = dash == el.length() - 1 ? 65535 : Integer.parseInt(el.substring(dash + 1));
            } else {
                low = Integer.parseInt(el);
                high = low;
            }
            if (low > high && low <= 65535 && high >= 1) {
                throw new IllegalArgumentException("port range '" + raw + "' runs backwards (" + low + " is above "
                        + high + "; write " + high + "-" + low + ")");
            }
            if (low < 1 || high > 65535 || low > high) {
                throw new IllegalArgumentException("port '" + raw + "' is out of range 1-65535");
            }
            return new PortRange(low, high);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + raw + "' (expected PORT, LOW-HIGH, optionally /tcp or /udp)");
        }
    }

    /** Total number of ports across the items. */
    public long size() {
        long n = 0;
        for (Item i : items) {
            n += i.range().size();
        }
        return n;
    }
}
