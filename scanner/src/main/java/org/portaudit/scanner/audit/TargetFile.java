package org.portaudit.scanner.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.portaudit.catalog.InputException;
import org.portaudit.catalog.InputFile;

/**
 * A file of targets: one name, address, CIDR or range per line; '#' starts a comment. Opened and
 * read through {@link InputFile} (regular file, bounded size and lines, UTF-8, printable). Its errors
 * name the line but never quote it: a file given as a hosts file may be anything (/etc/shadow).
 */
public final class TargetFile {
    /** Why a targets file cannot be used: its line (0 for the whole file) and what is wrong. */
    public static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final String what;

        Bad(int line, String what) {
            super(what, null, false, false);
            this.line = line;
            this.what = what;
        }

        public int line() {
            return line;
        }

        /** What is wrong: for a line, a phrase ("bad IPv4 address in target"); for the file, a verb phrase. */
        public String what() {
            return what;
        }
    }

    private TargetFile() {
    }

    /** The targets as written, each checked with {@link TargetSpec#parse}. */
    public static List<String> read(Path f) {
        return read(f, false);
    }

    /** The targets as written, each checked with {@link TargetSpec#parseTarget}. */
    public static List<String> read(Path f, boolean allowSpecial) {
        String text;
        try {
            text = InputFile.read(f, InputFile.HOSTS);
        } catch (InputException e) {
            throw new Bad(e.line(), e.line() > 0 ? e.what()
                    : e.what().equals("no such file") ? "does not exist" : "cannot be used: " + e.what());
        }
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            n++;
            String s = line.replaceFirst("#.*", "").trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                TargetSpec.parseTarget(s, allowSpecial);
            } catch (IllegalArgumentException e) {
                throw new Bad(n, unquoted(e.getMessage(), s));
            }
            out.add(s);
        }
        return out;
    }

    /**
     * TargetSpec's reason without the target it quotes ("bad IPv4 address in target '1.2.3.999'" becomes
     * "bad IPv4 address in target"); when anything quoted remains, only the generic reason.
     */
    static String unquoted(String reason, String target) {
        String q = "'" + target + "'";
        String r = reason.replace(" in " + q, "").replace(" " + q, "").replace(q, "");
        return r.contains("'") || r.contains(target) && target.length() > 3
                ? "not a host name, address, CIDR or range" : r;
    }
}
