package org.portaudit.scanner.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * A TCP connect to a loopback port nobody listens on can succeed when the kernel happens to pick the
 * target port as the source port: the socket connects to itself (simultaneous open). That is a false
 * open; a probe whose local and remote ends are the same is treated as closed.
 */
final class SelfConnect {
    private SelfConnect() {
    }

    static boolean is(SocketAddress local, SocketAddress remote) {
        if (!(local instanceof InetSocketAddress l) || !(remote instanceof InetSocketAddress r)) {
            return false;
        }
        if (l.getPort() != r.getPort() || l.getAddress() == null || r.getAddress() == null) {
            return false;
        }
        return normalise(l.getAddress()).equals(normalise(r.getAddress()));
    }

    /** IPv4-mapped IPv6 (::ffff:a.b.c.d) as the IPv4 address it maps. */
    static InetAddress normalise(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }
}
