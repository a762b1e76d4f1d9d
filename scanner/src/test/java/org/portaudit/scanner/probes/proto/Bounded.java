package org.portaudit.scanner.probes.proto;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.Function;

/** Checks shared by the codec tests: a decoder over hostile bytes returns or throws {@link Malformed}, nothing else. */
final class Bounded {
    private Bounded() {
    }

    /** Runs the decoder; a {@link Malformed} counts as a clean refusal, any other throwable fails the test. */
    static <T> T decodeOrRefuse(Function<byte[], T> decoder, byte[] input) {
        try {
            return decoder.apply(input);
        } catch (Malformed expected) {
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("decoder threw " + e + " on " + input.length + " bytes");
            return null;
        }
    }

    /** Every strict prefix of {@code whole} is refused with {@link Malformed} (cut at every length). */
    static void everyTruncationRefused(Function<byte[], ?> decoder, byte[] whole) {
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            try {
                decoder.apply(cut);
                fail("prefix of " + n + " of " + whole.length + " bytes was accepted");
            } catch (Malformed expected) {
                // refused, as it must be
            } catch (RuntimeException e) {
                fail("prefix of " + n + " bytes: " + e);
            }
        }
    }
}
