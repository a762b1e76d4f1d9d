package org.portaudit.scanner.engine;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.portaudit.reports.model.PortState;

/**
 * Totals of a finished run.
 *
 * @param probes  results delivered to the listener
 * @param states  how many results had each state (every state present, zero or more)
 * @param elapsed wall time of the run
 */
public record RunStats(long probes, Map<PortState, Long> states, Duration elapsed) {
    public RunStats {
        EnumMap<PortState, Long> all = new EnumMap<>(PortState.class);
        for (PortState s : PortState.values()) {
            all.put(s, states == null ? 0L : states.getOrDefault(s, 0L));
        }
        states = Collections.unmodifiableMap(all);
    }

    public long count(PortState state) {
        return states.get(state);
    }
}
