package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/** The checks every conversation must pass against hostile peers. */
final class Robustness {
    private Robustness() {
    }

    /** The whole reply at once, then the peer closes. */
    static Evidence whole(TcpConversation c, byte[] reply) {
        try (Harness h = new Harness(c)) {
            h.sent();
            h.feed(reply);
            if (!h.done()) {
                h.peerCloses();
            }
            return h.evidence();
        }
    }

    /** The reply at once; the verdict must come without waiting for the peer to close. */
    static Evidence immediate(TcpConversation c, byte[] reply) {
        try (Harness h = new Harness(c)) {
            h.sent();
            h.feed(reply);
            return h.evidence();
        }
    }

    /**
     * The reply cut at every length and the peer closing: always a verdict, never an exception;
     * every strict prefix shorter than {@code minToMatch} is not a match. The reply dripped one
     * byte at a time gives the same evidence as the whole reply.
     */
    static void truncationsAndDrip(TcpConversation c, byte[] reply, int minToMatch) {
        Evidence full = whole(c, reply);
        for (int n = 0; n < reply.length; n++) {
            try (Harness h = new Harness(c)) {
                h.sent();
                h.feed(Arrays.copyOf(reply, n));
                if (!h.done()) {
                    h.peerCloses();
                }
                Evidence e = h.evidence();
                assertNotNull(e.summary());
                if (n < minToMatch) {
                    assertFalse(e.matched(), "prefix of " + n + " bytes must not match: " + e);
                }
            }
        }
        try (Harness h = new Harness(c)) {
            h.sent();
            h.drip(reply);
            if (!h.done()) {
                h.peerCloses();
            }
            assertEquals(full, h.evidence(), "byte-by-byte delivery");
        }
    }

    /** Seeded random garbage of many sizes: a verdict (after close at the latest), no exception. */
    static void garbage(TcpConversation c) {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(i < 100 ? 64 : 4096)];
            random.nextBytes(junk);
            try (Harness h = new Harness(c)) {
                h.sent();
                h.feed(junk);
                if (!h.done()) {
                    h.peerCloses();
                }
                assertNotNull(h.evidence());
            }
        }
    }

    /**
     * A peer that never stops sending bytes that keep the reply plausible-but-incomplete: the
     * conversation gives up by itself at its byte bound, without the peer closing.
     */
    static Evidence endless(TcpConversation c, byte[] prefix, byte filler) {
        try (Harness h = new Harness(c)) {
            h.sent();
            h.feed(prefix);
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, filler);
            for (int i = 0; i < 64 && !h.done(); i++) {
                h.feed(chunk);
            }
            assertTrue(h.done(), "must stop at its byte bound");
            Evidence e = h.evidence();
            assertFalse(e.matched());
            return e;
        }
    }
}
