/**
 * The report model, report.json schema version 2: {@link org.portaudit.reports.model.AuditReport} and what it
 * holds (hosts, their expected and unexpected rows, per-endpoint dynamic RPC rows, policies, drift). Typed:
 * ports are numbers ({@link org.portaudit.reports.model.Located}), word sets are enums, counts are
 * {@link org.portaudit.reports.model.Counts}, evidence details are typed values. Every text is made printable
 * and bounded on construction, so a report read back from a file is as safe as one built from the network.
 */
package org.portaudit.reports.model;
