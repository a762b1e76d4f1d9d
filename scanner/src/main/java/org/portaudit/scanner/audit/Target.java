package org.portaudit.scanner.audit;

import java.net.InetAddress;

/**
 * One host to audit: as the user named it, and the address it resolved to (null with an error).
 */
public record Target(String given, String name, InetAddress address, String error) {
    public static Target resolved(String given, String name, InetAddress address) {
        return new Target(given, name, address, null);
    }

    public static Target failed(String given, String error) {
        return new Target(given, given, null, error);
    }

    public String addressText() {
        return address == null ? null : address.getHostAddress();
    }
}
