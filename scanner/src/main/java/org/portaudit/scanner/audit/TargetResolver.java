package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves host names off the event loops, on a small pool of its own threads, through the system
 * resolver (so /etc/hosts and nsswitch apply as for any other tool). An unresolvable name is a
 * {@link Target} with an error, never an exception.
 */
public final class TargetResolver implements AutoCloseable {
    private final ExecutorService pool;

    public TargetResolver(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "portaudit-resolver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public CompletableFuture<Target> resolve(String name) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                InetAddress[] all = InetAddress.getAllByName(name);
                return Target.resolved(name, name, all[0]);
            } catch (UnknownHostException e) {
                return Target.failed(name, "host name '" + name + "' does not resolve");
            } catch (SecurityException e) {
                return Target.failed(name, "cannot resolve '" + name + "': " + e.getMessage());
            }
        }, pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
