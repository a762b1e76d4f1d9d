package org.portaudit.catalog;

/**
 * One Windows Defender Firewall predefined inbound rule that opens one port of one service: the rule
 * group ({@code Enable-NetFirewallRule -DisplayGroup}) and the rule's display name
 * ({@code -DisplayName}), as Windows names them in English. {@code port} is a single port or
 * {@code dynamic-rpc} (a rule whose local port is the keyword RPC). {@code note} says what is not
 * verified or what else the administrator should know; may be null. {@code serviceId} null makes it the
 * port's rule for a requirement whose own service has none (a role's own requirement, such as SMB on 445).
 */
public record FirewallRule(String serviceId, Transport transport, PortSpec port, String group, String rule,
                           String note, Source source) {
    public FirewallRule {
        if (transport == null || port == null) {
            throw new IllegalArgumentException("a firewall rule needs a transport and a port");
        }
        if (group == null || group.isBlank() || rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("a firewall rule needs a group and a rule name");
        }
        if (source == null) {
            throw new IllegalArgumentException("a firewall rule needs a source");
        }
    }

    /** True when this rule opens {@code port} (a number, or dynamic RPC when {@code dynamicRpc}) on {@code t}. */
    public boolean opens(Transport t, int number, boolean dynamicRpc) {
        if (t != transport) {
            return false;
        }
        return dynamicRpc ? port.dynamicRpc() : !port.dynamicRpc() && port.range().contains(number);
    }
}
