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

    /** A name (or literal address) to resolve. */
    record Name(String given) implements TargetSpec {
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

    /** Parses one target; IllegalArgumentException with a one-line reason when it is malformed. */
    static TargetSpec parse(String raw) {
        return parse(raw, true);
    }

    /**
     * Parses a target or, with {@code bounded} false, a block only to match addresses against (a
     * policy's host scope), which may be as large as the address family allows: it is never expanded.
     */
    static TargetSpec parse(String raw, boolean bounded) {
        String s = raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty target");
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            return cidr(raw, s.substring(0, slash), s.substring(slash + 1), bounded);
        }
        int dash = s.lastIndexOf('-');
        if (dash > 0 && (IPV4.matcher(s.substring(0, dash)).matches() || s.contains(":"))) {
            return range(raw, s.substring(0, dash), s.substring(dash + 1), bounded);
        }
        if (IPV4.matcher(s).matches()) {
            literal(raw, s);
            return new Name(s);
        }
        if (s.contains(":")) {
            literal(raw, s);
            return new Name(s);
        }
        if (!HOSTNAME.matcher(s).matches() || s.contains("..")) {
            throw new IllegalArgumentException("bad target '" + raw + "': not a host name, address, CIDR or range");
        }
        return new Name(s);
    }

    private static InetAddress literal(String raw, String s) {
        if (!IPV4.matcher(s).matches() && !s.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
            throw new IllegalArgumentException("bad address in target '" + raw + "'");
        }
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("bad IPv4 address in target '" + raw + "'");
                }
            }
        } else if (!s.contains(":")) {
            throw new IllegalArgumentException("bad address in target '" + raw + "'");
        }
        try {
            // Literal addresses only: getByName does no lookup for them.
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in target '" + raw + "'");
        }
    }

    private static Block cidr(String raw, String addr, String prefix, boolean bounded) {
        InetAddress base = literal(raw, addr);
        int bits = base.getAddress().length * 8;
        int p;
        try {
            p = Integer.parseInt(prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + raw + "'");
        }
        if (p < 0 || p > bits) {
            throw new IllegalArgumentException("bad prefix length in '" + raw + "' (0-" + bits + ")");
        }
        BigInteger b = new BigInteger(1, base.getAddress());
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - p).subtract(BigInteger.ONE);
        BigInteger first = b.andNot(hostMask);
        BigInteger last = first.or(hostMask);
        return block(raw, first, last, base.getAddress().length, bounded);
    }

    private static Block range(String raw, String from, String to, boolean bounded) {
        InetAddress a = literal(raw, from);
        byte[] fb = a.getAddress();
        BigInteger first = new BigInteger(1, fb);
        BigInteger last;
        if (to.matches("\\d{1,3}") && fb.length == 4) {
            int end = Integer.parseInt(to);
            if (end > 255) {
                throw new IllegalArgumentException("bad range '" + raw + "': last octet over 255");
            }
            last = first.andNot(BigInteger.valueOf(0xff)).or(BigInteger.valueOf(end));
        } else {
            InetAddress b = literal(raw, to);
            if (b.getAddress().length != fb.length) {
                throw new IllegalArgumentException("bad range '" + raw + "': mixes IPv4 and IPv6");
            }
            last = new BigInteger(1, b.getAddress());
        }
        if (last.compareTo(first) < 0) {
            throw new IllegalArgumentException("bad range '" + raw + "': ends before it starts");
        }
        return block(raw, first, last, fb.length, bounded);
    }

    private static Block block(String raw, BigInteger first, BigInteger last, int bytes, boolean bounded) {
        BigInteger size = last.subtract(first).add(BigInteger.ONE);
        if (bounded && size.compareTo(BigInteger.valueOf(MAX_BLOCK)) > 0) {
            throw new IllegalArgumentException("target '" + raw + "' has " + size + " addresses; at most " + MAX_BLOCK
                    + " per block");
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
