package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Hex text (whitespace and '#' comments ignored) to bytes, from strings or test resources. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        StringBuilder clean = new StringBuilder();
        for (String line : hex.split("\n")) {
            int hash = line.indexOf('#');
            clean.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
        }
        return ByteBufUtil.decodeHexDump(clean);
    }

    /** A resource under probes/tcp/ of the test classpath. */
    static byte[] resource(String name) {
        try (InputStream in = Hex.class.getResourceAsStream("/probes/tcp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource probes/tcp/" + name);
            }
            return bytes(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String of(byte[] b) {
        return ByteBufUtil.hexDump(b);
    }
}
