package org.portaudit.scanner.probes.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real TLS server that speaks only an old protocol: {@code openssl s_server} on 127.0.0.1 with
 * {@code -tls1} (or {@code -tls1_1}) at security level 0, and a certificate {@code openssl req} made for the
 * test (CN {@value #CN}, {@value #DAYS} days). OpenSSL 3 still has TLS 1.0 at level 0; the JDK does not.
 */
public final class OpensslLegacyServer implements AutoCloseable {
    public static final String CN = "legacy.portaudit.invalid";
    public static final int DAYS = 30;
    private final Process process;
    public final InetSocketAddress address;

    /** @param protocolFlag "-tls1", "-tls1_1", or "-tls1_2" with {@code cipher} limiting the suites */
    public OpensslLegacyServer(Path dir, String protocolFlag, String cipher) throws Exception {
        Path key = dir.resolve("legacy-key.pem");
        Path cert = dir.resolve("legacy-cert.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", Integer.toString(DAYS), "-subj", "/CN=" + CN));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-quiet", "-accept", "127.0.0.1:" + port,
                protocolFlag, "-cert", cert.toString(), "-key", key.toString(), "-cipher", cipher));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                break;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("openssl s_server did not start on " + address, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
