package org.portaudit.catalog;

/** An inclusive range of port numbers (or IP protocol numbers for {@link Transport#IP}). */
public record PortRange(int low, int high) {
    public PortRange {
        if (low < 0 || high > 65535 || low > high) {
            throw new IllegalArgumentException("bad port range " + low + "-" + high);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    public int size() {
        return high - low + 1;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
