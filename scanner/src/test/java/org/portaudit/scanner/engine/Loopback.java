package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.portaudit.reports.model.Evidence;

/** Loopback servers on port 0 and small helpers for the engine tests (and the judge's hostile-server tests). */
public final class Loopback {
    static final InetAddress V4 = InetAddress.getLoopbackAddress();
    static final InetAddress V6;

    static {
        try {
            V6 = InetAddress.getByName("::1");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Loopback() {
    }

    /** A port that was bound and is closed again: nothing listens there. */
    static int closedTcpPort(InetAddress addr) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, addr)) {
            return s.getLocalPort();
        }
    }

    static int closedUdpPort(InetAddress addr) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(addr, 0))) {
            return s.getLocalPort();
        }
    }

    /** Runs the tasks on the engine and returns the results in task order (by tag, an Integer index). */
    static List<ProbeResult<Object>> runAll(ProbeEngine engine, List<ProbeTask<Object>> tasks) throws Exception {
        List<ProbeResult<Object>> results = Collections.synchronizedList(new ArrayList<>());
        engine.run(tasks.iterator(), results::add).get(60, TimeUnit.SECONDS);
        List<ProbeResult<Object>> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Integer.compare((Integer) a.task().tag(), (Integer) b.task().tag()));
        return sorted;
    }

    static ProbeResult runOne(ProbeEngine engine, ProbeTask task) throws Exception {
        List<ProbeResult<Object>> r = runAll(engine, List.of(withTag(task, 0)));
        assertTrue(r.size() == 1, "one result expected, got " + r);
        return r.get(0);
    }

    static ProbeTask withTag(ProbeTask t, int tag) {
        return new ProbeTask(t.target(), t.transport(), t.port(), t.payloads(), t.conversation(), tag);
    }

    /** A TCP server that accepts and hands each connection to a handler on its own thread. */
    public static final class TcpServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> clients = new CopyOnWriteArrayList<>();
        private final Thread thread;

        public TcpServer(InetAddress addr, SocketHandler handler) throws IOException {
            socket = new ServerSocket(0, 512, addr);
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket c = socket.accept();
                        accepted.incrementAndGet();
                        clients.add(c);
                        Thread t = new Thread(() -> {
                            try (c) {
                                handler.handle(c);
                            } catch (IOException ignored) {
                                // client went away
                            }
                        }, "test-tcp-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-tcp-server");
            thread.setDaemon(true);
            thread.start();
        }

        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    public interface SocketHandler {
        void handle(Socket s) throws IOException;
    }

    /** Reads until the peer closes (or resets); returns how it ended. */
    public static String drain(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // discard
            }
            return "eof";
        } catch (SocketException e) {
            return "reset";
        } catch (IOException e) {
            return "error";
        }
    }

    static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * A UDP server: answers each datagram with {@code reply.apply(request)} (null = stay silent), from
     * its own socket, or (see {@link #fromNewSocket}) from a new socket each time, as a TFTP server does.
     */
    public static final class UdpServer implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger received = new AtomicInteger();
        /** The local ports replies were sent from, in order. */
        final List<Integer> replyPorts = new CopyOnWriteArrayList<>();
        private final Thread thread;

        UdpServer(InetAddress addr, Function<byte[], byte[]> reply) throws IOException {
            this(addr, req -> {
                byte[] out = reply.apply(req);
                return out == null ? List.of() : List.of(out);
            }, null);
        }

        /**
         * Answers each datagram from a new socket bound to {@code replyFrom} (port 0), as RFC 1350 has a
         * TFTP server answer from a new port; {@code replyFrom} may be another loopback address than
         * {@code addr}, to play another host.
         */
        public static UdpServer fromNewSocket(InetAddress addr, InetAddress replyFrom,
                                              Function<byte[], List<byte[]>> replies) throws IOException {
            return new UdpServer(addr, replies, replyFrom);
        }

        /** Answers each datagram with every datagram of {@code replies.apply(request)}, in order: a flood, say. */
        public static UdpServer answering(InetAddress addr, Function<byte[], List<byte[]>> replies) throws IOException {
            return new UdpServer(addr, replies, null);
        }

        private UdpServer(InetAddress addr, Function<byte[], List<byte[]>> replies, InetAddress replyFrom)
                throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(addr, 0));
            thread = new Thread(() -> {
                byte[] buf = new byte[65536];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                        received.incrementAndGet();
                        byte[] req = java.util.Arrays.copyOf(p.getData(), p.getLength());
                        List<byte[]> outs = replies.apply(req);
                        if (replyFrom == null) {
                            for (byte[] out : outs) {
                                replyPorts.add(socket.getLocalPort());
                                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                            }
                        } else if (!outs.isEmpty()) {
                            try (DatagramSocket transfer = new DatagramSocket(new InetSocketAddress(replyFrom, 0))) {
                                for (byte[] out : outs) {
                                    replyPorts.add(transfer.getLocalPort());
                                    transfer.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                                }
                            }
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-udp-server");
            thread.setDaemon(true);
            thread.start();
        }

        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A tiny UDP payload: sends "PA-PING", recognises replies that start with "PA-PONG". */
    static class PingPayload implements UdpPayload {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public String name() {
            return "test-ping";
        }

        @Override
        public ByteBuf request(ByteBufAllocator alloc) {
            requests.incrementAndGet();
            ByteBuf b = alloc.buffer();
            b.writeCharSequence("PA-PING", StandardCharsets.US_ASCII);
            return b;
        }

        @Override
        public Optional<Evidence> match(ByteBuf reply) {
            if (reply.readableBytes() >= 7
                    && "PA-PONG".equals(reply.toString(reply.readerIndex(), 7, StandardCharsets.US_ASCII))) {
                return Optional.of(Evidence.of("test-ping", "pong from test server", true));
            }
            return Optional.empty();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
