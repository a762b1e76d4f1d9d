package org.portaudit.scanner.engine;

/** A run could not go on for a reason that is not about the target (this machine, the task source, the listener). */
public final class ProbeEngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProbeEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
