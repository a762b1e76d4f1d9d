package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TowerTest {

    private static RpcEndpoint endpoint(byte[] tower) throws RpcException {
        return Tower.decode(tower).toEndpoint("");
    }

    @Test
    void everyProtocolSequence() throws RpcException {
        RpcEndpoint tcp = endpoint(EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49664, "198.18.0.10"));
        assertEquals("ncacn_ip_tcp", tcp.protocolSequence());
        assertEquals("49664", tcp.endpoint());
        assertEquals("198.18.0.10", tcp.hostAddress());
        assertTrue(tcp.isTcp());

        RpcEndpoint udp = endpoint(EpmWire.tower(EpmWire.LSARPC, 0, 0, 0x0a, 0x08, new byte[] {(byte) 0xc0, 0x01},
                0x09, EpmWire.ipv4("10.1.2.3")));
        assertEquals("ncadg_ip_udp", udp.protocolSequence());
        assertEquals(49153, udp.port().getAsInt());
        assertTrue(!udp.isTcp());

        RpcEndpoint http = endpoint(EpmWire.tower(EpmWire.DRSUAPI, 4, 0, 0x0b, 0x1f, new byte[] {0x02, 0x3a},
                0x09, EpmWire.ipv4("0.0.0.0")));
        assertEquals("ncacn_http", http.protocolSequence());
        assertEquals(570, http.port().getAsInt());

        RpcEndpoint np = endpoint(EpmWire.tower(EpmWire.LSARPC, 0, 0, 0x0b, 0x0f, EpmWire.cstring("\\PIPE\\lsass"),
                0x11, EpmWire.cstring("\\\\DC1")));
        assertEquals("ncacn_np", np.protocolSequence());
        assertEquals("\\PIPE\\lsass", np.endpoint());
        assertEquals("\\\\DC1", np.hostAddress());
        assertTrue(np.port().isEmpty());

        RpcEndpoint lrpc = endpoint(EpmWire.tower(EpmWire.LSARPC, 0, 0, 0x0c, 0x10, EpmWire.cstring("lsasspirpc"),
                -1, null));
        assertEquals("ncalrpc", lrpc.protocolSequence());
        assertEquals("lsasspirpc", lrpc.endpoint());
        assertNull(lrpc.hostAddress());
        assertEquals("lsarpc", lrpc.interfaceName());
    }

    @Test
    void unknownInterfaceAndProtocolAreKeptNotGuessed() throws RpcException {
        RpcEndpoint e = endpoint(EpmWire.tower(EpmWire.UNKNOWN, 2, 7, 0x0b, 0x13, new byte[] {1}, -1, null));
        assertNull(e.interfaceName());
        assertEquals(2, e.versionMajor());
        assertEquals(7, e.versionMinor());
        assertEquals("unknown(0x0b/0x13)", e.protocolSequence());
    }

    @Test
    void hostileNamesAreSanitised() throws RpcException {
        RpcEndpoint e = Tower.decode(EpmWire.tower(EpmWire.LSARPC, 0, 0, 0x0b, 0x0f,
                EpmWire.cstring("\\PIPE\\x\u001b[31m"), -1, null)).toEndpoint("evil\r\nline\u0007");
        assertEquals("\\PIPE\\x.[31m", e.endpoint());
        assertEquals("evil..line.", e.annotation());
    }

    @Test
    void absurdFloorCountIsRefused() {
        byte[] t = EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49664, "198.18.0.10");
        t[0] = (byte) 0xff;
        t[1] = (byte) 0xff;
        RpcException e = assertThrows(RpcException.class, () -> Tower.decode(t));
        assertEquals("tower with 65535 floors (1..8 allowed)", e.getMessage());
        t[0] = 0;
        t[1] = 0;
        assertThrows(RpcException.class, () -> Tower.decode(t));
    }

    @Test
    void truncatedTowerAtEveryLengthIsMalformed() {
        byte[] t = EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49664, "198.18.0.10");
        for (int n = 0; n < t.length; n++) {
            byte[] cut = Arrays.copyOf(t, n);
            assertThrows(RpcException.class, () -> Tower.decode(cut), "cut at " + n);
        }
    }

    @Test
    void floorLengthsBeyondTheTowerAreRefused() {
        byte[] t = EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49664, "198.18.0.10");
        t[2] = (byte) 0xff;
        t[3] = (byte) 0x7f; // lhs length 32767
        RpcException e = assertThrows(RpcException.class, () -> Tower.decode(t));
        assertTrue(e.getMessage().contains("lhs length"), e.getMessage());
    }

    @Test
    void wrongSizedPortOrAddressFloorsAreMalformed() {
        byte[] badPort = EpmWire.tower(EpmWire.NETLOGON, 1, 0, 0x0b, 0x07, new byte[] {1, 2, 3}, 0x09,
                EpmWire.ipv4("1.2.3.4"));
        assertThrows(RpcException.class, () -> endpoint(badPort));
        byte[] badIp = EpmWire.tower(EpmWire.NETLOGON, 1, 0, 0x0b, 0x07, new byte[] {1, 2}, 0x09, new byte[16]);
        assertThrows(RpcException.class, () -> endpoint(badIp));
        byte[] noInterface = EpmWire.tower(EpmWire.NETLOGON, 1, 0, 0x0b, 0x07, new byte[] {1, 2}, 0x09,
                EpmWire.ipv4("1.2.3.4"));
        noInterface[4] = 0x0c; // floor 1 protocol is not UUID
        assertThrows(RpcException.class, () -> endpoint(noInterface));
    }
}
