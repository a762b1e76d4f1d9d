package org.portaudit.catalog;

/**
 * The port part of an endpoint: a fixed number or range, or "dynamic RPC" (a port handed out by
 * the RPC endpoint mapper on TCP 135, within the Windows version's dynamic range).
 */
public record PortSpec(PortRange range, boolean dynamicRpc) {
    public static final String DYNAMIC_RPC = "dynamic-rpc";

    public PortSpec {
        if (dynamicRpc == (range != null)) {
            throw new IllegalArgumentException("a port spec is either a range or dynamic-rpc");
        }
    }

    public static PortSpec of(int port) {
        return new PortSpec(PortRange.single(port), false);
    }

    public static PortSpec of(PortRange r) {
        return new PortSpec(r, false);
    }

    public static PortSpec dynamic() {
        return new PortSpec(null, true);
    }

    /** The concrete ports on a given Windows version. */
    public PortRange resolve(WindowsVersion v) {
        return dynamicRpc ? v.dynamicRpcRange() : range;
    }

    /** True when {@code port} is (or, for dynamic RPC, may be) this spec on version {@code v}. */
    public boolean covers(int port, WindowsVersion v) {
        return resolve(v).contains(port);
    }

    @Override
    public String toString() {
        return dynamicRpc ? DYNAMIC_RPC : range.toString();
    }
}
