/**
 * Planning, collecting and judging an audit.
 *
 * <ul>
 *   <li>Planning: {@link org.portaudit.scanner.audit.AuditPlan} (the endpoints the chosen roles expect and the
 *       ports swept for unexpected listeners), {@link org.portaudit.scanner.audit.TargetSpec} (what the user
 *       typed), {@link org.portaudit.scanner.audit.Policy} (the audit policy, resolved once per host into a
 *       {@link org.portaudit.scanner.audit.Policy.HostPolicy}).</li>
 *   <li>Collecting: {@link org.portaudit.scanner.audit.Auditor} runs each group of hosts as one task source on
 *       the probe engine (a window of open hosts, the endpoint-mapper lookup as soon as 135/tcp answers);
 *       {@code HostScan} is one host's scheduling state and {@link org.portaudit.scanner.audit.HostResults}
 *       the plain record of what it answered.</li>
 *   <li>Judging: {@link org.portaudit.scanner.audit.Judge}, a pure function of plan, results and host policy
 *       (no network, no state), with {@code DynamicRpcCheck} for the per-endpoint dynamic RPC rows.</li>
 *   <li>{@link org.portaudit.scanner.audit.AuditRequest}: what {@code scan} and {@code audit} were asked for,
 *       the one object both commands build; it makes each group's job and assembles the report.</li>
 * </ul>
 */
package org.portaudit.scanner.audit;
