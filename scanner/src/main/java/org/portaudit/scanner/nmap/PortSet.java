package org.portaudit.scanner.nmap;

import java.util.Arrays;

/**
 * A set of ports as nmap writes one in {@code scaninfo services} and {@code extrareasons ports}
 * ("1-79,81-100,3389"; port 0 included, as nmap may scan it), kept as sorted disjoint ranges: as small
 * as the text it came from whatever the ports, and looked up by binary search.
 */
public final class PortSet {
    private final int[] lows;
    private final int[] highs;
    private final int size;

    private PortSet(int[] lows, int[] highs) {
        this.lows = lows;
        this.highs = highs;
        int n = 0;
        for (int i = 0; i < lows.length; i++) {
            n += highs[i] - lows[i] + 1;
        }
        this.size = n;
    }

    /** Parses nmap's list; IllegalArgumentException naming the bad element. Empty text is the empty set. */
    public static PortSet parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new PortSet(new int[0], new int[0]);
        }
        String[] parts = t.split(",", -1);
        int[][] ranges = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int dash = p.indexOf('-');
            int low = number(dash < 0 ? p : p.substring(0, dash));
            int high = dash < 0 ? low : number(p.substring(dash + 1));
            if (low > high) {
                throw new IllegalArgumentException("range '" + shown(p) + "' runs backwards");
            }
            ranges[i] = new int[] {low, high};
        }
        Arrays.sort(ranges, (a, b) -> Integer.compare(a[0], b[0]));
        int[] lows = new int[ranges.length];
        int[] highs = new int[ranges.length];
        int n = 0;
        for (int[] r : ranges) {
            if (n > 0 && r[0] <= highs[n - 1] + 1) {
                highs[n - 1] = Math.max(highs[n - 1], r[1]);
            } else {
                lows[n] = r[0];
                highs[n] = r[1];
                n++;
            }
        }
        return new PortSet(Arrays.copyOf(lows, n), Arrays.copyOf(highs, n));
    }

    private static int number(String s) {
        if (!s.matches("[0-9]{1,5}") || Integer.parseInt(s) > 65535) {
            throw new IllegalArgumentException("'" + shown(s) + "' is not a port 0-65535");
        }
        return Integer.parseInt(s);
    }

    private static String shown(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "\u2026" : s;
    }

    public boolean contains(int port) {
        int i = Arrays.binarySearch(lows, port);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2;
        return before >= 0 && port <= highs[before];
    }

    /** How many ports. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lows.length; i++) {
            sb.append(i == 0 ? "" : ",").append(lows[i]).append(lows[i] == highs[i] ? "" : "-" + highs[i]);
        }
        return sb.toString();
    }
}
