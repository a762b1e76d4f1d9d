package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EndpointMapperClientTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static EndpointMapperClient client() {
        return new EndpointMapperClient(group);
    }

    private static EpmWire.E tcp(UUID iface, int major, int port, String annotation) {
        return new EpmWire.E(new UUID(0, 0), EpmWire.tcpTower(iface, major, port, "127.0.0.1"), annotation);
    }

    /** Entry number i: a distinct unknown interface on port 1024 + i. */
    private static EpmWire.E nth(int i) {
        return tcp(new UUID(0x1234L, i), 1, 1024 + (i % 60000), "entry " + i);
    }

    private static List<RpcEndpoint> get(CompletableFuture<List<RpcEndpoint>> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static RpcException failure(CompletableFuture<List<RpcEndpoint>> f) throws Exception {
        try {
            List<RpcEndpoint> r = f.get(30, TimeUnit.SECONDS);
            fail("expected a failure, got " + r.size() + " endpoints");
            return null;
        } catch (ExecutionException e) {
            RpcException r = assertInstanceOf(RpcException.class, e.getCause());
            assertFalse(r.getMessage().contains("\n"));
            return r;
        }
    }

    @Test
    void walksTheListWithTheEntryHandleUntilNotRegistered() throws Exception {
        List<byte[]> handlesSent = new ArrayList<>();
        FakeEndpointMapper.Script script = (type, callId, pdu, lookups) -> {
            if (type == RpcPdu.PTYPE_BIND) {
                return List.of(EpmWire.bindAck(callId, 0));
            }
            handlesSent.add(Arrays.copyOfRange(pdu, 40, 60));
            byte[] h = EpmWire.handle(77); // one handle for the whole walk, as Samba and Windows do
            return switch (lookups) {
                case 1 -> List.of(EpmWire.response(callId, 3, EpmWire.lookupStub(h, List.of(
                        tcp(EpmWire.DRSUAPI, 4, 49154, "MS NT Directory DRS Interface"),
                        tcp(EpmWire.NETLOGON, 1, 49153, "")), 100, 0)));
                case 2 -> List.of(EpmWire.response(callId, 3, EpmWire.lookupStub(h, List.of(
                        tcp(EpmWire.LSARPC, 0, 49153, "evil\u001b[2J")), 100, 0)));
                default -> List.of(EpmWire.response(callId, 3,
                        EpmWire.lookupStub(EpmWire.handle(0), List.of(), 100, EptLookup.EPT_S_NOT_REGISTERED)));
            };
        };
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            List<RpcEndpoint> eps = get(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(3, eps.size());
            assertEquals("drsuapi", eps.get(0).interfaceName());
            assertEquals(49154, eps.get(0).port().getAsInt());
            assertEquals("MS NT Directory DRS Interface", eps.get(0).annotation());
            assertEquals("netlogon", eps.get(1).interfaceName());
            assertEquals("evil.[2J", eps.get(2).annotation());
            assertEquals(3, epm.lookups.get());
            assertTrue(Arrays.equals(new byte[20], handlesSent.get(0)), "first call with a null handle");
            assertTrue(Arrays.equals(EpmWire.handle(77), handlesSent.get(1)), "then the mapper's handle");
            assertEquals("AD replication (DRSUAPI), logons and the computer secure channel (NETLOGON), "
                    + "LSA policy and SID/name lookups (LSARPC)", RpcInterfaces.impactOf(eps));
        }
    }

    @Test
    void aZeroHandleEndsTheWalkAfterOneCall() throws Exception {
        FakeEndpointMapper.Script script = FakeEndpointMapper.lookups(lookups ->
                EpmWire.lookupStub(EpmWire.handle(0),
                        List.of(nth(1), nth(2)), 100, 0));
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            assertEquals(2, get(client().lookup(LOOPBACK, epm.port(), TIMEOUT)).size());
            assertEquals(1, epm.lookups.get());
        }
    }

    @Test
    void aFragmentedResponseIsReassembled() throws Exception {
        List<EpmWire.E> many = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            many.add(nth(i));
        }
        byte[] stub = EpmWire.lookupStub(EpmWire.handle(0), many, 100, 0);
        FakeEndpointMapper.Script script = (type, callId, pdu, lookups) -> {
            if (type == RpcPdu.PTYPE_BIND) {
                return List.of(EpmWire.bindAck(callId, 0));
            }
            List<byte[]> frags = new ArrayList<>();
            for (int off = 0; off < stub.length; off += 4000) {
                int end = Math.min(stub.length, off + 4000);
                int flags = (off == 0 ? RpcPdu.PFC_FIRST_FRAG : 0) | (end == stub.length ? RpcPdu.PFC_LAST_FRAG : 0);
                frags.add(EpmWire.response(callId, flags, Arrays.copyOfRange(stub, off, end)));
            }
            assertTrue(frags.size() > 1);
            return frags;
        };
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            assertEquals(90, get(client().lookup(LOOPBACK, epm.port(), TIMEOUT)).size());
        }
    }

    @Test
    void theSameBatchForeverIsStopped() throws Exception {
        FakeEndpointMapper.Script script = FakeEndpointMapper.lookups(lookups ->
                EpmWire.lookupStub(EpmWire.handle(5),
                        List.of(nth(1), nth(2)), 100, 0));
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.LIMIT, e.kind());
            assertTrue(e.getMessage().contains("same entries twice"), e.getMessage());
            assertEquals(2, epm.lookups.get());
            assertEquals(2, e.partial().size());
        }
    }

    @Test
    void aHandleThatCyclesBackIsStopped() throws Exception {
        FakeEndpointMapper.Script script = FakeEndpointMapper.lookups(lookups ->
                EpmWire.lookupStub(EpmWire.handle(1 + lookups % 2),
                        List.of(nth(lookups)), 100, 0));
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.LIMIT, e.kind());
            assertTrue(e.getMessage().contains("earlier entry_handle"), e.getMessage());
            assertEquals(3, epm.lookups.get());
        }
    }

    @Test
    void endlessNewEntriesStopAtTheEntryLimit() throws Exception {
        FakeEndpointMapper.Script script = FakeEndpointMapper.lookups(lookups -> {
            List<EpmWire.E> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(nth(lookups * 100 + i));
            }
            return EpmWire.lookupStub(EpmWire.handle(5), batch, 100, 0);
        });
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.LIMIT, e.kind());
            assertEquals("endpoint mapper 127.0.0.1:" + epm.port() + " listed more than 4096 entries", e.getMessage());
            assertEquals(41, epm.lookups.get());
            assertEquals(4096, e.partial().size());
        }
    }

    @Test
    void oneEntryPerCallForeverStopsAtTheCallLimit() throws Exception {
        FakeEndpointMapper.Script script = FakeEndpointMapper.lookups(lookups ->
                EpmWire.lookupStub(EpmWire.handle(5),
                        List.of(nth(lookups)), 100, 0));
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.LIMIT, e.kind());
            assertTrue(e.getMessage().endsWith("did not end its list after 256 calls"), e.getMessage());
            assertEquals(256, epm.lookups.get());
        }
    }

    @Test
    void bindNakRejectedContextAndFaultAreErrors() throws Exception {
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group,
                (type, callId, pdu, n) -> List.of(EpmWire.bindNak(callId, 4)))) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.BIND_REJECTED, e.kind());
            assertTrue(e.getMessage().endsWith("rejected bind: protocol version not supported"), e.getMessage());
        }
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group,
                (type, callId, pdu, n) -> List.of(EpmWire.bindAck(callId, 2)))) {
            assertEquals(RpcException.Kind.BIND_REJECTED, failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT)).kind());
        }
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, (type, callId, pdu, n) ->
                List.of(type == RpcPdu.PTYPE_BIND ? EpmWire.bindAck(callId, 0) : EpmWire.fault(callId, 0x1c010002)))) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.FAULT, e.kind());
            assertTrue(e.getMessage().endsWith("fault 0x1c010002 (nca_s_op_rng_error)"), e.getMessage());
        }
    }

    @Test
    void aFailureStatusIsAnError() throws Exception {
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, FakeEndpointMapper.lookups(n ->
                EpmWire.lookupStub(EpmWire.handle(0), List.of(), 100, 0x16c9a0d0L)))) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.FAULT, e.kind());
            assertTrue(e.getMessage().endsWith("ept_lookup status 0x16c9a0d0"), e.getMessage());
        }
    }

    @Test
    void garbageAndWrongCallIdAreMalformed() throws Exception {
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group,
                (type, callId, pdu, n) -> List.of("SSH-2.0-OpenSSH_9.6\r\n".getBytes()))) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.MALFORMED, e.kind());
        }
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group,
                (type, callId, pdu, n) -> List.of(EpmWire.bindAck(callId + 1, 0)))) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.MALFORMED, e.kind());
            assertTrue(e.getMessage().startsWith("answer for call 2 while waiting for call 1"), e.getMessage());
        }
    }

    @Test
    void anUnexpectedPduTypeIsMalformed() throws Exception {
        // shutdown (type 17) instead of bind_ack
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, (type, callId, pdu, n) ->
                List.of(EpmWire.finish(EpmWire.header(17, 3, callId))))) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.MALFORMED, e.kind());
            assertEquals("unexpected PDU type 17 from 127.0.0.1:" + epm.port(), e.getMessage());
        }
    }

    @Test
    void silenceTimesOut() throws Exception {
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, (type, callId, pdu, n) -> List.of())) {
            long t0 = System.nanoTime();
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), Duration.ofMillis(300)));
            assertEquals(RpcException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().endsWith("within 300 ms"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void aHalfPduTimesOutAndACloseIsAnError() throws Exception {
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, new FakeEndpointMapper.Script() {
            @Override
            public List<byte[]> answer(int type, int callId, byte[] pdu, int n) {
                return type == RpcPdu.PTYPE_BIND ? List.of(Arrays.copyOf(EpmWire.bindAck(callId, 0), 30)) : null;
            }
        })) {
            // the mapper sends 30 of 60 bytes and then stays silent; the client's timeout ends it
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), Duration.ofMillis(300)));
            assertEquals(RpcException.Kind.TIMEOUT, e.kind());
        }
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, (type, callId, pdu, n) -> null)) {
            RpcException e = failure(client().lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.IO, e.kind());
            assertTrue(e.getMessage().endsWith("closed the connection before bind_ack"), e.getMessage());
        }
    }

    @Test
    void aRefusedConnectIsReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        RpcException e = failure(client().lookup(LOOPBACK, port, TIMEOUT));
        assertEquals(RpcException.Kind.REFUSED, e.kind());
        assertEquals("connection refused by 127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void explicitChannelClassAndSmallLimits() throws Exception {
        EndpointMapperClient small = new EndpointMapperClient(group, NioSocketChannel.class,
                new EndpointMapperClient.Limits(2, 10, 3, 16384, 1 << 20));
        FakeEndpointMapper.Script script = FakeEndpointMapper.lookups(lookups ->
                EpmWire.lookupStub(EpmWire.handle(5),
                        List.of(nth(2 * lookups), nth(2 * lookups + 1)), 2, 0));
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, script)) {
            RpcException e = failure(small.lookup(LOOPBACK, epm.port(), TIMEOUT));
            assertEquals(RpcException.Kind.LIMIT, e.kind());
            assertEquals(3, e.partial().size());
            assertNull(e.partial().get(0).interfaceName());
        }
    }
}
