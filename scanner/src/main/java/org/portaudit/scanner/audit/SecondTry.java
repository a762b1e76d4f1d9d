package org.portaudit.scanner.audit;

import java.util.function.BinaryOperator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * A second conversation on an expected TCP endpoint, on a new connection, because the first one's evidence
 * asked for it (a TLS server the JDK would not shake hands with gets a TLS 1.0-1.2 hello), and how the two
 * conversations' evidence make the endpoint's one.
 *
 * @param merge the first conversation's evidence and the second's (never null: a second connection that was
 *              not open is said as evidence too) to the endpoint's service evidence
 */
public record SecondTry(TcpConversation conversation, BinaryOperator<Evidence> merge) {
}
