package org.portaudit.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way portaudit opens an input file (catalog, policy, inventory, hosts file): only a regular
 * file (checked on its attributes, following links, before it is opened, so a FIFO or a device never
 * blocks), of bounded size (refused before a byte is read), read through a bounded reader (a file
 * that grows while read is cut off), decoded as strict UTF-8, and checked line by line: no line
 * longer than the limit, no control characters. The cost is linear in the file and the memory
 * bounded by the limit. Every error is an {@link InputException} naming file and line, and never
 * quotes the file's content.
 */
public final class InputFile {
    /** What an input may hold: its size in bytes and the length of one line in characters. */
    public record Limits(long maxBytes, int maxLineChars) {
        public Limits {
            if (maxBytes <= 0 || maxBytes >= Integer.MAX_VALUE - 8 || maxLineChars <= 0) {
                throw new IllegalArgumentException("bad limits");
            }
        }
    }

    /** Catalog, policy and inventory files: 4 MiB, lines of at most 16 Ki characters. */
    public static final Limits YAML = new Limits(4L << 20, 16 << 10);
    /** Hosts files: 16 MiB (about a million targets), lines of at most 16 Ki characters. */
    public static final Limits HOSTS = new Limits(16L << 20, 16 << 10);

    /** A Java class name ("java.io.IOException: "), which a message for people never shows. */
    private static final java.util.regex.Pattern JAVA_NAME =
            java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?");

    private InputFile() {
    }

    /** The text of {@code path}, checked against {@code limits}. */
    public static String read(Path path, Limits limits) {
        String file = path.toString();
        requireRegular(path, limits.maxBytes());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes((int) limits.maxBytes() + 1);
        } catch (IOException e) {
            throw new InputException(file, 0, reason(e));
        }
        if (bytes.length > limits.maxBytes()) {
            throw new InputException(file, 0, "grew past " + size(limits.maxBytes()) + " while being read");
        }
        String text = decode(file, bytes);
        check(file, text, limits);
        return text;
    }

    /**
     * A stream of the bytes of {@code path} for a parser that reads them itself (an XML report): only a regular
     * file (a FIFO or a device is refused before it is opened) of at most {@code maxBytes} (refused before a byte
     * is read); a file that grows past the limit while read ends the stream with an {@link IOException}. Every
     * refusal is an {@link InputException} naming the file.
     */
    public static InputStream open(Path path, long maxBytes) {
        requireRegular(path, maxBytes);
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw new InputException(path.toString(), 0, reason(e));
        }
        return new java.io.FilterInputStream(in) {
            private long left = maxBytes;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, (int) Math.min(len, left + 1));
                if (n > 0 && (left -= n) < 0) {
                    throw new IOException("grew past " + size(maxBytes) + " while being read");
                }
                return n;
            }
        };
    }

    /** Refuses, before anything is read, what is not a regular file (following links) or is larger than {@code maxBytes}. */
    private static void requireRegular(Path path, long maxBytes) {
        String file = path.toString();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class); // follows links
        } catch (IOException e) {
            throw new InputException(file, 0, reason(e));
        }
        if (!a.isRegularFile()) {
            throw new InputException(file, 0, "not a regular file (" + kind(path, a) + ")");
        }
        if (a.size() > maxBytes) {
            throw new InputException(file, 0, "larger than " + size(maxBytes) + " (" + a.size() + " bytes)");
        }
    }

    /** The text of an already open reader (a resource in the jar, a test's string), with the same checks. */
    public static String read(String file, Reader in, Limits limits) {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        try {
            for (int n; (n = in.read(buf)) > 0;) {
                sb.append(buf, 0, n);
                if (sb.length() > limits.maxBytes()) {
                    throw new InputException(file, 0, "larger than " + size(limits.maxBytes()));
                }
            }
        } catch (IOException e) {
            throw new InputException(file, 0, reason(e));
        }
        String text = sb.toString();
        check(file, text, limits);
        return text;
    }

    /** Why a file could not be read, in words: never an exception's class name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        why = why == null ? "" : JAVA_NAME.matcher(why).replaceAll("").trim();
        return why.isEmpty() ? "cannot read" : "cannot read: " + why;
    }

    private static String kind(Path path, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        try {
            int type = ((Integer) Files.getAttribute(path, "unix:mode")) & 0170000;
            switch (type) {
                case 0010000: return "a FIFO";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix view: the generic word below
        }
        return "a device, FIFO or socket";
    }

    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Strict UTF-8; the error names the line of the first bad byte. */
    private static String decode(String file, byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new InputException(file, line, "not UTF-8 text");
        }
        return out.flip().toString();
    }

    /** Line length and printable characters (YAML's set: tab, line breaks and printable Unicode). */
    private static void check(String file, String text, Limits limits) {
        int line = 1;
        int length = 0;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                line++;
                length = 0;
                continue;
            }
            if (++length > limits.maxLineChars()) {
                throw new InputException(file, line, "line longer than " + limits.maxLineChars() + " characters");
            }
            if (!printable(c)) {
                throw new InputException(file, line, String.format("non-printable character U+%04X is not allowed", c));
            }
        }
    }

    private static boolean printable(int c) {
        return c >= 0x20 && c <= 0x7e || c == '\t' || c == 0x85 || c >= 0xa0 && c <= 0xd7ff
                || c >= 0xe000 && c <= 0xfffd || c >= 0x10000 && c <= 0x10ffff;
    }
}
