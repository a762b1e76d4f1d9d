package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.portaudit.catalog.Transport;

/**
 * A row that names where on a host it is: a single port (a number), a range (two numbers), dynamic RPC
 * (with the Windows version's range) or an IP protocol number. Exactly one of them is set.
 */
public interface Located {
    Transport transport();

    /** The port number of a single TCP or UDP port; null for a range, dynamic RPC or an IP protocol. */
    Integer port();

    /** The range of a range row, or dynamic RPC's range; null otherwise. */
    Span range();

    /** True for the "randomly assigned high port" row. */
    boolean dynamicRpc();

    /** The IP protocol number (GRE 47, ESP 50, AH 51) of an {@code ip} row; null otherwise. */
    Integer ipProtocol();

    /** "636", "1024-5000", "dynamic-rpc", "47": for people, and for drift's identity. */
    @JsonIgnore
    default String portText() {
        if (dynamicRpc()) {
            return "dynamic-rpc";
        }
        if (port() != null) {
            return port().toString();
        }
        return ipProtocol() != null ? ipProtocol().toString() : String.valueOf(range());
    }

    /** "636/tcp", "dynamic-rpc/tcp". */
    @JsonIgnore
    default String portLabel() {
        return portText() + "/" + transport().id();
    }

    /** Checks that exactly one location is set; for the records' constructors. */
    static void check(Transport transport, Integer port, Span range, boolean dynamicRpc, Integer ipProtocol) {
        if (transport == null) {
            throw new IllegalArgumentException("a row needs a transport");
        }
        int set = (port != null ? 1 : 0) + (ipProtocol != null ? 1 : 0) + (range != null && !dynamicRpc ? 1 : 0)
                + (dynamicRpc ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a row is one of a port, a range, dynamic RPC or an IP protocol");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        if (ipProtocol != null && (ipProtocol < 0 || ipProtocol > 255 || transport != Transport.IP)) {
            throw new IllegalArgumentException("bad IP protocol " + ipProtocol);
        }
        if (transport == Transport.IP && ipProtocol == null) {
            throw new IllegalArgumentException("an ip row needs its protocol number");
        }
    }

    /** The four location fields as one value, for building rows. */
    record Where(Integer port, Span range, boolean dynamicRpc, Integer ipProtocol) {
        public static Where single(int port) {
            return new Where(port, null, false, null);
        }

        /** The typed form of a catalog endpoint; {@code dynamicRange} is the Windows version's dynamic RPC range. */
        public static Where of(Transport t, org.portaudit.catalog.PortSpec spec,
                               org.portaudit.catalog.PortRange dynamicRange) {
            if (spec.dynamicRpc()) {
                return new Where(null, new Span(dynamicRange.low(), dynamicRange.high()), true, null);
            }
            org.portaudit.catalog.PortRange r = spec.range();
            if (t == Transport.IP) {
                return new Where(null, null, false, r.low());
            }
            return r.size() == 1 ? single(r.low()) : new Where(null, new Span(r.low(), r.high()), false, null);
        }

        /**
         * Parses a port label as schema 1 reports and the history store write it ("636", "1024-5000",
         * "dynamic-rpc", "47"); IllegalArgumentException when it is none of those.
         */
        public static Where parse(Transport t, String label, Span dynamicRange) {
            String s = label == null ? "" : label.trim();
            try {
                if (s.equals("dynamic-rpc")) {
                    return new Where(null, dynamicRange, true, null);
                }
                int dash = s.indexOf('-');
                if (dash > 0) {
                    return new Where(null, new Span(Integer.parseInt(s.substring(0, dash)),
                            Integer.parseInt(s.substring(dash + 1))), false, null);
                }
                int n = Integer.parseInt(s);
                return t == Transport.IP ? new Where(null, null, false, n) : single(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port '" + Sanitize.text(s, 32) + "'");
            }
        }
    }
}
