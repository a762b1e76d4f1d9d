package org.portaudit.reports.render;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Passes text through with every unpaired surrogate replaced by U+FFFD, so the output can always be
 * encoded (a UTF-8 file writer refuses a lone surrogate). Call {@link #finish} at the end of a render: it
 * writes a dangling high surrogate as U+FFFD and flushes, without closing the underlying writer.
 */
final class UnicodeSafeWriter extends FilterWriter {
    private char pendingHigh;

    UnicodeSafeWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        char ch = (char) c;
        if (pendingHigh != 0) {
            if (Character.isLowSurrogate(ch)) {
                out.write(pendingHigh);
                out.write(ch);
                pendingHigh = 0;
                return;
            }
            out.write('\uFFFD');
            pendingHigh = 0;
        }
        if (Character.isHighSurrogate(ch)) {
            pendingHigh = ch;
        } else if (Character.isLowSurrogate(ch)) {
            out.write('\uFFFD');
        } else {
            out.write(ch);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(buf[i]);
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(s.charAt(i));
        }
    }

    /** Ends the text: a dangling high surrogate becomes U+FFFD; flushes. */
    void finish() throws IOException {
        if (pendingHigh != 0) {
            out.write('\uFFFD');
            pendingHigh = 0;
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
