package org.portaudit.scanner.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Server-side PDUs for tests, written from DCE 1.1 RPC chapter 12 / appendix L and [MS-RPCE] independently
 * of the client's decoder: a little-endian byte writer with NDR alignment.
 */
final class EpmWire {
    static final UUID DRSUAPI = UUID.fromString("e3514235-4b06-11d1-ab04-00c04fc2dcd2");
    static final UUID NETLOGON = UUID.fromString("12345678-1234-abcd-ef00-01234567cffb");
    static final UUID LSARPC = UUID.fromString("12345778-1234-abcd-ef00-0123456789ab");
    static final UUID UNKNOWN = UUID.fromString("01020304-0506-0708-090a-0b0c0d0e0f10");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    EpmWire u8(int v) {
        out.write(v);
        return this;
    }

    EpmWire u16(int v) {
        return u8(v & 0xff).u8(v >>> 8 & 0xff);
    }

    EpmWire u16be(int v) {
        return u8(v >>> 8 & 0xff).u8(v & 0xff);
    }

    EpmWire u32(long v) {
        return u16((int) (v & 0xffff)).u16((int) (v >>> 16 & 0xffff));
    }

    EpmWire bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    EpmWire uuid(UUID u) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (u.getMostSignificantBits() >>> 32))
                .putShort((short) (u.getMostSignificantBits() >>> 16)).putShort((short) u.getMostSignificantBits());
        b.order(ByteOrder.BIG_ENDIAN).putLong(u.getLeastSignificantBits());
        return bytes(b.array());
    }

    EpmWire align4() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    // ---- towers (appendix L) ----

    static byte[] tower(UUID iface, int major, int minor, int rpcProt, int epProt, byte[] epData, int hostProt,
                        byte[] hostData) {
        EpmWire w = new EpmWire().u16(hostProt < 0 ? 4 : 5);
        w.u16(19).u8(0x0d).uuid(iface).u16(major).u16(2).u16(minor);
        w.u16(19).u8(0x0d).uuid(RpcPdu.NDR.uuid()).u16(2).u16(2).u16(0);
        w.u16(1).u8(rpcProt).u16(2).u16(0);
        w.u16(1).u8(epProt).u16(epData.length).bytes(epData);
        if (hostProt >= 0) {
            w.u16(1).u8(hostProt).u16(hostData.length).bytes(hostData);
        }
        return w.toBytes();
    }

    static byte[] tcpTower(UUID iface, int major, int port, String ip) {
        return tower(iface, major, 0, 0x0b, 0x07, new byte[] {(byte) (port >> 8), (byte) port}, 0x09, ipv4(ip));
    }

    static byte[] ipv4(String ip) {
        String[] p = ip.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
            (byte) Integer.parseInt(p[3])};
    }

    static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    // ---- ept_lookup response stub ----

    record E(UUID object, byte[] tower, String annotation) {
    }

    static byte[] handle(int n) {
        byte[] h = new byte[20];
        if (n != 0) {
            h[4] = (byte) n;
            h[19] = (byte) (n >> 8);
        }
        return h;
    }

    /** Response stub for entries, max_ents as the array's max_count, and a status. */
    static byte[] lookupStub(byte[] handle, List<E> entries, int maxEnts, long status) {
        EpmWire w = new EpmWire().bytes(handle).u32(entries.size());
        w.u32(maxEnts).u32(0).u32(entries.size());
        int ref = 1;
        for (E e : entries) {
            w.align4().uuid(e.object()).u32(e.tower() == null ? 0 : ref++);
            byte[] a = cstring(e.annotation());
            w.u32(0).u32(a.length).bytes(a);
        }
        for (E e : entries) {
            if (e.tower() != null) {
                w.align4().u32(e.tower().length).u32(e.tower().length).bytes(e.tower());
            }
        }
        return w.align4().u32(status).toBytes();
    }

    // ---- PDUs ----

    static EpmWire header(int type, int flags, int callId) {
        return new EpmWire().u8(5).u8(0).u8(type).u8(flags).u8(0x10).u8(0).u8(0).u8(0).u16(0).u16(0).u32(callId);
    }

    static byte[] finish(EpmWire w) {
        byte[] b = w.toBytes();
        b[8] = (byte) b.length;
        b[9] = (byte) (b.length >> 8);
        return b;
    }

    static byte[] bindAck(int callId, int result) {
        EpmWire w = header(12, 3, callId).u16(5840).u16(5840).u32(0x12345);
        byte[] addr = cstring("135");
        w.u16(addr.length).bytes(addr).align4();
        w.u8(1).u8(0).u16(0);
        w.u16(result).u16(result == 0 ? 0 : 2);
        if (result == 0) {
            w.uuid(RpcPdu.NDR.uuid()).u32(2);
        } else {
            w.bytes(new byte[20]);
        }
        return finish(w);
    }

    static byte[] bindNak(int callId, int reason) {
        return finish(header(13, 3, callId).u16(reason).u8(1).u8(5).u8(0).align4());
    }

    static byte[] fault(int callId, long status) {
        return finish(header(3, 3, callId).u32(32).u16(0).u8(0).u8(0).u32(status).u32(0));
    }

    static byte[] response(int callId, int flags, byte[] stub) {
        return finish(header(2, flags, callId).u32(stub.length).u16(0).u8(0).u8(0).bytes(stub));
    }

    static int callId(byte[] pdu) {
        return (pdu[12] & 0xff) | (pdu[13] & 0xff) << 8 | (pdu[14] & 0xff) << 16 | (pdu[15] & 0xff) << 24;
    }
}
