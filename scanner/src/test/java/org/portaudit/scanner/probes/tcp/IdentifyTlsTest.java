package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.tcp.identify.IdentifyChain;
import org.portaudit.scanner.probes.tcp.identify.Identification;
import org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier;

/** A silent TLS listener on an unexpected port is named TLS, with its certificate, by the first check. */
class IdentifyTlsTest {
    @TempDir
    Path dir;

    @Test
    void aSilentTlsServerIsIdentifiedWithItsCertificate() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(dir)) {
            InetSocketAddress address = server.start(ctx -> ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));
            ServiceIdentifier id = new ServiceIdentifier(TcpConversations.defaults(), ServiceIdentifier.Settings
                    .defaults().withWaits(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)));
            IdentifyChain chain = id.chain(address.getPort());
            Evidence step = server.converse(address, chain.next());
            chain.record(step);
            assertTrue(chain.over(), "TLS answered: no further check");
            Identification found = chain.result();
            assertEquals("tls", found.service(), found.seen());
            Evidence e = found.evidence();
            assertEquals("identify", e.probe());
            assertTrue(e.matched());
            assertEquals("tls", e.text("via").orElse(null));
            assertTrue(e.text("subject").orElse("").contains("CN=" + LoopbackTlsServer.CN), e.details().toString());
            assertTrue(e.text("protocol").orElse("").startsWith("TLSv1."), e.details().toString());
            assertTrue(e.number("daysLeft").isPresent(), "the expiry is counted");
            assertTrue(found.seen().startsWith("no greeting within 200 ms; tls: "), found.seen());
        }
    }
}
