package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class HttpHeadConversationTest {
    private final HttpHeadConversation http = new HttpHeadConversation();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestIsHeadWithHostHttp10() {
        try (Harness h = new Harness(http)) {
            String req = new String(h.sent(), StandardCharsets.US_ASCII);
            assertTrue(req.startsWith("HEAD / HTTP/1.0\r\nHost: "), req);
            assertTrue(req.endsWith("\r\n\r\n"), req);
            assertEquals(1, req.split("\r\nHost: ", -1).length - 1, "exactly one Host header");
        }
    }

    @Test
    void nginxReplyFromTheLab() {
        Evidence e = Robustness.whole(http, Hex.resource("lab-http-head.hex"));
        assertTrue(e.matched());
        assertEquals(200L, e.details().get("status"));
        assertEquals("nginx/1.22.1", e.details().get("server"));
        assertEquals("1.1", e.details().get("httpVersion"));
        assertEquals("HTTP 200 from nginx/1.22.1", e.summary());
    }

    @Test
    void headerEndDecidesWithoutWaitingForClose() {
        Evidence e = Robustness.immediate(http, ascii("HTTP/1.0 302 Found\nLocation: /login\nserver:  IIS \n\n"));
        assertTrue(e.matched());
        assertEquals(302L, e.details().get("status"));
        assertEquals("/login", e.details().get("location"));
        assertEquals("IIS", e.details().get("server"));
    }

    @Test
    void headersCutByTheCloseStillGiveTheStatus() {
        try (Harness h = new Harness(http)) {
            h.sent();
            h.feed(ascii("HTTP/1.1 404 Not Found\r\nServer: x"));
            assertFalse(h.done());
            h.peerCloses();
            assertEquals(404L, h.evidence().details().get("status"));
        }
    }

    @Test
    void nonHttpPeersAreRejectedOnTheirFirstBytes() {
        assertFalse(Robustness.immediate(http, ascii("SSH-2.0-OpenSSH_9.2\r\n")).matched());
        assertFalse(Robustness.immediate(http, Hex.bytes("16030100")).matched(), "TLS on a plain HTTP port");
        assertFalse(Robustness.whole(http, ascii("HTTP/x.y nope\r\n\r\n")).matched());
    }

    @Test
    void endlessHeadersStopAtTheBound() {
        Robustness.endless(http, ascii("HTTP/1.1 200 OK\r\nX: "), (byte) 'a');
    }
}
