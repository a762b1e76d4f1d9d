/**
 * The probe engine: TCP connect and UDP probes over one Netty event loop group.
 *
 * <p>Entry point: {@link org.portaudit.scanner.engine.ProbeEngine#run}. Tasks
 * ({@link org.portaudit.scanner.engine.ProbeTask}) are pulled lazily, results
 * ({@link org.portaudit.scanner.engine.ProbeResult}) go to a
 * {@link org.portaudit.scanner.engine.ProbeListener} on the engine's control thread, never on an
 * event loop. Protocol knowledge comes in through {@link org.portaudit.scanner.engine.UdpPayload} and
 * {@link org.portaudit.scanner.engine.TcpConversation}; the engine only enforces limits around them.
 *
 * <p>Threads: probe state lives on the event loop of its channel; run bookkeeping (task pulling,
 * rate pauses, listener calls) on one control thread; the only shared mutable state is the global
 * rate bucket and the per-host UDP pacer, both synchronised.
 */
package org.portaudit.scanner.engine;
