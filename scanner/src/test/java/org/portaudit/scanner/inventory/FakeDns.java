package org.portaudit.scanner.inventory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A DNS server on loopback that answers every query with the SRV records it is given, each target written
 * label by label as raw bytes (so a label can hold a backslash, a dot, ESC or NUL, as a hostile server's can).
 */
public final class FakeDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<List<byte[]>> targets;

    /** {@code targets}: one SRV record each, given as its labels. */
    public FakeDns(List<List<byte[]>> targets) throws IOException {
        this.targets = targets;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::serve, "fake-dns");
        t.setDaemon(true);
        t.start();
    }

    public static List<byte[]> labels(String... labels) {
        return java.util.Arrays.stream(labels).map(l -> l.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] reply = answer(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private byte[] answer(byte[] q) {
        int end = 12;
        while (q[end] != 0) {
            end += (q[end] & 0xff) + 1;
        }
        end += 5; // the root label, QTYPE, QCLASS
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.writeBytes(new byte[] {(byte) 0x81, (byte) 0x80, 0, 1, 0, (byte) targets.size(), 0, 0, 0, 0});
        out.write(q, 12, end - 12);
        for (List<byte[]> target : targets) {
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            rdata.writeBytes(new byte[] {0, 0, 0, 100, 1, (byte) 0x85}); // priority 0, weight 100, port 389
            for (byte[] label : target) {
                rdata.write(label.length);
                rdata.writeBytes(label);
            }
            rdata.write(0);
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60});
            out.write(rdata.size() >> 8);
            out.write(rdata.size());
            out.writeBytes(rdata.toByteArray());
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
