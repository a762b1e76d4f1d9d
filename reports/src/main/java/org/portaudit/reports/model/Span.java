package org.portaudit.reports.model;

/** An inclusive range of port numbers, as numbers ({"low": 49152, "high": 65535}). */
public record Span(int low, int high) {
    public Span {
        if (low < 0 || high > 65535 || low > high) {
            throw new IllegalArgumentException("bad range " + low + "-" + high);
        }
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
