package org.portaudit.catalog;

/**
 * The Windows service that usually listens on a port: its short name ({@code Stop-Service -Name})
 * and display name. A guess from the number, for an open port nobody expects; the administrator
 * confirms it on the host before stopping anything. {@code note} may be null.
 */
public record PortOwner(Transport transport, int port, String service, String name, String note, Source source) {
    public PortOwner {
        if (transport == null || transport == Transport.IP) {
            throw new IllegalArgumentException("a port owner is for a tcp or udp port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        if (service == null || name == null || source == null) {
            throw new IllegalArgumentException("a port owner needs a service name, a display name and a source");
        }
    }
}
