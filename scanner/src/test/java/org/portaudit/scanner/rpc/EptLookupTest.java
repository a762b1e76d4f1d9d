package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EptLookupTest {
    private static final UUID OBJ = UUID.fromString("11111111-2222-3333-4444-555555555555");

    @Test
    void responseWithSeveralEntriesAndTowersIsDecoded() throws RpcException {
        byte[] drs = EpmWire.tcpTower(EpmWire.DRSUAPI, 4, 49154, "198.18.0.10");
        byte[] nl = EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49153, "0.0.0.0");
        byte[] stub = EpmWire.lookupStub(EpmWire.handle(9), List.of(
                new EpmWire.E(OBJ, drs, "MS NT Directory DRS Interface"),
                new EpmWire.E(new UUID(0, 0), nl, ""),
                new EpmWire.E(new UUID(0, 0), null, "odd")), 100, 0);

        EptLookup.Result r = EptLookup.decodeResponse(stub, 100);
        assertArrayEquals(EpmWire.handle(9), r.entryHandle());
        assertFalse(r.handleClosed());
        assertEquals(0, r.status());
        assertEquals(3, r.entries().size());
        assertEquals(OBJ, r.entries().get(0).object());
        assertEquals("MS NT Directory DRS Interface", r.entries().get(0).annotation());
        assertArrayEquals(drs, r.entries().get(0).tower());
        assertArrayEquals(nl, r.entries().get(1).tower());
        assertNull(r.entries().get(2).tower());

        RpcEndpoint e = Tower.decode(r.entries().get(0).tower()).toEndpoint(r.entries().get(0).annotation());
        assertEquals(EpmWire.DRSUAPI, e.interfaceId());
        assertEquals(4, e.versionMajor());
        assertEquals("drsuapi", e.interfaceName());
        assertEquals("ncacn_ip_tcp", e.protocolSequence());
        assertEquals(49154, e.port().getAsInt());
        assertEquals("ncacn_ip_tcp:198.18.0.10[49154]", e.stringBinding());
    }

    @Test
    void endOfListStatusAndClosedHandle() throws RpcException {
        EptLookup.Result r = EptLookup.decodeResponse(
                EpmWire.lookupStub(EpmWire.handle(0), List.of(), 100, EptLookup.EPT_S_NOT_REGISTERED), 100);
        assertTrue(r.handleClosed());
        assertEquals(EptLookup.EPT_S_NOT_REGISTERED, r.status());
        assertTrue(r.entries().isEmpty());
    }

    @Test
    void truncatedAtEveryLengthIsMalformed() {
        byte[] stub = EpmWire.lookupStub(EpmWire.handle(1), List.of(
                new EpmWire.E(OBJ, EpmWire.tcpTower(EpmWire.LSARPC, 0, 49155, "10.0.0.1"), "lsa"),
                new EpmWire.E(OBJ, EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49156, "10.0.0.1"), "")), 100, 0);
        for (int n = 0; n < stub.length; n++) {
            byte[] cut = Arrays.copyOf(stub, n);
            RpcException e = assertThrows(RpcException.class, () -> EptLookup.decodeResponse(cut, 100), "cut at " + n);
            assertEquals(RpcException.Kind.MALFORMED, e.kind());
        }
    }

    @Test
    void moreEntriesThanAskedForIsMalformed() {
        byte[] stub = EpmWire.lookupStub(EpmWire.handle(1), List.of(
                new EpmWire.E(OBJ, null, "a"), new EpmWire.E(OBJ, null, "b")), 2, 0);
        RpcException e = assertThrows(RpcException.class, () -> EptLookup.decodeResponse(stub, 1));
        assertTrue(e.getMessage().startsWith("num_ents 2 exceeds 1"), e.getMessage());
    }

    @Test
    void absurdCountsDoNotAllocate() {
        // num_ents and actual_count of 100 million in a 40-byte stub
        byte[] stub = new EpmWire().bytes(EpmWire.handle(1)).u32(100_000_000).u32(100_000_000).u32(0)
                .u32(100_000_000).u32(0).toBytes();
        RpcException e = assertThrows(RpcException.class, () -> EptLookup.decodeResponse(stub, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void countMismatchAndHugeTowerAreMalformed() {
        byte[] mismatch = new EpmWire().bytes(EpmWire.handle(1)).u32(1).u32(1).u32(0).u32(2).toBytes();
        assertThrows(RpcException.class, () -> EptLookup.decodeResponse(mismatch, 10));

        byte[] huge = new EpmWire().bytes(EpmWire.handle(1)).u32(1).u32(1).u32(0).u32(1)
                .uuid(OBJ).u32(1).u32(0).u32(1).u8(0).align4().u32(0x7fffffff).u32(0x7fffffff).toBytes();
        RpcException e = assertThrows(RpcException.class, () -> EptLookup.decodeResponse(huge, 10));
        assertTrue(e.getMessage().startsWith("tower max_count 2147483647 exceeds"), e.getMessage());
    }

    @Test
    void aRepeatedTowerReferentIsSerialisedOnceAndSharedLikeAFullPointer() throws RpcException {
        byte[] tower = EpmWire.tcpTower(EpmWire.NETLOGON, 1, 49152, "0.0.0.0");
        byte[] stub = new EpmWire().bytes(EpmWire.handle(0)).u32(2).u32(2).u32(0).u32(2)
                .uuid(OBJ).u32(0x20000).u32(0).u32(2).bytes(EpmWire.cstring("a")).align4()
                .uuid(OBJ).u32(0x20000).u32(0).u32(2).bytes(EpmWire.cstring("b")).align4()
                .u32(tower.length).u32(tower.length).bytes(tower).align4().u32(0).toBytes();
        EptLookup.Result r = EptLookup.decodeResponse(stub, 10);
        assertArrayEquals(tower, r.entries().get(0).tower());
        assertArrayEquals(tower, r.entries().get(1).tower());
        assertEquals("b", r.entries().get(1).annotation());
    }

    @Test
    void overlongAnnotationIsMalformed() {
        byte[] stub = new EpmWire().bytes(EpmWire.handle(1)).u32(1).u32(1).u32(0).u32(1)
                .uuid(OBJ).u32(0).u32(0).u32(65).bytes(new byte[65]).align4().u32(0).toBytes();
        assertThrows(RpcException.class, () -> EptLookup.decodeResponse(stub, 10));
    }
}
