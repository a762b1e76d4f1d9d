package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portaudit.reports.model.PortState;
import org.portaudit.scanner.probes.udp.UdpPayloads;

/**
 * The engine against a real TFTP server: Debian's tftpd-hpa ({@code in.tftpd}) in listen mode on
 * 127.0.0.1 at a free port. It answers a read request from a new port of a forked child (RFC 1350 4),
 * which a connected probe never heard. Needs root: in.tftpd chroots to its folder and drops to its
 * user, and does not answer at all without (measured: run as nobody it stays silent). CI runs as
 * root and lab/install-deps installs tftpd-hpa, so there a missing in.tftpd fails the test.
 */
class RealTftpdTest {
    private static final Path TFTPD = Path.of("/usr/sbin/in.tftpd");

    private static boolean root() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void requireTftpd() {
        boolean present = Files.isExecutable(TFTPD);
        boolean root = root();
        if (!root) {
            String why = "RealTftpdTest skipped: not root (in.tftpd " + (present ? "is installed but" : "is missing and")
                    + " needs root to chroot and drop privileges)";
            System.err.println("[WARNING] " + why);
            assumeTrue(false, why);
        }
        if (!present) {
            fail(TFTPD + " is missing: install tftpd-hpa (lab/install-deps does)");
        }
    }

    /** Waits until in.tftpd has bound the port (a bind of our own fails then); sends nothing. */
    private static void awaitBound(Process tftpd, InetAddress addr, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!tftpd.isAlive()) {
                fail("in.tftpd exited with " + tftpd.exitValue() + ": "
                        + new String(tftpd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(addr, port))) {
                probe.close(); // still free: in.tftpd has not bound it yet
            } catch (BindException e) {
                return;
            }
            Thread.sleep(10); // a readiness poll: in.tftpd binds within milliseconds
        }
        fail("in.tftpd did not bind " + addr.getHostAddress() + ":" + port + " within 10 s");
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void theReplyFromTftpdsTransferPortIsSeenAndMatched(boolean nativeTransport, @TempDir Path dir) throws Exception {
        requireTftpd();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        InetAddress addr = Loopback.V4;
        int port = Loopback.closedUdpPort(addr);
        Process tftpd = new ProcessBuilder(TFTPD.toString(), "-L", "-a", addr.getHostAddress() + ":" + port,
                "-s", dir.toString()).redirectErrorStream(true).start();
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults().withNativeTransport(nativeTransport)
                .withTimeout(Duration.ofSeconds(2)).withRetries(1))) {
            awaitBound(tftpd, addr, port);
            // The payloads a scan sends to 69/udp, aimed at the daemon's port.
            UdpPayloads payloads = UdpPayloads.create(UdpPayloads.Options.defaults());
            ProbeResult r = Loopback.runOne(engine, ProbeTask.udp(addr, port, payloads.payloadsFor(69), null));
            assertEquals(PortState.OPEN, r.state(), r.toString());
            assertEquals("udp:tftp-rrq", r.evidence().probe());
            long from = r.evidence().number("replyPort").orElseThrow(() -> new AssertionError(r.toString()));
            assertNotEquals(port, from, "in.tftpd answers from its child's own port");
            assertTrue(r.service() != null && r.service().matched(), r.toString());
            assertEquals("TFTP ERROR 1 (file not found): File not found", r.service().summary());
        } finally {
            tftpd.destroy();
            if (!tftpd.waitFor(5, TimeUnit.SECONDS)) {
                tftpd.destroyForcibly();
            }
        }
    }
}
