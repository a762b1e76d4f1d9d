package org.portaudit.scanner.cli;

import org.portaudit.scanner.audit.Protocols;

/** The protocol probes used by default; connect-only until the probe registries land. */
final class ProtocolRegistry {
    private ProtocolRegistry() {
    }

    static Protocols defaults() {
        return Protocols.NONE;
    }
}
