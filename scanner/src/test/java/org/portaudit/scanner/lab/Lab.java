package org.portaudit.scanner.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The integration-test lab (see {@code lab/README.md}): network namespaces on this machine with a
 * real Samba AD domain controller, nginx, and hosts that drop or reset. Built by {@code lab/up}
 * (Maven runs it in {@code pre-integration-test}); needs root.
 *
 * <p>Every integration test that talks to the lab starts with {@link #assumeUp()}, so that a machine
 * without root skips it visibly instead of failing or, worse, passing without having probed anything.
 */
public final class Lab {

  /** Realm, DNS and NetBIOS domain of the lab's Active Directory. */
  public static final String REALM = "LAB.PORTAUDIT.TEST";
  public static final String DNS_DOMAIN = "lab.portaudit.test";
  public static final String NETBIOS_DOMAIN = "LAB";
  /** The domain administrator (a throwaway lab secret; the DC is reachable from this machine only). */
  public static final String ADMIN_USER = "Administrator";
  public static final String ADMIN_PASSWORD = "Portaudit-Lab-1";

  /** Where probes come from: the root namespace's address on the lab bridge. */
  public static final String SOURCE_V4 = "198.18.0.1";
  public static final String SOURCE_V6 = "2001:2:0:1::1";

  /** pa-dc: Samba AD DC "DC01". 636/tcp dropped (filtered), 3269/tcp reset (closed), 123/udp dropped
   * (open|filtered), a stray listener on 23/tcp (unexpected open). */
  public static final String DC_V4 = "198.18.0.10";
  public static final String DC_V6 = "2001:2:0:1::10";
  public static final String DC_NAME = "pa-dc01";                       // /etc/hosts -> DC_V4
  public static final String DC_FQDN = "dc01.lab.portaudit.test";       // /etc/hosts -> DC_V4
  public static final String DC_V6_NAME = "pa-dc01-v6";                 // /etc/hosts -> DC_V6 only
  public static final String DC_V6_FQDN = "dc01-v6.lab.portaudit.test";

  /** pa-web: nginx on 80 and 443 (self-signed, 10 days, CN web01.lab.portaudit.test), all else RST;
   * in.tftpd on 69/udp (IPv4), answering from a new port; every other UDP port closed. */
  public static final String WEB_V4 = "198.18.0.20";
  public static final String WEB_V6 = "2001:2:0:1::20";
  public static final String WEB_NAME = "pa-web01";
  public static final String WEB_FQDN = "web01.lab.portaudit.test";

  /** pa-drop: drops everything (IPv4 and IPv6). */
  public static final String DROP_V4 = "198.18.0.30";
  public static final String DROP_V6 = "2001:2:0:1::30";
  public static final String DROP_NAME = "pa-drop01";
  public static final String DROP_FQDN = "drop01.lab.portaudit.test";

  /** pa-bulk-rst: 198.18.1.1 to .125, every port RST except 445/tcp (open). */
  public static final String BULK_RST_FIRST = "198.18.1.1";
  public static final String BULK_RST_LAST = "198.18.1.125";
  /** pa-bulk-drop: 198.18.2.1 to .125, drops everything. */
  public static final String BULK_DROP_FIRST = "198.18.2.1";
  public static final String BULK_DROP_LAST = "198.18.2.125";
  public static final int BULK_COUNT = 125;

  /** In the lab's range but owned by no namespace: the blackhole route makes connects fail at once. */
  public static final String UNOWNED_V4 = "198.18.3.3";

  private Lab() {}

  private static final AtomicBoolean TOLD = new AtomicBoolean();

  /**
   * Skips the calling test, with a visible reason, unless {@code lab/up} finished on this machine.
   * Call it per test ({@code @BeforeEach}), not in {@code @BeforeAll}: an aborted {@code @BeforeAll}
   * is reported by Maven as "Tests run: 0, Skipped: 0", which is not visible at all.
   */
  public static void assumeUp() {
    Optional<String> why = notUpReason();
    if (why.isPresent() && TOLD.compareAndSet(false, true)) {
      System.err.println("[WARNING] " + why.get() + "; lab integration tests are skipped");
    }
    assumeTrue(why.isEmpty(), why::get);
  }

  /** Why the lab is not usable, or empty if lab/run/ready is there. */
  public static Optional<String> notUpReason() {
    Optional<Path> root = repoRoot();
    if (root.isEmpty()) {
      return Optional.of("lab not up (needs root): no lab/up above " + Path.of("").toAbsolutePath());
    }
    Path ready = root.get().resolve("lab/run/ready");
    if (!Files.isRegularFile(ready)) {
      return Optional.of("lab not up (needs root): " + ready + " is missing; run lab/up as root"
          + " (mvn verify does, unless -Dlab.skip=true)");
    }
    return Optional.empty();
  }

  /** A fact lab/up wrote into lab/run/ready, e.g. {@code dc.rpc.ports} or {@code web.cert}. */
  public static Optional<String> fact(String key) {
    return repoRoot().map(r -> r.resolve("lab/run/ready")).filter(Files::isRegularFile).map(ready -> {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(ready, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p.getProperty(key);
    });
  }

  /** An address literal as an {@link InetAddress} (no name lookup). */
  public static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + literal, e);
    }
  }

  /** The repository root: the first directory, walking up from the working directory, with lab/up. */
  public static Optional<Path> repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("lab/up")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

    /** A report.json row's port as people write it: "636", "1024-5000", "dynamic-rpc" (schema 2 keeps them typed). */
    public static String portText(com.fasterxml.jackson.databind.JsonNode row) {
        if (row.path("dynamicRpc").asBoolean()) {
            return "dynamic-rpc";
        }
        if (row.hasNonNull("port")) {
            return row.get("port").asText();
        }
        if (row.hasNonNull("ipProtocol")) {
            return row.get("ipProtocol").asText();
        }
        return row.get("range").get("low").asText() + "-" + row.get("range").get("high").asText();
    }
}
