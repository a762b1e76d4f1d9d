package org.portaudit.scanner.probes.udp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * The "simple TCP/IP services" over UDP (Windows' optional feature of that name, inetd internals on
 * Unix): echo (RFC 862, port 7), daytime (RFC 867, 13), quote of the day (RFC 865, 17) and character
 * generator (RFC 864, 19). Each answers any datagram. Echo must return our random token exactly; the
 * others must return printable text (chargen: printable ASCII only). A reply that is our own request
 * on a port that is not echo is reported as not matching: an echo service sits there.
 */
public final class SimpleServicePayload extends DecodingPayload {
    enum Kind {
        ECHO("echo"), DAYTIME("daytime"), QOTD("qotd"), CHARGEN("chargen");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private final Kind kind;
    private final byte[] sent;

    private SimpleServicePayload(Kind kind, byte[] request) {
        super(kind.word, request);
        this.kind = kind;
        this.sent = request.clone();
    }

    public static SimpleServicePayload echo(RandomGenerator random) {
        byte[] token = new byte[8];
        random.nextBytes(token);
        return echo("portaudit echo " + HexFormat.of().formatHex(token) + "\r\n");
    }

    static SimpleServicePayload echo(String token) {
        return new SimpleServicePayload(Kind.ECHO, token.getBytes(StandardCharsets.US_ASCII));
    }

    public static SimpleServicePayload daytime() {
        return of(Kind.DAYTIME);
    }

    public static SimpleServicePayload qotd() {
        return of(Kind.QOTD);
    }

    public static SimpleServicePayload chargen() {
        return of(Kind.CHARGEN);
    }

    private static SimpleServicePayload of(Kind kind) {
        return new SimpleServicePayload(kind, "portaudit\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        byte[] b = w.bytes(w.remaining());
        Map<String, Object> d = new LinkedHashMap<>();
        if (kind == Kind.ECHO) {
            if (Arrays.equals(b, sent)) {
                return matched("echo: our datagram came back unchanged", d);
            }
            d.put("reply", Text.ascii(b, 64));
            return other("reply to echo is not our datagram", d);
        }
        if (Arrays.equals(b, sent)) {
            return other(kind.word + " port echoed our datagram: an echo service, not " + kind.word, d);
        }
        if (b.length > 1024 || !text(b, kind == Kind.CHARGEN)) {
            return Optional.empty();
        }
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\r' || b[end - 1] == '\n' || b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        String shown = Text.ascii(Arrays.copyOf(b, end), kind == Kind.CHARGEN ? 72 : 256);
        d.put("text", shown);
        return switch (kind) {
            case DAYTIME -> matched("daytime: " + Text.clean(shown, 80), d);
            case QOTD -> matched("qotd: " + Text.clean(shown, 80), d);
            default -> matched("chargen: " + b.length + " characters", d);
        };
    }

    /** Text: printable ASCII, tab, CR, LF; when not {@code asciiOnly}, also octets 0x80-0xff (a local code page). */
    static boolean text(byte[] b, boolean asciiOnly) {
        if (b.length == 0) {
            return false;
        }
        int printable = 0;
        for (byte x : b) {
            int u = x & 0xff;
            if (u >= 0x20 && u < 0x7f) {
                printable++;
            } else if (u == '\r' || u == '\n' || u == '\t' || u == 0 && !asciiOnly) {
                continue;
            } else if (u < 0x20 || u == 0x7f || asciiOnly) {
                return false;
            }
        }
        return printable > 0;
    }
}
