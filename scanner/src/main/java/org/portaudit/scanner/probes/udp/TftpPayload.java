package org.portaudit.scanner.probes.udp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * TFTP (RFC 1350) on 69/udp: a read request for a file that does not exist. The server answers with
 * ERROR (usually 1, file not found) or, should the name exist, DATA block 1. RFC 1350 section 4 has
 * the server answer from a NEW port (its transfer ID), which a socket connected to port 69 never
 * hears: {@link #repliesFromAnotherPort()} asks the engine for an unconnected one, which takes such a
 * datagram only from the target's address and only when {@link #match} accepts it.
 */
public final class TftpPayload extends DecodingPayload {
    static final int RRQ = 1;
    static final int DATA = 3;
    static final int ACK = 4;
    static final int ERROR = 5;
    static final int OACK = 6;
    private static final String[] ERRORS = {
        "not defined", "file not found", "access violation", "disk full", "illegal operation",
        "unknown transfer ID", "file already exists", "no such user", "option negotiation refused"};

    public TftpPayload(RandomGenerator random) {
        this(fileName(random));
    }

    TftpPayload(String file) {
        super("tftp-rrq", request(file));
    }

    /** The server answers from its transfer port, not from 69 (RFC 1350 4). */
    @Override
    public boolean repliesFromAnotherPort() {
        return true;
    }

    static String fileName(RandomGenerator random) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return "portaudit-probe-" + HexFormat.of().formatHex(b);
    }

    static byte[] request(String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(RRQ);
        out.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (w.remaining() < 4 || w.u8() != 0) {
            return Optional.empty();
        }
        int op = w.u8();
        int arg = w.u16();
        Map<String, Object> d = new LinkedHashMap<>();
        if (op == ERROR) {
            if (arg >= ERRORS.length || w.remaining() == 0 || w.remaining() > 512) {
                return Optional.empty();
            }
            byte[] msg = w.bytes(w.remaining());
            if (msg[msg.length - 1] != 0) {
                return Optional.empty(); // RFC 1350 5: ErrMsg is NUL-terminated
            }
            String text = Text.ascii(java.util.Arrays.copyOf(msg, msg.length - 1), Text.FIELD);
            d.put("errorCode", arg);
            d.put("errorName", ERRORS[arg]);
            d.put("message", text);
            return matched("TFTP ERROR " + arg + " (" + ERRORS[arg] + ")" + (text.isEmpty() ? "" : ": " + text), d);
        }
        if (op == DATA && arg == 1 && w.remaining() <= 65464) {
            d.put("block", 1);
            d.put("bytes", w.remaining());
            return matched("TFTP DATA block 1 (a file by our random name exists)", d);
        }
        return Optional.empty();
    }
}
