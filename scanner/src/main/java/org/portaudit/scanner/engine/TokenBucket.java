package org.portaudit.scanner.engine;

import java.util.function.LongSupplier;

/**
 * A token bucket that never waits itself: it tells the caller how long to wait, and the caller
 * schedules. Thread-safe.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, double burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate " + perSecond + "/s, burst " + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token if one is there and returns 0; otherwise takes nothing and returns the nanos until one is. */
    synchronized long tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return nanosUntil(1 - tokens);
    }

    /** Takes a token now, going into debt if need be; returns the nanos to wait before using it. */
    synchronized long reserve() {
        refill();
        tokens -= 1;
        return tokens >= 0 ? 0 : nanosUntil(-tokens);
    }

    /**
     * Takes a token that was spent elsewhere (a fact, not a request): goes into debt if need be,
     * but not below {@code -burst}, so that a model that underestimates the real rate recovers.
     * Returns the tokens that were there before.
     */
    synchronized double spend() {
        refill();
        double before = tokens;
        tokens = Math.max(-burst, tokens - 1);
        return before;
    }

    /** Tokens there now (negative: booked ahead). */
    synchronized double tokens() {
        refill();
        return tokens;
    }

    /** True when the bucket is full again, i.e. no different from a new one. */
    synchronized boolean isFull() {
        refill();
        return tokens >= burst;
    }

    private long nanosUntil(double missing) {
        return Math.max(1, (long) Math.ceil(missing / perNano));
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = now;
        }
    }
}
