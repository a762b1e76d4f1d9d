package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.UdpPayload;

/** Shared checks for the payload tests: request bytes, matching without retaining, hostile input. */
final class PayloadTesting {
    private PayloadTesting() {
    }

    /** The request as the engine would get it, copied out and released. */
    static byte[] request(UdpPayload p) {
        ByteBuf buf = p.request(UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            assertTrue(buf.release(), "request buffer must be owned by the caller alone");
        }
    }

    /**
     * Matches {@code reply} and checks the contract: no exception, reader index untouched, buffer not
     * retained, evidence named after the payload and bounded.
     */
    static Optional<Evidence> match(UdpPayload p, byte[] reply) {
        ByteBuf buf = Unpooled.wrappedBuffer(reply);
        try {
            Optional<Evidence> e;
            try {
                e = p.match(buf);
            } catch (RuntimeException ex) {
                throw new AssertionError(p.name() + " threw on " + reply.length + " bytes: "
                        + HexFormat.of().formatHex(reply, 0, Math.min(reply.length, 64)), ex);
            }
            assertNotNull(e);
            assertEquals(0, buf.readerIndex(), "match must not consume the reply");
            assertEquals(1, buf.refCnt(), "match must not retain or release the reply");
            e.ifPresent(ev -> {
                assertEquals("udp:" + p.name(), ev.probe());
                assertTrue(ev.summary().length() <= 513, ev.summary());
                ev.details().values().forEach(v -> assertTrue(String.valueOf(v).length() <= 1025));
            });
            return e;
        } finally {
            buf.release();
        }
    }

    static Evidence matched(UdpPayload p, byte[] reply) {
        Evidence e = match(p, reply).orElseGet(() -> fail(p.name() + " did not recognise its reply"));
        assertTrue(e.matched(), e.summary());
        return e;
    }

    static void noMatch(UdpPayload p, byte[] reply) {
        Optional<Evidence> e = match(p, reply);
        assertFalse(e.isPresent() && e.get().matched(),
                () -> p.name() + " wrongly matched: " + e.get().summary());
    }

    /**
     * Hostile input: empty, every truncation of a valid reply, oversized, seeded garbage and seeded bit
     * flips of the valid reply. None may throw; truncations and garbage may not produce a match unless
     * {@code truncationsMayMatch} (protocols whose proof is in the first bytes, like DNS's header).
     */
    static void survivesHostileInput(UdpPayload p, byte[] valid, boolean truncationsMayMatch) {
        survivesHostileInput(p, valid, len -> truncationsMayMatch);
    }

    /** As above; {@code mayMatch} says which truncated lengths are complete replies in their own right. */
    static void survivesHostileInput(UdpPayload p, byte[] valid, java.util.function.IntPredicate mayMatch) {
        noMatch(p, new byte[0]);
        for (int len = 1; len < valid.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(valid, len);
            if (mayMatch.test(len)) {
                match(p, cut);
            } else {
                noMatch(p, cut);
            }
        }
        byte[] huge = new byte[70_000];
        System.arraycopy(valid, 0, huge, 0, valid.length);
        noMatch(p, huge);
        Random random = new Random(0x5eed);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[random.nextInt(600)];
            random.nextBytes(junk);
            noMatch(p, junk);
        }
        for (int i = 0; i < 3000; i++) {
            byte[] flipped = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            }
            match(p, flipped);
        }
        // the valid reply padded with trailing junk must not throw either
        byte[] padded = java.util.Arrays.copyOf(valid, valid.length + 37);
        match(p, padded);
    }

    /**
     * For protocols with no structure to check (the simple services match any text): only that nothing
     * throws and the contract holds, for garbage, cuts and oversized input.
     */
    static void survivesHostileInputNoThrow(UdpPayload p, byte[] valid) {
        noMatch(p, new byte[0]);
        noMatch(p, new byte[70_000]);
        for (int len = 1; len < valid.length; len++) {
            match(p, java.util.Arrays.copyOf(valid, len));
        }
        Random random = new Random(0x5eed);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(600)];
            random.nextBytes(junk);
            match(p, junk);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    /** A test resource under probes/udp/ holding hex (whitespace and '#' comment lines ignored). */
    static byte[] hexResource(String name) {
        try (InputStream in = PayloadTesting.class.getResourceAsStream("/probes/udp/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource probes/udp/" + name);
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    sb.append(line);
                }
            }
            return hex(sb.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static boolean hasResource(String name) {
        return PayloadTesting.class.getResource("/probes/udp/" + name) != null;
    }
}
