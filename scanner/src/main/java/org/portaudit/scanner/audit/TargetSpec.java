package org.portaudit.scanner.audit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * A target as typed: a host name, an address, a CIDR block ("198.18.1.0/24", "2001:2::/120"), or a
 * range ("198.18.1.1-125", "198.18.1.1-198.18.2.10"). Address blocks iterate lazily.
 */
public sealed interface TargetSpec {
    /** Most addresses one block may expand to: beyond this a typo (a /8) is likelier than intent. */
    long MAX_BLOCK = 1L << 20;

    String given();

    /**
     * A name (or literal address) to resolve. {@code allowSpecial}: whether it may stand for a
     * broadcast, multicast or unspecified address (checked once the name is resolved).
     */
    record Name(String given, boolean allowSpecial) implements TargetSpec {
        public Name(String given) {
            this(given, false);
        }
    }

    /** A block of consecutive addresses. */
    record Block(String given, BigInteger first, BigInteger last, int bytes) implements TargetSpec {
        public long size() {
            return last.subtract(first).longValueExact() + 1;
        }

        public Iterator<InetAddress> addresses() {
            return new Iterator<>() {
                private BigInteger next = first;

                @Override
                public boolean hasNext() {
                    return next.compareTo(last) <= 0;
                }

                @Override
                public InetAddress next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    InetAddress a = toAddress(next, bytes);
                    next = next.add(BigInteger.ONE);
                    return a;
                }
            };
        }
    }

    Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");

    /**
     * Parses one target to probe; IllegalArgumentException with a one-line reason when it is malformed,
     * spelt so that tools disagree on the address (0177.0.0.1, 127.1, 0x7f000001), or broadcast,
     * multicast or unspecified.
     */
    static TargetSpec parse(String raw) {
        return parse(raw, true, false);
    }

    /** Parses a target to probe; with {@code allowSpecial}, broadcast, multicast and unspecified addresses too. */
    static TargetSpec parseTarget(String raw, boolean allowSpecial) {
        return parse(raw, true, allowSpecial);
    }

    /**
     * Parses a target or, with {@code bounded} false, a block only to match addresses against (a
     * policy's host scope), which may be as large as the address family allows and may hold special
     * addresses: it is never expanded nor probed. Ambiguous spellings are refused either way.
     */
    static TargetSpec parse(String raw, boolean bounded) {
        return parse(raw, bounded, !bounded);
    }

    private static TargetSpec parse(String raw, boolean bounded, boolean allowSpecial) {
        String s = raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty target");
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            return cidr(raw, s.substring(0, slash), s.substring(slash + 1), bounded, allowSpecial);
        }
        int dash = s.lastIndexOf('-');
        // 198.18.1.1-125 and 0177.0.0.1-5 are ranges (to check); 10-web.example is a name.
        String end = s.substring(dash + 1);
        boolean numericRange = dash > 0 && AddressCheck.numeric(s.substring(0, dash))
                && (end.isEmpty() || AddressCheck.numeric(end));
        if (numericRange || dash > 0 && s.contains(":")) {
            return range(raw, s.substring(0, dash), s.substring(dash + 1), bounded, allowSpecial);
        }
        if (AddressCheck.numeric(s) || s.contains(":")) {
            String special = AddressCheck.special(literal(raw, s));
            if (special != null && !allowSpecial) {
                throw AddressCheck.refusedAddress(raw, special);
            }
            return new Name(s, allowSpecial);
        }
        if (!HOSTNAME.matcher(s).matches() || s.contains("..")) {
            throw new IllegalArgumentException("bad target '" + AddressCheck.shown(raw)
                    + "': not a host name, address, CIDR or range");
        }
        return new Name(s, allowSpecial);
    }

    /**
     * The address a literal names (dotted-decimal IPv4 or IPv6), checked as a target's is; never a lookup.
     * IllegalArgumentException with a one-line reason for anything else (a name, 127.1, 0x7f000001).
     */
    static InetAddress literalAddress(String raw) {
        String s = raw.trim();
        if (!AddressCheck.numeric(s) && !s.contains(":")) {
            throw new IllegalArgumentException("bad address '" + AddressCheck.shown(raw) + "': not an IP address");
        }
        return literal(raw, s);
    }

    private static InetAddress literal(String raw, String s) {
        if (AddressCheck.numeric(s)) {
            AddressCheck.requireDottedDecimal(raw, s);
        } else if (!s.contains(":") || !s.matches("[0-9A-Za-z:.%]+")) {
            throw new IllegalArgumentException("bad address in target '" + AddressCheck.shown(raw) + "'");
        } else {
            // An IPv4 tail (::ffff:a.b.c.d): Java reads 0177 there as decimal, inet_pton refuses it.
            String tail = s.substring(s.lastIndexOf(':') + 1).replaceFirst("%.*", "");
            if (tail.contains(".") && !(IPV4.matcher(tail).matches() && tail.matches("(?!.*(^|\\.)0[0-9]).*"))) {
                throw new IllegalArgumentException("bad address in target '" + AddressCheck.shown(raw)
                        + "': the IPv4 part of an IPv6 address is written a.b.c.d, without leading zeros");
            }
        }
        try {
            // Literal addresses only: getByName does no lookup for them.
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in target '" + AddressCheck.shown(raw) + "'");
        }
    }

    private static Block cidr(String raw, String addr, String prefix, boolean bounded, boolean allowSpecial) {
        InetAddress base = literal(raw, addr);
        int bits = base.getAddress().length * 8;
        int p;
        try {
            p = Integer.parseInt(prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + AddressCheck.shown(raw) + "'");
        }
        if (p < 0 || p > bits) {
            throw new IllegalArgumentException("bad prefix length in '" + AddressCheck.shown(raw) + "' (0-" + bits
                    + ")");
        }
        BigInteger b = new BigInteger(1, base.getAddress());
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - p).subtract(BigInteger.ONE);
        BigInteger first = b.andNot(hostMask);
        BigInteger last = first.or(hostMask);
        return block(raw, first, last, base.getAddress().length, bounded, allowSpecial);
    }

    private static Block range(String raw, String from, String to, boolean bounded, boolean allowSpecial) {
        InetAddress a = literal(raw, from);
        byte[] fb = a.getAddress();
        BigInteger first = new BigInteger(1, fb);
        BigInteger last;
        if (to.matches("\\d{1,3}") && fb.length == 4) {
            if (to.length() > 1 && to.charAt(0) == '0') {
                throw new IllegalArgumentException("ambiguous range '" + AddressCheck.shown(raw) + "': a leading zero "
                        + "in the last octet means octal to some tools; write it without leading zeros");
            }
            int end = Integer.parseInt(to);
            if (end > 255) {
                throw new IllegalArgumentException("bad range '" + AddressCheck.shown(raw) + "': last octet over 255");
            }
            last = first.andNot(BigInteger.valueOf(0xff)).or(BigInteger.valueOf(end));
        } else {
            InetAddress b = literal(raw, to);
            if (b.getAddress().length != fb.length) {
                throw new IllegalArgumentException("bad range '" + AddressCheck.shown(raw) + "': mixes IPv4 and IPv6");
            }
            last = new BigInteger(1, b.getAddress());
        }
        if (last.compareTo(first) < 0) {
            throw new IllegalArgumentException("bad range '" + AddressCheck.shown(raw) + "': ends before it starts");
        }
        return block(raw, first, last, fb.length, bounded, allowSpecial);
    }

    private static Block block(String raw, BigInteger first, BigInteger last, int bytes, boolean bounded,
                               boolean allowSpecial) {
        String special = AddressCheck.specialIn(first, last, bytes);
        if (special != null && !allowSpecial) {
            throw AddressCheck.refusedBlock(raw, special);
        }
        BigInteger size = last.subtract(first).add(BigInteger.ONE);
        if (bounded && size.compareTo(BigInteger.valueOf(MAX_BLOCK)) > 0) {
            throw new IllegalArgumentException("target '" + AddressCheck.shown(raw) + "' has " + size
                    + " addresses; at most " + MAX_BLOCK + " per block");
        }
        return new Block(raw.trim(), first, last, bytes);
    }

    private static InetAddress toAddress(BigInteger v, int bytes) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
