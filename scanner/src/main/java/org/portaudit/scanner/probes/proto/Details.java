package org.portaudit.scanner.probes.proto;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of evidence detail keys: lowerCamelCase ({@code [a-z][A-Za-z0-9]*}), as
 * {@link org.portaudit.reports.model.Evidence} documents. Keys made from names a peer sent (an SSDP
 * header, an LDAP attribute type) go through {@link #key}.
 */
public final class Details {
    /** The key style of every detail a probe produces. */
    public static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

    private Details() {
    }

    /**
     * A lowerCamelCase key from any text: non-alphanumerics split words ("cache-control" ->
     * "cacheControl", "NT" -> "nt"), a leading digit gets {@code prefix} in front; null when nothing usable is left.
     */
    public static String key(String raw, String prefix) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < raw.length() && sb.length() < 64; i++) {
            char c = raw.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                if (sb.length() == 0) {
                    sb.append(Character.toLowerCase(c));
                } else {
                    sb.append(upper ? Character.toUpperCase(c) : c);
                }
                upper = false;
            } else {
                upper = sb.length() > 0;
            }
        }
        if (sb.length() == 0) {
            return null;
        }
        String k = sb.toString();
        if (raw.equals(raw.toUpperCase(Locale.ROOT))) {
            k = k.toLowerCase(Locale.ROOT); // an all-capitals name ("NT", "SERVER") is one word
        }
        if (!Character.isLetter(k.charAt(0))) {
            k = prefix + Character.toUpperCase(k.charAt(0)) + k.substring(1);
        }
        return k.length() > 64 ? k.substring(0, 64) : k;
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");

    /** A value a peer sent as text: a whole number becomes a {@link Long}, anything else stays text. */
    public static Object value(String text) {
        return WHOLE_NUMBER.matcher(text).matches() ? (Object) Long.parseLong(text) : text;
    }
}
