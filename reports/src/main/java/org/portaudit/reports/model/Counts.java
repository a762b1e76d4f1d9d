package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many checks ended in each finding kind: every kind present, zeros included, always in the kinds'
 * declared order (so a report re-renders byte for byte). Immutable; {@link Builder} counts.
 */
public final class Counts {
    private static final Counts EMPTY = new Counts(new int[FindingKind.values().length]);
    private final int[] byKind;

    private Counts(int[] byKind) {
        this.byKind = byKind;
    }

    /** Zero of every kind. */
    public static Counts empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int get(FindingKind k) {
        return byKind[k.ordinal()];
    }

    /** The sum over all kinds. */
    public int total() {
        int n = 0;
        for (int c : byKind) {
            n += c;
        }
        return n;
    }

    /** {"required-blocked": n, ..., "ok": n}, in the kinds' order. */
    @JsonValue
    public Map<String, Integer> asMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (FindingKind k : FindingKind.values()) {
            m.put(k.word(), byKind[k.ordinal()]);
        }
        return m;
    }

    /** Reads the map form; unknown kinds are refused, missing ones are zero. */
    @JsonCreator
    public static Counts of(Map<String, Integer> m) {
        Builder b = builder();
        if (m != null) {
            m.forEach((word, n) -> b.add(FindingKind.fromWord(word), n == null ? 0 : n));
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counts c && Arrays.equals(byKind, c.byKind);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(byKind);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Adds up counts; not thread-safe. */
    public static final class Builder {
        private final int[] byKind = new int[FindingKind.values().length];

        public Builder add(FindingKind k) {
            return add(k, 1);
        }

        public Builder add(FindingKind k, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative count " + n + " for " + k);
            }
            byKind[k.ordinal()] += n;
            return this;
        }

        public Builder add(Counts c) {
            for (int i = 0; i < byKind.length; i++) {
                byKind[i] += c.byKind[i];
            }
            return this;
        }

        public Counts build() {
            return new Counts(byKind.clone());
        }
    }
}
