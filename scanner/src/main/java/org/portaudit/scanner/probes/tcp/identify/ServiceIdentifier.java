package org.portaudit.scanner.probes.tcp.identify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.portaudit.scanner.probes.tcp.LegacyTlsConversation;
import org.portaudit.scanner.probes.tcp.TcpConversations;

/**
 * Names the service on an open port no role expects, from what it says rather than from its number: a short
 * wait for a server-first greeting (SSH, SMTP, FTP, POP3, IMAP, VNC, telnet, MySQL), then client-first checks
 * one connection each: TLS (certificate subject, issuer, expiry, protocol version), HTTP (status, Server,
 * title), RDP (X.224), SMB2, LDAP, MSSQL (TDS pre-login), PostgreSQL (SSLRequest), Redis (PING). The check the
 * port's number suggests goes first. Bounded: a greeting wait, a reply wait per check, a time budget per port,
 * and the caller's limit on ports identified at once per host ({@link Settings#perHost()}). Immutable and
 * shared by a run.
 */
public final class ServiceIdentifier {
    /**
     * @param greetingWait     how long the first connection waits for the server to speak first
     * @param replyWait        how long one check waits for its answer
     * @param budget           after this long, no further check of the port is started
     * @param perHost          ports of one host identified at once
     * @param maxGreetingBytes the bound on a greeting read
     */
    public record Settings(Duration greetingWait, Duration replyWait, Duration budget, int perHost,
                           int maxGreetingBytes) {
        public Settings {
            Objects.requireNonNull(greetingWait, "greetingWait");
            Objects.requireNonNull(replyWait, "replyWait");
            Objects.requireNonNull(budget, "budget");
            if (greetingWait.isNegative() || greetingWait.isZero() || replyWait.isNegative() || replyWait.isZero()) {
                throw new IllegalArgumentException("the identification waits must be positive");
            }
            if (perHost < 1 || perHost > 64) {
                throw new IllegalArgumentException("ports identified at once per host must be 1 to 64, got " + perHost);
            }
            if (maxGreetingBytes < 16 || maxGreetingBytes > 65536) {
                throw new IllegalArgumentException("the greeting bound must be 16 to 65536 bytes");
            }
        }

        /** 500 ms for a greeting, 500 ms per check, 3 s per port, 4 ports per host at once, 4 KiB of greeting. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(3), 4, 4096);
        }

        public Settings withPerHost(int n) {
            return new Settings(greetingWait, replyWait, budget, n, maxGreetingBytes);
        }

        public Settings withWaits(Duration greeting, Duration reply, Duration perPort) {
            return new Settings(greeting, reply, perPort, perHost, maxGreetingBytes);
        }
    }

    /** The check a port's number suggests, tried first there. */
    private static final Map<Integer, String> HINTS = hints();

    private final Settings settings;
    private final Map<String, IdentifyConversation.Check> checks = new LinkedHashMap<>();

    public ServiceIdentifier(TcpConversations registry, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        check(registry, "tls", "tls");
        checks.put("http", new IdentifyConversation.Check("http", new ClientChecks.HttpGet()));
        check(registry, "rdp", "rdp-tls");
        check(registry, "smb", "smb2-negotiate");
        check(registry, "ldap", "ldap-rootdse");
        check(registry, "mssql", "tds-prelogin");
        checks.put("postgresql", new IdentifyConversation.Check("postgresql", new ClientChecks.PostgresSsl()));
        checks.put("redis", new IdentifyConversation.Check("redis", new ClientChecks.RedisPing()));
    }

    private void check(TcpConversations registry, String service, String conversation) {
        checks.put(service, new IdentifyConversation.Check(service, registry.forProtocol(conversation)
                .orElseThrow(() -> new IllegalStateException("no conversation " + conversation))));
    }

    public Settings settings() {
        return settings;
    }

    /** The steps of identifying {@code port}. */
    public IdentifyChain chain(int port) {
        return chain(port, System::nanoTime);
    }

    IdentifyChain chain(int port, LongSupplier nanos) {
        List<IdentifyConversation> steps = new ArrayList<>();
        for (IdentifyConversation.Check c : order(port)) {
            steps.add(new IdentifyConversation(steps.isEmpty() ? settings.greetingWait() : Duration.ZERO,
                    settings.maxGreetingBytes(), c, settings.replyWait()));
        }
        IdentifyConversation legacyTls = new IdentifyConversation(Duration.ZERO, settings.maxGreetingBytes(),
                new IdentifyConversation.Check("tls", new LegacyTlsConversation()), settings.replyWait());
        return new IdentifyChain(steps, legacyTls, settings.budget().toNanos(), nanos);
    }

    /** The checks in the order tried on {@code port}: the one its number suggests, then the rest. */
    List<IdentifyConversation.Check> order(int port) {
        List<IdentifyConversation.Check> out = new ArrayList<>();
        String hint = HINTS.get(port);
        if (hint != null) {
            out.add(checks.get(hint));
        }
        checks.forEach((name, c) -> {
            if (!name.equals(hint)) {
                out.add(c);
            }
        });
        return out;
    }

    private static Map<Integer, String> hints() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int p : new int[] {80, 591, 2869, 5357, 5985, 8000, 8008, 8080, 8081, 8888, 9200, 47001}) {
            m.put(p, "http");
        }
        for (int p : new int[] {443, 465, 563, 636, 989, 990, 992, 993, 994, 995, 3269, 4443, 5986, 8443, 9443}) {
            m.put(p, "tls");
        }
        m.put(3389, "rdp");
        m.put(445, "smb");
        m.put(389, "ldap");
        m.put(3268, "ldap");
        m.put(1433, "mssql");
        m.put(5432, "postgresql");
        m.put(6379, "redis");
        return Map.copyOf(m);
    }
}
