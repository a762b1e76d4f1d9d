package org.portaudit.reports.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What proved a port's state or a service's identity.
 *
 * <p>{@code details} are typed facts in one key style (lowerCamelCase: {@code dnsHostName}, {@code daysLeft},
 * {@code replyBytes}): a value is a string (sanitised, bounded), a number ({@link Long} for whole numbers,
 * {@link Double} otherwise), a boolean, or a list of strings. Whole numbers of any integral type are stored as
 * {@code Long} so that a report read back from JSON is equal to the one written.
 *
 * @param probe   what was sent ("tcp-connect", "udp:dns-status", "ldap-rootdse" ...)
 * @param summary one sanitised line for people ("KRB-ERROR 6 from realm LAB.EXAMPLE")
 * @param matched true when the reply was recognised as the protocol the probe asked for; false for a
 *                reply in some other protocol (the basis of a wrong-service finding) or no reply
 * @param details typed facts (dnsHostName, certificate notAfter and daysLeft, SMB dialect ...)
 */
public record Evidence(String probe, String summary, boolean matched, Map<String, ?> details) {
    /** The one key style of evidence details. */
    public static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");
    private static final int MAX_TEXT = 1024;
    private static final int MAX_LIST = 256;

    public Evidence {
        probe = Sanitize.text(probe, 128);
        summary = Sanitize.text(summary, 512);
        details = clean(details);
    }

    public static Evidence of(String probe, String summary, boolean matched) {
        return new Evidence(probe, summary, matched, Map.of());
    }

    /** A detail as text ("" never stands for absent: absent is empty). */
    public Optional<String> text(String key) {
        Object v = details.get(key);
        return v == null ? Optional.empty() : Optional.of(v instanceof List<?> l ? String.join(", ",
                l.stream().map(String::valueOf).toList()) : String.valueOf(v));
    }

    /** A whole-number detail; empty when absent or not a whole number. */
    public OptionalLong number(String key) {
        Object v = details.get(key);
        if (v instanceof Long l) {
            return OptionalLong.of(l);
        }
        return OptionalLong.empty();
    }

    /** A boolean detail; false when absent. */
    public boolean flag(String key) {
        return Boolean.TRUE.equals(details.get(key));
    }

    private static Map<String, Object> clean(Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k != null && v != null) {
                clean.putIfAbsent(key(k), value(v));
            }
        });
        return Collections.unmodifiableMap(clean);
    }

    /**
     * A detail key in the one key style: kept when it already is ({@link #KEY}), else made lowerCamelCase from its
     * ASCII letters and digits ("rtt-ms" to "rttMs", "reply_bytes" to "replyBytes"), "k" put before a leading digit,
     * cut at 64 characters. Keys come from probes, and from report files read back: never trusted as they are.
     */
    public static String key(String raw) {
        if (KEY.matcher(raw).matches()) {
            return raw;
        }
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : raw.toCharArray()) {
            if (ch == '-' || ch == '_' || ch == ' ' || ch == '.') {
                up = b.length() > 0;
            } else if (Character.isLetterOrDigit(ch) && ch < 128) {
                b.append(up ? Character.toUpperCase(ch) : b.length() == 0 ? Character.toLowerCase(ch) : ch);
                up = false;
            }
        }
        if (b.length() == 0 || !Character.isLetter(b.charAt(0))) {
            b.insert(0, "k");
        }
        return b.length() > 64 ? b.substring(0, 64) : b.toString();
    }

    private static Object value(Object v) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? d : Sanitize.text(String.valueOf(d), 32);
        }
        if (v instanceof java.math.BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : Sanitize.text(b.toString(), 64);
        }
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(Math.min(list.size(), MAX_LIST));
            for (Object o : list) {
                if (out.size() == MAX_LIST) {
                    out.add("\u2026");
                    break;
                }
                out.add(Sanitize.text(String.valueOf(o), MAX_TEXT));
            }
            return List.copyOf(out);
        }
        return Sanitize.text(String.valueOf(v), MAX_TEXT);
    }
}
