package org.portaudit.scanner.inventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One of N deterministic shares of an inventory's hosts: a host belongs to shard
 * {@code SHA-256(target) mod N}. The same target string always lands in the same shard, on every
 * machine and JVM, so N runners (a Kubernetes indexed Job: JOB_COMPLETION_INDEX is I) cover it together.
 *
 * @param index 0 to count-1
 * @param count the number of shards; 1 is the whole inventory
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("bad shard " + index + "/" + count + ": expected I/N with 0 <= I < N");
        }
    }

    /** Parses "I/N" (0-based I: "0/3", "1/3", "2/3"). */
    public static Shard parse(String s) {
        String[] p = s.trim().split("/", -1);
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new IllegalArgumentException("bad shard '" + s + "': expected I/N with 0 <= I < N, e.g. 0/3");
    }

    /** Which shard of {@code count} a target belongs to. */
    public static int of(String target, int count) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(v, count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public boolean includes(String target) {
        return count == 1 || of(target, count) == index;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
