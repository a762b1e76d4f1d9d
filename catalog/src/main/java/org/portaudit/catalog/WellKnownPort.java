package org.portaudit.catalog;

/**
 * A name for a port from the well-known port dictionary (seed 004). {@code transport} is "tcp", "udp",
 * "ddp", or null when the table gives none (then it names the port on TCP and UDP).
 */
public record WellKnownPort(int port, String transport, String name, String description, String table) {
    public boolean appliesTo(Transport t) {
        return transport == null || transport.equals(t.id());
    }
}
