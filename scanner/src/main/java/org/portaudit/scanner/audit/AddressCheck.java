package org.portaudit.scanner.audit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps a target from meaning something the user did not mean: address spellings that tools read
 * differently (inet_aton's octal, hexadecimal and short forms, which {@code ping} honours and Java does
 * not), and addresses that are not one host (broadcast, multicast, unspecified).
 */
final class AddressCheck {
    /** The flag that lets special addresses through; named in the refusals. */
    static final String FLAG = "--allow-special-targets";

    /** Anything inet_aton might take for an address, and every name of only digits and dots. */
    private static final Pattern NUMERIC = Pattern.compile(
            "[0-9.]+|(0[xX][0-9A-Fa-f]*|[0-9]+)(\\.(0[xX][0-9A-Fa-f]*|[0-9]+))*\\.?");
    private static final Pattern PLAIN_PART = Pattern.compile("0|[1-9][0-9]{0,2}");

    private static final BigInteger MAPPED = BigInteger.valueOf(0xffffL).shiftLeft(32);

    /** A range of addresses that are not one host; what to call one of them, and what to call the range. */
    private record Special(int bytes, BigInteger first, BigInteger last, String one, String what) {
        Special(int bytes, long first, long last, String one, String what) {
            this(bytes, BigInteger.valueOf(first), BigInteger.valueOf(last), one, what);
        }

        Special mapped() {
            return new Special(16, MAPPED.or(first), MAPPED.or(last), one, what);
        }

        boolean meets(BigInteger from, BigInteger to, int size) {
            return bytes == size && from.compareTo(last) <= 0 && to.compareTo(first) >= 0;
        }
    }

    private static final List<Special> SPECIAL;

    static {
        List<Special> v4 = List.of(
                new Special(4, 0L, 0L, "the unspecified address", "the unspecified address 0.0.0.0"),
                new Special(4, 0xe0000000L, 0xefffffffL, "a multicast address (224.0.0.0/4)",
                        "multicast addresses (224.0.0.0/4)"),
                new Special(4, 0xffffffffL, 0xffffffffL, "the broadcast address",
                        "the broadcast address 255.255.255.255"));
        List<Special> all = new ArrayList<>(v4);
        all.add(new Special(16, 0L, 0L, "the unspecified address", "the unspecified address ::"));
        all.add(new Special(16, BigInteger.valueOf(0xff).shiftLeft(120),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), "a multicast address (ff00::/8)",
                "multicast addresses (ff00::/8)"));
        // ::ffff:a.b.c.d is a.b.c.d to Java (and to the kernel): the same addresses, spelled as IPv6.
        v4.forEach(s -> all.add(s.mapped()));
        SPECIAL = List.copyOf(all);
    }

    private AddressCheck() {
    }

    /** Input as it may be shown in a one-line message: printable (as every input error shows it) and short. */
    static String shown(String raw) {
        return org.portaudit.catalog.InputException.printable(raw, 80, 80);
    }

    /** Whether {@code s} is something inet_aton would read as an address, or a name of only digits and dots. */
    static boolean numeric(String s) {
        return NUMERIC.matcher(s).matches();
    }

    /**
     * Requires {@code part} (of target {@code raw}), a {@link #numeric} text, to be an IPv4 address in
     * the one spelling every tool reads alike: four decimal parts 0-255 without leading zeros.
     */
    static void requireDottedDecimal(String raw, String part) {
        String[] parts = part.split("\\.", -1);
        boolean hex = false;
        boolean leadingZero = false;
        boolean emptyPart = false;
        for (String p : parts) {
            hex |= p.length() > 1 && (p.charAt(1) == 'x' || p.charAt(1) == 'X');
            leadingZero |= p.length() > 1 && p.charAt(0) == '0';
            emptyPart |= p.isEmpty();
        }
        if (!hex && !leadingZero && !emptyPart && parts.length == 4) {
            for (String p : parts) {
                if (!PLAIN_PART.matcher(p).matches() || Integer.parseInt(p) > 255) {
                    throw new IllegalArgumentException("bad IPv4 address in target '" + shown(raw) + "'");
                }
            }
            return;
        }
        String aton = inetAton(part);
        String what = "'" + shown(part) + "'" + (part.equals(raw.trim()) ? "" : " in '" + shown(raw) + "'");
        if (hex) {
            throw new IllegalArgumentException(aton == null
                    ? "bad address " + what + ": not an address; write IPv4 addresses in dotted decimal (a.b.c.d)"
                    : "ambiguous address " + what + ": hexadecimal means " + aton + " to inet_aton but is not an "
                            + "address to others; write it in dotted decimal: " + aton);
        }
        if (leadingZero && !emptyPart) {
            String decimal = decimal(parts);
            if (aton != null && aton.equals(decimal)) {
                throw new IllegalArgumentException("ambiguous address " + what + ": a leading zero means octal to "
                        + "inet_aton but decimal to others; write it without leading zeros: " + aton);
            }
            throw new IllegalArgumentException("ambiguous address " + what + ": a leading zero means octal to "
                    + "inet_aton (" + (aton == null ? "no address" : aton) + ") but decimal to others ("
                    + (decimal == null ? "no address" : decimal) + "); write it without leading zeros");
        }
        if (aton != null && parts.length == 1) {
            throw new IllegalArgumentException("ambiguous address " + what + ": a bare number is a 32-bit address to "
                    + "inet_aton (" + aton + ") but not an address to others; write it as " + aton);
        }
        if (aton != null) {
            throw new IllegalArgumentException("ambiguous address " + what + ": inet_aton fills a short form in ("
                    + aton + ") but others refuse it; write all four parts: " + aton);
        }
        throw new IllegalArgumentException("bad target " + what + ": only digits and dots, but not an IPv4 address "
                + "(a.b.c.d, each 0-255)");
    }

    /** What glibc's inet_aton reads {@code s} as (a.b.c.d), or null when it refuses it. */
    static String inetAton(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = atonPart(parts[i]);
            if (v[i] < 0) {
                return null;
            }
        }
        // a = 32 bits; a.b = 8.24; a.b.c = 8.8.16; a.b.c.d = 8.8.8.8
        int n = parts.length;
        long last = v[n - 1];
        if (last >= 1L << (8 * (5 - n))) {
            return null;
        }
        long addr = last;
        for (int i = 0; i < n - 1; i++) {
            if (v[i] > 255) {
                return null;
            }
            addr |= v[i] << (24 - 8 * i);
        }
        return dotted(addr);
    }

    /** One part as inet_aton reads it (0x: hexadecimal, a leading 0: octal), or -1 when it is not one. */
    private static long atonPart(String p) {
        if (p.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = p;
        if (p.startsWith("0x") || p.startsWith("0X")) {
            radix = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0; // inet_aton takes a bare "0x" for zero
            }
        } else if (p.length() > 1 && p.charAt(0) == '0') {
            radix = 8;
            digits = p.substring(1);
        }
        try {
            long v = Long.parseLong(digits, radix);
            return v > 0xffffffffL || digits.startsWith("-") || digits.startsWith("+") ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The parts read as decimal, short forms filled in as Java does, or null when that is no address. */
    private static String decimal(String[] parts) {
        StringBuilder plain = new StringBuilder();
        for (String p : parts) {
            String d = p.replaceFirst("^0+(?=.)", "");
            if (d.length() > 10 || !d.matches("[0-9]+")) {
                return null;
            }
            plain.append(plain.length() == 0 ? "" : ".").append(d);
        }
        return inetAton(plain.toString());
    }

    private static String dotted(long a) {
        return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    /** What {@code a} is when it is not one host (e.g. "the broadcast address"), else null. */
    static String special(InetAddress a) {
        BigInteger v = new BigInteger(1, a.getAddress());
        for (Special s : SPECIAL) {
            if (s.meets(v, v, a.getAddress().length)) {
                return s.one();
            }
        }
        return null;
    }

    /** The kinds of special address in [first, last] ("multicast addresses (224.0.0.0/4)"), or null if none. */
    static String specialIn(BigInteger first, BigInteger last, int bytes) {
        List<String> found = new ArrayList<>();
        for (Special s : SPECIAL) {
            if (s.meets(first, last, bytes) && !found.contains(s.what())) {
                found.add(s.what());
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        return String.join(", ", found.subList(0, found.size() - 1)) + " and " + found.get(found.size() - 1);
    }

    /** The refusal of target {@code raw}, a single address that is {@code what} (as {@link #special} says). */
    static IllegalArgumentException refusedAddress(String raw, String what) {
        return new IllegalArgumentException("target '" + shown(raw) + "' is " + what + "; not probed without " + FLAG);
    }

    /** The refusal of block {@code raw}, which includes {@code what}. */
    static IllegalArgumentException refusedBlock(String raw, String what) {
        return new IllegalArgumentException("target '" + shown(raw) + "' includes " + what + "; not probed without "
                + FLAG);
    }

    /** The refusal of name {@code name}, which resolved to {@code a}. */
    static String refusedName(String name, InetAddress a) {
        return "host name '" + shown(name) + "' resolves to " + a.getHostAddress() + ", " + special(a)
                + "; not probed without " + FLAG;
    }
}
