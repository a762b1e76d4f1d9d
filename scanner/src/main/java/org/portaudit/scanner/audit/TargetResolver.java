package org.portaudit.scanner.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.portaudit.scanner.engine.Failures;

/**
 * Resolves host names off the event loops, on a small pool of its own threads, through the system
 * resolver (so /etc/hosts and nsswitch apply as for any other tool). An unresolvable name is a
 * {@link Target} with an error, never an exception; so is a name that resolves to a broadcast,
 * multicast or unspecified address, unless the spec allows those.
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

    /** Resolves a name that must stand for one host. */
    public CompletableFuture<Target> resolve(String name) {
        return resolve(new TargetSpec.Name(name));
    }

    public CompletableFuture<Target> resolve(TargetSpec.Name spec) {
        String name = spec.given();
        return CompletableFuture.supplyAsync(() -> {
            try {
                InetAddress[] all = InetAddress.getAllByName(name);
                // The first address is the one probed: it is the one that must be a host.
                if (!spec.allowSpecial() && AddressCheck.special(all[0]) != null) {
                    return Target.failed(name, AddressCheck.refusedName(name, all[0]));
                }
                return Target.resolved(name, name, all[0]);
            } catch (UnknownHostException e) {
                return Target.failed(name, "host name '" + name + "' does not resolve");
            } catch (SecurityException e) {
                return Target.failed(name, "cannot resolve '" + name + "': " + Failures.describe(e));
            }
        }, pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
