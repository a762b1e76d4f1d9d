package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, defect 3, end to end without the lab: a real in.tftpd (tftpd-hpa) on 127.0.0.1:69 in a
 * network namespace that holds only loopback, and {@code portaudit scan} of 127.0.0.1 in the same
 * namespace. in.tftpd answers from a new port (RFC 1350 4); the scan must hear it and the built-in
 * TFTP rule must make 69/udp forbidden-open. Needs root (the namespace, and in.tftpd's chroot); CI
 * runs as root and lab/install-deps installs tftpd-hpa, so a missing in.tftpd fails there.
 */
class TftpForbiddenCliTest {
    private static final Path TFTPD = Path.of("/usr/sbin/in.tftpd");

    @Test
    void aRealTftpServerIsForbiddenOpen(@TempDir Path dir) throws Exception {
        NetworkNamespace.assumeAvailable();
        if (!Files.isExecutable(TFTPD)) {
            fail(TFTPD + " is missing: install tftpd-hpa (lab/install-deps does)");
        }
        Path root = Files.createDirectories(dir.resolve("tftp"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        // in.tftpd resolves its -a address with AI_ADDRCONFIG, which glibc answers only when an IPv4
        // address other than 127.0.0.1 is configured (measured: with lo alone it exits 66). A second
        // loopback address on lo satisfies it; the namespace still holds nothing but loopback.
        List<CliRunner.Result> r = NetworkNamespace.runWithDaemon(dir, hosts,
                "ip addr add 127.0.0.2/8 dev lo && exec " + TFTPD + " -L -a 127.0.0.1:69 -s " + root,
                "ss -Hlun 'sport = :69' | grep -q .",
                List.of(List.of("scan", "--json", "--host", "127.0.0.1", "--role", "web-server",
                        "--unexpected", "none")));
        assertEquals(1, r.get(0).exit(), r.get(0).err());
        JsonNode host = new ObjectMapper().readTree(r.get(0).out()).get("hosts").get(0);
        JsonNode tftp = null;
        for (JsonNode u : host.get("unexpected")) {
            if (u.get("transport").asText().equals("udp") && u.get("port").asInt() == 69) {
                tftp = u;
            }
        }
        assertNotNull(tftp, "69/udp not reported: " + host);
        assertEquals("open", tftp.get("state").asText(), tftp.toString());
        assertEquals("forbidden-open", tftp.get("finding").asText(), tftp.toString());
        assertEquals("open; forbidden (built-in): TFTP: unauthenticated file transfer",
                tftp.get("message").asText());
        boolean matched = false;
        for (JsonNode e : tftp.get("evidence")) {
            matched |= e.get("matched").asBoolean()
                    && e.get("summary").asText().equals("TFTP ERROR 1 (file not found): File not found");
        }
        assertTrue(matched, tftp.toString());
        assertEquals(1, host.get("counts").get("forbidden-open").asInt(), host.get("counts").toString());
    }
}
