package org.portaudit.scanner.rpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.portaudit.reports.model.Sanitize;

/**
 * A protocol tower (DCE 1.1 RPC appendix L, [MS-RPCE] 2.2.1.x): floor count, then floors of
 * (lhs length, lhs = protocol identifier + data, rhs length, rhs). Floor 1 is the interface, floor 2 the
 * transfer syntax, floor 3 the RPC protocol, floor 4 the port or pipe, floor 5 the host.
 */
public record Tower(List<Floor> floors) {
    public static final int MAX_FLOORS = 8;
    public static final int MAX_SIDE = 512;

    public static final int PROT_TCP = 0x07;
    public static final int PROT_UDP = 0x08;
    public static final int PROT_IP = 0x09;
    public static final int PROT_NCADG = 0x0a;
    public static final int PROT_NCACN = 0x0b;
    public static final int PROT_NCALRPC = 0x0c;
    public static final int PROT_UUID = 0x0d;
    /** Named pipe (SMB) as [MS-RPCE] 2.1.1.2 uses it, instead of C706's 0x10. */
    public static final int PROT_NAMED_PIPE = 0x0f;
    /** C706's named-pipe id; Windows and Samba put the ncalrpc endpoint name here. */
    public static final int PROT_LRPC_NAME = 0x10;
    public static final int PROT_NETBIOS = 0x11;
    public static final int PROT_HTTP = 0x1f;

    public Tower {
        floors = List.copyOf(floors);
    }

    /** One floor: the protocol identifier (first lhs byte), the rest of the lhs, and the rhs. */
    public record Floor(int protocol, byte[] lhsData, byte[] rhs) {
    }

    public static Tower decode(byte[] octets) throws RpcException {
        NdrReader r = new NdrReader(octets);
        int count = r.u16("tower floor_count");
        if (count == 0 || count > MAX_FLOORS) {
            throw RpcException.malformed("tower with " + count + " floors (1.." + MAX_FLOORS + " allowed)");
        }
        List<Floor> floors = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int lhsLen = r.u16("floor " + i + " lhs length");
            if (lhsLen < 1 || lhsLen > MAX_SIDE) {
                throw RpcException.malformed("tower floor " + i + " lhs length " + lhsLen);
            }
            int protocol = r.u8("floor " + i + " protocol");
            byte[] lhs = r.bytes(lhsLen - 1, "floor " + i + " lhs");
            int rhsLen = r.u16("floor " + i + " rhs length");
            if (rhsLen > MAX_SIDE) {
                throw RpcException.malformed("tower floor " + i + " rhs length " + rhsLen);
            }
            floors.add(new Floor(protocol, lhs, r.bytes(rhsLen, "floor " + i + " rhs")));
        }
        return new Tower(floors);
    }

    /** Interprets the tower as an endpoint; {@code annotation} is sanitised here. */
    public RpcEndpoint toEndpoint(String annotation) throws RpcException {
        if (floors.size() < 3) {
            throw RpcException.malformed("tower with " + floors.size() + " floors has no protocol floor");
        }
        Floor iface = floors.get(0);
        if (iface.protocol() != PROT_UUID || iface.lhsData().length != 18 || iface.rhs().length != 2) {
            throw RpcException.malformed("tower floor 1 is not an interface identifier");
        }
        NdrReader lhs = new NdrReader(iface.lhsData());
        UUID uuid = lhs.uuid("interface uuid");
        int major = lhs.u16("interface major version");
        int minor = new NdrReader(iface.rhs()).u16("interface minor version");

        int rpcProtocol = floors.get(2).protocol();
        Floor endpointFloor = floors.size() > 3 ? floors.get(3) : null;
        Floor hostFloor = floors.size() > 4 ? floors.get(4) : null;
        int endpointProtocol = endpointFloor == null ? -1 : endpointFloor.protocol();
        String protseq = protocolSequence(rpcProtocol, endpointProtocol);
        String endpoint = endpointFloor == null ? null : endpointValue(endpointFloor);
        String host = hostFloor == null ? null : hostValue(hostFloor);
        return new RpcEndpoint(uuid, major, minor, RpcInterfaces.name(uuid).orElse(null),
                Sanitize.text(annotation, EptLookup.MAX_ANNOTATION), protseq, endpoint, host);
    }

    static String protocolSequence(int rpcProtocol, int endpointProtocol) {
        if (rpcProtocol == PROT_NCACN && endpointProtocol == PROT_TCP) {
            return RpcEndpoint.NCACN_IP_TCP;
        }
        if (rpcProtocol == PROT_NCACN && endpointProtocol == PROT_HTTP) {
            return RpcEndpoint.NCACN_HTTP;
        }
        if (rpcProtocol == PROT_NCACN && (endpointProtocol == PROT_NAMED_PIPE || endpointProtocol == PROT_LRPC_NAME)) {
            return RpcEndpoint.NCACN_NP;
        }
        if (rpcProtocol == PROT_NCADG && endpointProtocol == PROT_UDP) {
            return RpcEndpoint.NCADG_IP_UDP;
        }
        if (rpcProtocol == PROT_NCALRPC) {
            return RpcEndpoint.NCALRPC;
        }
        return String.format("unknown(0x%02x/0x%02x)", rpcProtocol, endpointProtocol & 0xff);
    }

    private static String endpointValue(Floor f) throws RpcException {
        return switch (f.protocol()) {
            case PROT_TCP, PROT_UDP, PROT_HTTP -> {
                if (f.rhs().length != 2) {
                    throw RpcException.malformed("port floor with " + f.rhs().length + " bytes");
                }
                yield Integer.toString(new NdrReader(f.rhs()).u16be("port"));
            }
            default -> string(f.rhs());
        };
    }

    private static String hostValue(Floor f) throws RpcException {
        if (f.protocol() == PROT_IP) {
            if (f.rhs().length != 4) {
                throw RpcException.malformed("IP floor with " + f.rhs().length + " bytes");
            }
            try {
                return InetAddress.getByAddress(f.rhs()).getHostAddress();
            } catch (UnknownHostException e) {
                throw RpcException.malformed("IP floor: " + e.getMessage());
            }
        }
        return string(f.rhs());
    }

    /** A NUL-terminated ASCII string (pipe, LRPC or NetBIOS name), sanitised. */
    private static String string(byte[] rhs) {
        int end = 0;
        while (end < rhs.length && rhs[end] != 0) {
            end++;
        }
        return Sanitize.text(new String(rhs, 0, end, StandardCharsets.ISO_8859_1), 128);
    }
}
