/**
 * The picocli commands. Thin: parse, build an {@link org.portaudit.scanner.audit.AuditRequest} from the shared
 * mixins ({@link org.portaudit.scanner.cli.CatalogOptions}, {@link org.portaudit.scanner.cli.ProbeOptions},
 * {@link org.portaudit.scanner.cli.OutputOptions}), run it, hand the report to the renderers and map the outcome
 * to an exit code ({@link org.portaudit.scanner.cli.ExitCodes}). {@code --verbose} is declared once, on the root
 * command. Errors are typed: {@link org.portaudit.scanner.cli.UsageError} (exit 2, or as given) and
 * {@link org.portaudit.scanner.audit.Auditor.RunFailure} (exit 3).
 */
package org.portaudit.scanner.cli;
