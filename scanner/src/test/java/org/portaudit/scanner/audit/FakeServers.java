package org.portaudit.scanner.audit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Listeners on 127.0.0.1 port 0 that talk like a known service (or like none), one thread per connection. */
final class FakeServers implements AutoCloseable {
    /** What a listener does with one accepted connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket s) throws IOException;
    }

    private final List<ServerSocket> sockets = new ArrayList<>();

    /** A listener behaving as {@code b}; returns its port. */
    int start(Behaviour b) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        sockets.add(ss);
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            s.setSoTimeout(10_000);
                            b.serve(s);
                        } catch (IOException e) {
                            // the prober hung up: fine
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-server-" + ss.getLocalPort());
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    /** Speaks first with {@code greeting}, then waits for the client to go. */
    static Behaviour greets(byte[] greeting) {
        return s -> {
            s.getOutputStream().write(greeting);
            s.getOutputStream().flush();
            drain(s.getInputStream());
        };
    }

    static Behaviour greets(String greeting) {
        return greets(greeting.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Silent until the client sends bytes that start with {@code request}; then answers {@code reply}. Anything
     * else makes it hang up, as a server of another protocol would.
     */
    static Behaviour answers(byte[] request, byte[] reply) {
        return s -> {
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(request.length);
            if (java.util.Arrays.equals(got, request)) {
                s.getOutputStream().write(reply);
                s.getOutputStream().flush();
                drain(in);
            }
        };
    }

    static Behaviour answers(String request, String reply) {
        return answers(request.getBytes(StandardCharsets.ISO_8859_1), reply.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Answers whatever comes with {@code reply}. */
    static Behaviour answersAnything(byte[] reply) {
        return s -> {
            InputStream in = s.getInputStream();
            if (in.read() >= 0) {
                s.getOutputStream().write(reply);
                s.getOutputStream().flush();
                drain(in);
            }
        };
    }

    /** Accepts and never says a word. */
    static Behaviour silent() {
        return s -> drain(s.getInputStream());
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (in.read(buf) >= 0) {
            // until the client closes
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket s : sockets) {
            s.close();
        }
    }
}
