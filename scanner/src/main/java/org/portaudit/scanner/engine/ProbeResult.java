package org.portaudit.scanner.engine;

import java.time.Duration;
import java.util.Objects;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PortState;

/**
 * What one probe found.
 *
 * @param task                   the task, with its tag
 * @param state                  the port state
 * @param rtt                    time from the last send (SYN, datagram) to the answer that decided
 *                               the state; null when nothing came back
 * @param attempts               connects or datagram rounds sent (more than one only after silence)
 * @param evidence               what proved the state ("tcp-connect": "SYN-ACK in 0.42 ms"); its
 *                               {@code matched} is true when an answer decided the state, false
 *                               when silence did
 * @param service                the payload's or conversation's evidence, null when there was none
 * @param icmpRateLimitSuspected true when the state is open|filtered and the target's ICMP budget
 *                               (as modelled from the configured limit) was spent during the tries,
 *                               so a closed port may have had its ICMP port unreachable suppressed
 * @param paced                  time this probe waited for the global rate or the per-host UDP pace
 * @param <T>                    the task's tag type
 */
public record ProbeResult<T>(ProbeTask<T> task, PortState state, Duration rtt, int attempts, Evidence evidence,
                          Evidence service, boolean icmpRateLimitSuspected, Duration paced) {

    public ProbeResult {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(paced, "paced");
    }
}
