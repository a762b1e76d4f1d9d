package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the lab's real Samba AD DC. Runs only when the lab is up: the facts file
 * {@code lab/run/ready} is found from {@code -Dportaudit.lab.facts=...}, {@code PORTAUDIT_LAB_FACTS}, or
 * by walking up from the working directory; otherwise it is skipped with that reason. It only ever
 * talks to the DC address the facts name, and only when that is inside the lab's ranges
 * (198.18.0.0/15, 2001:2::/48), which the lab blackholes on the test machine.
 */
class EndpointMapperLabIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static Properties labFacts() throws IOException {
        String explicit = System.getProperty("portaudit.lab.facts", System.getenv("PORTAUDIT_LAB_FACTS"));
        Path facts = null;
        if (explicit != null && !explicit.isBlank()) {
            facts = Paths.get(explicit);
        } else {
            for (Path d = Paths.get("").toAbsolutePath(); d != null && facts == null; d = d.getParent()) {
                Path p = d.resolve("lab/run/ready");
                facts = Files.isRegularFile(p) ? p : null;
            }
        }
        assumeTrue(facts != null && Files.isRegularFile(facts),
                "lab not up (no lab/run/ready; set -Dportaudit.lab.facts): skipping the real DC test");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(facts)) {
            p.load(r);
        }
        return p;
    }

    static InetAddress labAddress(Properties facts, String key) throws IOException {
        String value = facts.getProperty(key);
        assumeTrue(value != null, "lab facts have no " + key);
        InetAddress a = InetAddress.getByName(value.trim());
        byte[] b = a.getAddress();
        boolean inLab = a instanceof Inet4Address ? (b[0] & 0xff) == 198 && (b[1] & 0xfe) == 18
                : a instanceof Inet6Address && b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 2 && b[4] == 0
                        && b[5] == 0;
        if (!inLab) {
            throw new IllegalStateException(key + "=" + value + " is outside the lab ranges; refusing to probe it");
        }
        return a;
    }

    private static List<RpcEndpoint> lookup(InetAddress dc) throws Exception {
        return new EndpointMapperClient(group).lookup(dc, Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
    }

    private static void assertSambaDynamicPorts(List<RpcEndpoint> eps) {
        Set<Integer> dynamic = eps.stream().filter(e -> RpcEndpoint.NCACN_IP_TCP.equals(e.protocolSequence()))
                .map(e -> e.port().getAsInt()).filter(p -> p >= 49152).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(!dynamic.isEmpty(), "no ncacn_ip_tcp endpoint at 49152 or above: " + eps);
        for (String name : List.of("drsuapi", "netlogon", "lsarpc", "samr")) {
            assertTrue(eps.stream().anyMatch(e -> name.equals(e.interfaceName()) && e.isTcp()
                    && e.port().getAsInt() >= 49152), name + " has no dynamic TCP endpoint");
        }
        assertTrue(RpcInterfaces.impactOf(eps).contains("AD replication (DRSUAPI)"));
    }

    @Test
    void sambaDcListsItsDynamicTcpEndpointsOverIpv4() throws Exception {
        Properties facts = labFacts();
        List<RpcEndpoint> eps = lookup(labAddress(facts, "dc.ipv4"));
        assertSambaDynamicPorts(eps);
        assertEquals(eps.size(), Set.copyOf(eps).size(), "no duplicates");
    }

    @Test
    void sambaDcListsItsDynamicTcpEndpointsOverIpv6() throws Exception {
        Properties facts = labFacts();
        assertSambaDynamicPorts(lookup(labAddress(facts, "dc.ipv6")));
    }
}
