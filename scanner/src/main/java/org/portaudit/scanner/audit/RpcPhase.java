package org.portaudit.scanner.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.portaudit.scanner.engine.ProbeEngine;
import org.portaudit.scanner.engine.ProbeTask;
import org.portaudit.scanner.rpc.EndpointMapperClient;

/**
 * The second phase of a run, for hosts whose roles need dynamic RPC and whose endpoint mapper
 * answered: read each mapper's endpoint list (a bounded number of lookups at once, on the run's event
 * loop group), then probe every advertised TCP port through the same engine.
 */
final class RpcPhase {
    /** Lookups in flight at once: each holds one connection and a little decoding state. */
    private static final int PARALLEL_LOOKUPS = 64;

    private final ProbeEngine engine;
    private final Duration lookupTimeout;

    RpcPhase(ProbeEngine engine, Duration probeTimeout) {
        this.engine = engine;
        // A lookup is a bind plus a few requests: give it several probe timeouts, at least five seconds.
        this.lookupTimeout = probeTimeout.multipliedBy(5).compareTo(Duration.ofSeconds(5)) > 0
                ? probeTimeout.multipliedBy(5) : Duration.ofSeconds(5);
    }

    void run(List<HostAudit> hosts) throws InterruptedException, java.util.concurrent.ExecutionException {
        EndpointMapperClient client = new EndpointMapperClient(engine.group());
        for (int i = 0; i < hosts.size(); i += PARALLEL_LOOKUPS) {
            List<HostAudit> batch = hosts.subList(i, Math.min(hosts.size(), i + PARALLEL_LOOKUPS));
            List<CompletableFuture<Void>> lookups = new ArrayList<>();
            for (HostAudit h : batch) {
                lookups.add(client.lookup(h.target().address(), lookupTimeout).handle((eps, err) -> {
                    if (err != null) {
                        Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                        h.rpc().lookupFailed(c.getMessage());
                    } else {
                        h.rpc().endpoints(eps);
                    }
                    return null;
                }));
            }
            CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
        }
        Iterator<ProbeTask> tasks = hosts.stream().flatMap(h -> h.rpc().tcpPorts().stream()
                .map(port -> ProbeTask.tcp(h.target().address(), port, h))).iterator();
        engine.run(tasks, r -> ((HostAudit) r.task().tag()).rpc().probed(r)).get();
    }
}
