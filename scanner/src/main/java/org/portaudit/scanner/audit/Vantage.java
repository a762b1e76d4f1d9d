package org.portaudit.scanner.audit;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import org.portaudit.reports.model.Sanitize;

/**
 * Where a host is probed from: the scanning machine's own source address on its route to the host. A UDP
 * socket's {@code connect} only asks the kernel to pick a route and a source address; it sends no packet, so
 * this costs one system call and puts nothing on the wire.
 */
public final class Vantage {
    /** Any port will do: nothing is sent. The discard port says so to anyone reading a trace. */
    private static final int NO_TRAFFIC_PORT = 9;

    private Vantage() {
    }

    /** The source address the kernel would use toward {@code target}, as text; null when there is no route. */
    public static String toward(InetAddress target) {
        return toward(target, NO_TRAFFIC_PORT);
    }

    /** {@link #toward(InetAddress)} with the socket connected to {@code port} (tests listen there for nothing). */
    static String toward(InetAddress target, int port) {
        if (target == null) {
            return null;
        }
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(new InetSocketAddress(target, port));
            return text(ch.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            return null; // no route (network unreachable), no IPv6 on this machine ...: the vantage is unknown
        }
    }

    /** A bound socket's address as the report shows it: the address alone, no port, no zone of a link-local. */
    static String text(SocketAddress local) {
        if (!(local instanceof InetSocketAddress s) || s.getAddress() == null || s.getAddress().isAnyLocalAddress()) {
            return null;
        }
        InetAddress a = s.getAddress();
        String t = a.getHostAddress();
        if (a instanceof Inet6Address) {
            int zone = t.indexOf('%');
            t = zone < 0 ? t : t.substring(0, zone);
        }
        return Sanitize.text(t, 64);
    }
}
