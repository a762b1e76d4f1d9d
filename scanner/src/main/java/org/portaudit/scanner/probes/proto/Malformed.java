package org.portaudit.scanner.probes.proto;

/**
 * Thrown by the readers in this package when a reply breaks its own framing (a length past the end,
 * a wrong tag, a loop). Caught by {@link DecodingPayload}, so it never reaches the engine. It carries
 * no stack trace: hostile input is expected, not exceptional.
 */
public final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Malformed(String what) {
        super(what, null, false, false);
    }
}
