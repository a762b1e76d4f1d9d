package org.portaudit.catalog;

import java.util.Collection;

/** "did you mean ...?" for mistyped ids, by edit distance. */
public final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within a distance that makes it a plausible typo, or null. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        int limit = Math.max(2, word.length() / 3);
        if (best != null && (bestD <= limit || best.startsWith(word) || best.contains(word) && word.length() >= 3)) {
            return best;
        }
        return null;
    }

    /** "; did you mean 'x'?" or "" when nothing is close. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
