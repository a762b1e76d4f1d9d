package org.portaudit.scanner.cli;

import org.portaudit.scanner.probes.tcp.identify.ServiceIdentifier;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.portaudit.catalog.Catalog;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.scanner.audit.AuditRequest;
import org.portaudit.scanner.audit.Judgement;
import org.portaudit.scanner.audit.Protocols;
import org.portaudit.scanner.audit.UnexpectedScope;
import org.portaudit.scanner.engine.EngineConfig;
import picocli.CommandLine.Option;

/** How hosts are probed: the flags scan and audit share, checked in one place. */
public final class ProbeOptions {
    @Option(names = "--unexpected", paramLabel = "SCOPE", defaultValue = UnexpectedScope.DEFAULT,
            description = "Ports swept for unexpected listeners: none, catalog, well-known (default: the catalog's "
                    + "ports plus the well-known dictionary), all (1-65535), or a port list (1-1024,5900,161/udp).")
    String unexpected;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1000",
            description = "Milliseconds one probe waits for an answer (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
            description = "Extra tries for probes that got no answer (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1024",
            description = "Most probes in flight (default: ${DEFAULT-VALUE}; lowered to fit the open-file limit).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Most probes per second over the run; 0 = no limit (default).")
    int rate;

    @Option(names = "--connect-only", description = "Connect and send empty datagrams only: no protocol probes.")
    boolean connectOnly;

    @Option(names = "--no-identify", description = "Name unexpected open TCP ports from the port dictionary only, "
            + "without connecting again to see what answers (faster; the name is then a guess from the number).")
    boolean noIdentify;

    @Option(names = "--identify-parallel", paramLabel = "N", defaultValue = "4",
            description = "Unexpected open ports of one host identified at once (1-64, default: ${DEFAULT-VALUE}).")
    int identifyParallel;

    @Option(names = "--allow-special-targets",
            description = "Probe broadcast (255.255.255.255), multicast (224.0.0.0/4, ff00::/8) and unspecified "
                    + "(0.0.0.0, ::) addresses too; without it a target that is or holds one is refused, and so is "
                    + "a name that resolves to one.")
    boolean allowSpecialTargets;

    @Option(names = "--snmp-community", paramLabel = "COMMUNITY", defaultValue = "public",
            description = "SNMP v2c community for the SNMP probe (default: ${DEFAULT-VALUE}); a v3 discovery that "
                    + "needs none is sent too.")
    String snmpCommunity;

    @Option(names = "--cert-warn-days", paramLabel = "DAYS", defaultValue = "30",
            description = "A certificate expiring within this many days is a finding (default: ${DEFAULT-VALUE}).")
    int certWarnDays;

    /** The engine settings, or a usage error naming the bad value. */
    EngineConfig engineConfig() {
        if (certWarnDays < 0) {
            throw new UsageError("--cert-warn-days must be 0 or more");
        }
        try {
            return EngineConfig.defaults().withConcurrency(concurrency).withRate(rate)
                    .withTimeout(Duration.ofMillis(timeoutMillis)).withRetries(retries);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** The unexpected-port sweep, or a usage error. */
    UnexpectedScope scope(Catalog catalog) {
        try {
            return UnexpectedScope.parse(unexpected, catalog);
        } catch (IllegalArgumentException e) {
            throw new UsageError("bad --unexpected: " + e.getMessage()
                    + " (expected none, catalog, well-known, all or a port list)");
        }
    }

    /** The protocol probes for hosts of {@code domain} (may be null), or none with --connect-only. */
    Protocols protocols(String domain) {
        return connectOnly ? Protocols.NONE : new ProtocolRegistry(domain, snmpCommunity, identify());
    }

    /** How unexpected open ports are identified, or null with --no-identify. */
    private ServiceIdentifier.Settings identify() {
        if (noIdentify) {
            return null;
        }
        if (identifyParallel < 1 || identifyParallel > 64) {
            throw new UsageError("--identify-parallel must be 1 to 64, got " + identifyParallel);
        }
        return ServiceIdentifier.Settings.defaults().withPerHost(identifyParallel);
    }

    @Option(names = "--fail-on", paramLabel = "FINDING", split = ",",
            description = "Findings that make the exit code 1 (default: required-blocked, unexpected-open, "
                    + "forbidden-open, wrong-service, certificate, misconfigured, weak-tls); 'none' fails on nothing but forbidden-open, "
                    + "which always fails; audit also takes 'new' (only findings new since the previous run).")
    List<String> failOn;

    /** The --fail-on words, checked. */
    FailOnWords failOnWords() {
        return failOn == null ? new FailOnWords(Judgement.DEFAULT_FAIL_ON, false) : FailOnWords.parse(failOn);
    }

    /** The request of a run: catalog, engine and judging settings, checked once. */
    AuditRequest request(CatalogOptions catalog, Set<FindingKind> fail, Clock clock) {
        Catalog c = catalog.catalog();
        identify(); // a bad --identify-parallel is refused before anything is probed
        return new AuditRequest(c, catalog.version(), scope(c), engineConfig(), fail, certWarnDays, clock, connectOnly,
                this::protocols);
    }
}
