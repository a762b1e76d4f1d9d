package org.portaudit.scanner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portaudit.catalog.Transport;

/**
 * Measurements, not tests: sweeps every port of a loopback address. Run with
 * {@code mvn -pl scanner -am test -Dtest=LoopbackSweepBench -Dportaudit.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * The UDP sweep runs without pacing, to see whether this machine rate-limits ICMP port unreachable.
 */
@EnabledIfSystemProperty(named = "portaudit.bench", matches = "true")
class LoopbackSweepBench {

    static Iterator<ProbeTask<Object>> allPorts(InetAddress addr, Transport transport) {
        return new Iterator<>() {
            int port = 1;

            @Override
            public boolean hasNext() {
                return port <= 65535;
            }

            @Override
            public ProbeTask<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new ProbeTask(addr, transport, port++, null, null, null);
            }
        };
    }

    @ParameterizedTest(name = "{0} native={1} concurrency={2} ::1={3}")
    @CsvSource({"TCP,true,1000,false", "TCP,false,1000,false", "TCP,true,4000,false", "TCP,true,1000,true",
        "UDP,true,1000,false", "UDP,false,1000,false", "UDP,true,1000,true"})
    void sweep(Transport transport, boolean nativeTransport, int concurrency, boolean v6) throws Exception {
        InetAddress addr = v6 ? Loopback.V6 : Loopback.V4;
        EngineConfig cfg = EngineConfig.defaults().withConcurrency(concurrency).withNativeTransport(nativeTransport)
                .withRetries(0).withTimeout(Duration.ofMillis(1000)).withUdpPacing(false, 6, 1);
        try (ProbeEngine engine = new ProbeEngine(cfg)) {
            java.util.List<String> odd = new java.util.ArrayList<>();
            RunStats s = engine.run(allPorts(addr, transport), r -> {
                if (r.state() != org.portaudit.reports.model.PortState.CLOSED && odd.size() < 10) {
                    odd.add(r.task().port() + "=" + r.state() + " " + r.evidence().summary());
                }
            }).get(10, TimeUnit.MINUTES);
            assertEquals(65535, s.probes());
            System.out.printf("BENCH %s %s %s concurrency %d: %d ports in %.2f s (%.0f/s) %s%n", transport,
                    engine.transport(), addr.getHostAddress(), engine.concurrency(), s.probes(),
                    s.elapsed().toNanos() / 1e9, s.probes() / (s.elapsed().toNanos() / 1e9), s.states() + " not closed: " + odd);
        }
    }
}
