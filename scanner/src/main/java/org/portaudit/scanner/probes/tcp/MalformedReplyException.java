package org.portaudit.scanner.probes.tcp;

/**
 * Thrown by the decoders in this package when a reply breaks its protocol's structure (a length
 * that overruns, a wrong tag, a value out of range). Never leaves the pipeline: the reply collector
 * turns it into matched = false evidence.
 */
final class MalformedReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedReplyException(String message) {
        super(message, null, false, false);
    }
}
