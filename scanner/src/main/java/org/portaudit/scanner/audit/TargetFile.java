package org.portaudit.scanner.audit;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A file of targets: one name, address, CIDR or range per line; '#' starts a comment. */
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
        List<String> out = new ArrayList<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                n++;
                String s = line.replaceFirst("#.*", "").trim();
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    TargetSpec.parseTarget(s, allowSpecial);
                } catch (IllegalArgumentException e) {
                    throw new Bad(n, e.getMessage());
                }
                out.add(s);
            }
        } catch (NoSuchFileException e) {
            throw new Bad(0, "does not exist");
        } catch (MalformedInputException e) {
            throw new Bad(0, "is not UTF-8 text");
        } catch (IOException e) {
            throw new Bad(0, "cannot be read: " + e.getMessage());
        }
        return out;
    }
}
