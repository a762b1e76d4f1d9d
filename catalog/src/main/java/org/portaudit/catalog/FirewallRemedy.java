package org.portaudit.catalog;

/**
 * The Windows Defender Firewall predefined rule group that opens a service's ports (for
 * {@code Enable-NetFirewallRule -DisplayGroup}), and where one predefined rule covers the service,
 * that rule's display name (for {@code -DisplayName}); {@code rule} may be null.
 */
public record FirewallRemedy(String group, String rule, Source source) {
    public FirewallRemedy {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("a firewall remedy needs a rule group");
        }
        if (source == null) {
            throw new IllegalArgumentException("a firewall remedy needs a source");
        }
    }
}
