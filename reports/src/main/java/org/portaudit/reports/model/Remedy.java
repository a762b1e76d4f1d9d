package org.portaudit.reports.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.portaudit.catalog.Source;

/**
 * What an administrator does about one finding: for a blocked required port, the Windows Defender Firewall
 * predefined rule that opens it (or a rule to create) and the allow rule a network firewall needs; for an open
 * port that should not be, the Windows service that usually owns it and how to stop and disable it (or how to
 * find the owner), and the block rule that closes it.
 *
 * @param action         open (a required port is blocked) or close (an open port should not be)
 * @param firewallGroup  the predefined rule group ({@code Enable-NetFirewallRule -DisplayGroup}), or null
 * @param firewallRule   the predefined rule's display name ({@code -DisplayName}), or null when none is known
 * @param windowsService the Windows service short name ({@code Stop-Service -Name}) that usually owns an open
 *                       port, or null when none is known or it must not be stopped
 * @param serviceName    that service's display name, or null
 * @param commands       the PowerShell lines to run on the host, in order
 * @param networkRule    the rule a network firewall between the sources and the host needs, in words
 * @param note           what is a guess or unverified, or what else to know; may be null
 * @param sources        where the rule names and the service owner come from
 */
public record Remedy(Action action, String firewallGroup, String firewallRule, String windowsService,
                     String serviceName, List<String> commands, String networkRule, String note,
                     List<Source> sources) {
    public Remedy {
        if (action == null) {
            throw new IllegalArgumentException("a remedy needs an action (open or close)");
        }
        firewallGroup = Sanitize.text(firewallGroup, 128);
        firewallRule = Sanitize.text(firewallRule, 128);
        windowsService = Sanitize.text(windowsService, 80);
        serviceName = Sanitize.text(serviceName, 128);
        commands = commands == null ? List.of()
                : commands.stream().map(c -> Sanitize.text(c, 512)).toList();
        networkRule = Sanitize.text(networkRule, 1024);
        note = Sanitize.text(note, 1024);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** One line for people: the rule or the service, then the commands joined by "; ". */
    public String summary() {
        StringBuilder b = new StringBuilder();
        if (action == Action.OPEN) {
            b.append(firewallRule != null ? "enable firewall rule '" + firewallRule + "' (group '" + firewallGroup + "')"
                    : firewallGroup != null ? "enable firewall group '" + firewallGroup + "' or create a rule"
                    : "create a firewall rule");
        } else {
            b.append(windowsService != null ? "stop and disable " + windowsService
                    + (serviceName != null ? " (" + serviceName + ")" : "") : "find the owning process");
            b.append(", or block the port");
        }
        if (networkRule != null) {
            b.append("; network firewall: ").append(networkRule);
        }
        return b.toString();
    }

    /** What the remedy does to the port. */
    public enum Action {
        /** Let the required traffic in. */
        OPEN("open"),
        /** Stop what listens, or block it. */
        CLOSE("close");

        private final String word;

        Action(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Action fromWord(String word) {
            for (Action a : values()) {
                if (a.word.equals(word)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown remedy action '" + Sanitize.text(word, 40)
                    + "' (expected open or close)");
        }
    }
}
