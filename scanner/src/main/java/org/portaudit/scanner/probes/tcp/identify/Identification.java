package org.portaudit.scanner.probes.tcp.identify;

import org.portaudit.reports.model.Evidence;

/**
 * What identifying one open port concluded.
 *
 * @param service  the service the evidence proves ("ssh", "tls", "http" ...), or null when it proves none
 * @param seen     what was seen, short and printable ("SSH: SSH-2.0-OpenSSH_9.2", "text greeting 'hello'",
 *                 "silent: ...")
 * @param evidence the step that decided (or the last one made); null when no step could be made
 */
public record Identification(String service, String seen, Evidence evidence) {
}
