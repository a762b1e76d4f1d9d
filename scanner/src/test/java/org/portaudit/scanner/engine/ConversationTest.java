package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Promise;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

class ConversationTest {

    /** Says HELLO, expects a line starting with WORLD. */
    static class HelloConversation implements TcpConversation {
        final AtomicReference<Promise<Evidence>> promise = new AtomicReference<>();

        @Override
        public String name() {
            return "test-hello";
        }

        @Override
        public void start(Channel channel, Promise<Evidence> result) {
            promise.set(result);
            channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    String text = msg.toString(StandardCharsets.US_ASCII);
                    result.trySuccess(text.startsWith("WORLD")
                            ? Evidence.of("test-hello", "peer said " + text.trim(), true)
                            : Evidence.of("test-hello", "peer said something else", false));
                }
            });
            channel.writeAndFlush(Unpooled.copiedBuffer("HELLO\n", StandardCharsets.US_ASCII));
        }
    }

    private static EngineConfig config(Duration time, int bytes) {
        return EngineConfig.defaults().withTimeout(Duration.ofSeconds(2)).withConversationLimits(time, bytes);
    }

    @Test
    void conversationRunsAfterConnectAndItsEvidenceIsRecorded() throws Exception {
        HelloConversation hello = new HelloConversation();
        try (Loopback.TcpServer server = new Loopback.TcpServer(Loopback.V4, s -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                if ("HELLO".equals(in.readLine())) {
                    Loopback.write(s, "WORLD v2\n");
                }
                Loopback.drain(s);
            });
             ProbeEngine engine = new ProbeEngine(config(Duration.ofSeconds(10), 4096))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(Loopback.V4, server.port(), hello, null));
            assertEquals(PortState.OPEN, r.state());
            assertTrue(r.evidence().summary().startsWith("SYN-ACK in "));
            assertNotNull(r.service(), r.toString());
            assertEquals("test-hello", r.service().probe());
            assertEquals("peer said WORLD v2", r.service().summary());
            assertTrue(r.service().matched());
        }
    }

    @Test
    void conversationThatNeverConcludesIsCutOffByTheTimeLimit() throws Exception {
        HelloConversation hello = new HelloConversation();
        try (Loopback.TcpServer silent = new Loopback.TcpServer(Loopback.V6, Loopback::drain);
             ProbeEngine engine = new ProbeEngine(config(Duration.ofMillis(200), 4096))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(Loopback.V6, silent.port(), hello, null));
            assertEquals(PortState.OPEN, r.state(), "the connect proved it open");
            assertEquals("cut off: no conclusion within 200 ms", r.service().summary());
            assertFalse(r.service().matched());
            Promise<Evidence> p = hello.promise.get();
            assertTrue(p.isDone(), "the conversation is told it was ended");
            assertInstanceOf(TcpProbe.ConversationCutOff.class, p.cause());
        }
    }

    @Test
    void conversationIsCutOffByTheByteLimit() throws Exception {
        HelloConversation neverSatisfied = new HelloConversation() {
            @Override
            public void start(Channel channel, Promise<Evidence> result) {
                promise.set(result); // reads are left to the engine's tail: never concludes
            }
        };
        try (Loopback.TcpServer flood = new Loopback.TcpServer(Loopback.V4, s -> {
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[8192];
                for (int i = 0; i < 1000; i++) {
                    out.write(chunk);
                }
            });
             ProbeEngine engine = new ProbeEngine(config(Duration.ofSeconds(30), 1000))) {
            ProbeResult r = Loopback.runOne(engine, ProbeTask.tcp(Loopback.V4, flood.port(), neverSatisfied, null));
            assertEquals(PortState.OPEN, r.state());
            assertEquals("cut off: the peer sent more than 1000 bytes", r.service().summary());
        }
    }

    @Test
    void peerClosingFirstAndConversationThrowingAreEvidenceNotErrors() throws Exception {
        TcpConversation throwing = new HelloConversation() {
            @Override
            public void start(Channel channel, Promise<Evidence> result) {
                throw new IllegalStateException("bug in a probe");
            }
        };
        try (Loopback.TcpServer closer = new Loopback.TcpServer(Loopback.V4, s -> { });
             ProbeEngine engine = new ProbeEngine(config(Duration.ofSeconds(10), 4096))) {
            ProbeResult closed = Loopback.runOne(engine,
                    ProbeTask.tcp(Loopback.V4, closer.port(), new HelloConversation(), null));
            assertEquals(PortState.OPEN, closed.state());
            assertTrue(closed.service().summary().startsWith("the peer closed the connection"),
                    closed.service().summary());
            ProbeResult thrown = Loopback.runOne(engine, ProbeTask.tcp(Loopback.V4, closer.port(), throwing, null));
            assertEquals(PortState.OPEN, thrown.state());
            assertEquals("conversation failed: bug in a probe", thrown.service().summary(), "no Java class name");
        }
    }
}
