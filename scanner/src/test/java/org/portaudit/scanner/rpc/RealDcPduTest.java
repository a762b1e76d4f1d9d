package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The codec and the client on PDUs captured from a real Samba 4.17 AD DC (see resources rpc/README.md). */
class RealDcPduTest {

    static List<byte[]> pdus(String name) {
        try (InputStream in = RealDcPduTest.class.getResourceAsStream("/rpc/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.lines().filter(l -> !l.isBlank()).map(EpmWire::hex).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RpcPdu.Response reassembled(List<byte[]> frags) {
        EmbeddedChannel ch = new EmbeddedChannel(new RpcFrameDecoder(), new RpcPduDecoder(), new ResponseAssembler());
        try {
            for (byte[] f : frags) {
                ch.writeInbound(Unpooled.wrappedBuffer(f));
            }
            RpcPdu.Response r = assertInstanceOf(RpcPdu.Response.class, ch.readInbound());
            assertNull(ch.readInbound());
            return r;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void sambaBindAck() {
        EmbeddedChannel ch = new EmbeddedChannel(new RpcFrameDecoder(), new RpcPduDecoder(), new ResponseAssembler());
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(pdus("samba-4.17-bind_ack.hex").get(0)));
            RpcPdu.BindAck ack = assertInstanceOf(RpcPdu.BindAck.class, ch.readInbound());
            assertEquals(1, ack.callId());
            assertEquals(5840, ack.maxXmitFrag());
            assertEquals(5840, ack.maxRecvFrag());
            assertEquals("135", ack.secondaryAddress());
            assertEquals(1, ack.results().size());
            assertTrue(ack.results().get(0).accepted());
            assertEquals(RpcPdu.NDR, ack.results().get(0).transferSyntax());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void sambaLookupResponseInTwoFragments() throws RpcException {
        List<byte[]> frags = pdus("samba-4.17-ept_lookup-1.hex");
        assertEquals(2, frags.size());
        assertEquals(RpcPdu.PFC_FIRST_FRAG, frags.get(0)[3]);
        assertEquals(RpcPdu.PFC_LAST_FRAG, frags.get(1)[3]);
        RpcPdu.Response r = reassembled(frags);
        assertEquals(2, r.callId());

        EptLookup.Result res = EptLookup.decodeResponse(r.stub(), 100);
        assertEquals(0, res.status());
        assertFalse(res.handleClosed());
        assertEquals(53, res.entries().size());

        List<RpcEndpoint> eps = new ArrayList<>();
        for (EptLookup.Entry e : res.entries()) {
            eps.add(Tower.decode(e.tower()).toEndpoint(e.annotation()));
        }
        Set<String> protseqs = eps.stream().map(RpcEndpoint::protocolSequence).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("ncacn_http", "ncacn_ip_tcp", "ncacn_np", "ncalrpc"), protseqs);
        Set<Integer> dynamicTcp = eps.stream().filter(RpcEndpoint::isTcp).map(e -> e.port().getAsInt())
                .filter(p -> p >= 49152).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(49152, 49153, 49154), dynamicTcp);
        assertTrue(eps.contains(new RpcEndpoint(EpmWire.DRSUAPI, 4, 0, "drsuapi", "drsuapi", "ncacn_ip_tcp", "49153",
                "0.0.0.0")));
        assertTrue(eps.contains(new RpcEndpoint(EpmWire.NETLOGON, 1, 0, "netlogon", "netlogon", "ncacn_ip_tcp",
                "49152", "0.0.0.0")));
        assertTrue(eps.stream().anyMatch(e -> e.stringBinding().equals("ncacn_np:[\\pipe\\lsass]")
                && "lsarpc".equals(e.interfaceName())));
        assertTrue(eps.stream().anyMatch(e -> e.stringBinding().equals("ncalrpc:[EPMAPPER]")));
        assertTrue(eps.stream().allMatch(e -> e.interfaceName() != null), "every interface Samba serves is named");
    }

    @Test
    void sambaEndOfList() throws RpcException {
        RpcPdu.Response r = reassembled(pdus("samba-4.17-ept_lookup-2.hex"));
        assertEquals(3, r.callId());
        EptLookup.Result res = EptLookup.decodeResponse(r.stub(), 100);
        assertEquals(EptLookup.EPT_S_NOT_REGISTERED, res.status());
        assertTrue(res.handleClosed());
        assertTrue(res.entries().isEmpty());
    }

    @Test
    void sambaStubTruncatedAtEveryLengthIsMalformed() {
        byte[] stub = reassembled(pdus("samba-4.17-ept_lookup-1.hex")).stub();
        for (int n = 0; n < stub.length; n++) {
            byte[] cut = Arrays.copyOf(stub, n);
            assertThrows(RpcException.class, () -> EptLookup.decodeResponse(cut, 100), "cut at " + n);
        }
    }

    @Test
    void theClientWalksTheReplayedSambaConversation() throws Exception {
        byte[] ack = pdus("samba-4.17-bind_ack.hex").get(0);
        List<byte[]> first = pdus("samba-4.17-ept_lookup-1.hex");
        List<byte[]> last = pdus("samba-4.17-ept_lookup-2.hex");
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (FakeEndpointMapper epm = new FakeEndpointMapper(group, (type, callId, pdu, lookups) ->
                type == RpcPdu.PTYPE_BIND ? List.of(ack) : lookups == 1 ? first : last)) {
            List<RpcEndpoint> eps = new EndpointMapperClient(group)
                    .lookup(InetAddress.getLoopbackAddress(), epm.port(), Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            assertEquals(53, eps.size());
            assertEquals(2, epm.lookups.get());
            assertTrue(RpcInterfaces.impactOf(eps).contains("AD replication (DRSUAPI)"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
