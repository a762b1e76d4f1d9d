package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.InetAddress;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.CatalogLoader;
import org.portaudit.catalog.PortRange;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Evidence;
import org.portaudit.reports.model.PolicySummary;

/** Policy files: what a good one means, and the exact one-line error for each kind of bad one. */
class PolicyTest {
    private static final Catalog CATALOG = CatalogLoader.builtIn();

    static final String GOOD = """
            # an audit policy
            all:
              allow:
                - {ports: 8080/tcp, reason: "monitoring agent on every server"}
            roles:
              domain-controller:
                forbid:
                  - {ports: [21, 3389/tcp], reason: "no FTP or RDP on DCs"}
            hosts:
              "198.18.0.0/24":
                allow:
                  - {ports: "23/tcp", reason: "lab terminal server"}
              dc01:
                forbid:
                  - {ports: 8080, reason: "not on dc01"}
            exceptions:
              - ports: 636/tcp
                host: dc01
                role: domain-controller
                justification: "CHG-1234 LDAPS blocked until the new CA is rolled out"
                expires: 2026-12-31
              - ports: 9389
                justification: "no ADWS on Samba"
                expires: 2026-01-31
            """;

    static Policy parse(String text) {
        return Policy.parse("p.yaml", new StringReader(text), CATALOG);
    }

    private static String error(String text) {
        return assertThrows(Policy.PolicyError.class, () -> parse(text)).getMessage();
    }

    private static Target host(String name, String address) throws Exception {
        return Target.resolved(name, name, InetAddress.getByName(address));
    }

    private static Optional<Policy.PortRule> decide(Policy p, Target t, List<String> roles, int port) {
        return p.decide(t, roles, Transport.TCP, port, List.of(), false);
    }

    @Test
    void goodFileMeansWhatItSays() throws Exception {
        Policy p = parse(GOOD);
        Target dc01 = host("dc01", "198.18.5.10");
        Target lab = host("web", "198.18.0.20");
        List<String> dc = List.of("domain-controller");
        // all: allow 8080 ... but the host section for dc01 forbids it (host beats all).
        assertEquals(Policy.Action.ALLOW, decide(p, lab, List.of(), 8080).orElseThrow().action());
        Policy.PortRule r = decide(p, dc01, dc, 8080).orElseThrow();
        assertEquals(Policy.Action.FORBID, r.action());
        assertEquals("host dc01", r.scope());
        assertEquals("not on dc01", r.reason());
        // role section: only when the role is chosen; a port list and a list of ports both work.
        assertEquals(Policy.Action.FORBID, decide(p, lab, dc, 21).orElseThrow().action());
        assertEquals("role domain-controller", decide(p, lab, dc, 3389).orElseThrow().scope());
        assertTrue(decide(p, lab, List.of("web-server"), 3389).isEmpty());
        // CIDR host section allows telnet over the built-in default; outside the block the default forbids it.
        assertEquals(Policy.Action.ALLOW, decide(p, lab, dc, 23).orElseThrow().action());
        Policy.PortRule telnet = decide(p, dc01, dc, 23).orElseThrow();
        assertEquals(Policy.Action.FORBID, telnet.action());
        assertEquals("built-in", telnet.scope());
        // built-in defaults yield to a role that expects the port ...
        assertTrue(p.decide(dc01, dc, Transport.TCP, 23, List.of(), true).isEmpty());
        // ... but the file's own forbid does not.
        assertEquals(Policy.Action.FORBID, p.decide(dc01, dc, Transport.TCP, 3389, List.of(), true).orElseThrow()
                .action());
        // exceptions: scope by host and role, expiry inclusive of the day.
        LocalDate dec31 = LocalDate.of(2026, 12, 31);
        Policy.PortException e = p.exceptionFor(dc01, dc, Transport.TCP, PortRange.single(636), dec31).orElseThrow();
        assertFalse(e.expiredOn(dec31));
        assertTrue(e.expiredOn(dec31.plusDays(1)));
        assertTrue(p.exceptionFor(lab, dc, Transport.TCP, PortRange.single(636), dec31).isEmpty(), "other host");
        assertTrue(p.exceptionFor(dc01, List.of("web-server"), Transport.TCP, PortRange.single(636), dec31).isEmpty(),
                "role not chosen");
        assertTrue(p.exceptionFor(dc01, dc, Transport.UDP, PortRange.single(636), dec31).isEmpty(), "other transport");
        PolicySummary s = p.summary(LocalDate.of(2026, 11, 22), null);
        assertEquals("p.yaml", s.file());
        assertEquals("2026-11-22", s.date());
        assertEquals(1, s.exceptions().size());
        assertEquals("host dc01, role domain-controller", s.exceptions().get(0).scope());
        assertEquals(1, s.expired().size());
        assertEquals("2026-01-31", s.expired().get(0).expires());
        assertEquals("9389/tcp", s.expired().get(0).portsText());
        assertEquals(Policy.BUILT_IN.size(), s.builtIn().size());
    }

    /** The README's full example is a valid policy and means what the README says. */
    @Test
    void readmeExampleParses() throws Exception {
        java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(readme), "README.md beside the modules");
        String text = java.nio.file.Files.readString(readme);
        int start = text.indexOf("    # policy.yaml\n");
        int end = text.indexOf("\nSemantics, exactly:", start);
        assertTrue(start > 0 && end > start, "README has the example");
        String yaml = text.substring(start, end).lines().map(l -> l.length() >= 4 ? l.substring(4) : l)
                .collect(java.util.stream.Collectors.joining("\n"));
        Policy p = parse(yaml);
        Target dc01 = host("dc01", "198.18.5.10");
        assertEquals("no agent web UI on dc01", decide(p, dc01, List.of(), 8080).orElseThrow().reason());
        assertEquals(Policy.Action.ALLOW, decide(p, host("kvm", "198.18.0.7"), List.of(), 5901).orElseThrow().action());
        assertEquals(1, p.exceptions().size());
        assertEquals(LocalDate.of(2026, 12, 31), p.exceptions().get(0).expires());
    }

    @Test
    void everyForbiddenPortIsSwept() {
        BitSet tcp = new BitSet();
        BitSet udp = new BitSet();
        parse(GOOD).forbiddenPorts(tcp, udp);
        for (int port : new int[] {21, 23, 512, 513, 514, 3389, 5800, 5900, 5901, 5902, 5903, 6000, 8080}) {
            assertTrue(tcp.get(port), port + "/tcp");
        }
        assertEquals(13, tcp.cardinality(), tcp.toString());
        assertEquals("{69, 161}", udp.toString());
    }

    @Test
    void snmpRuleNeedsProofOfThePublicCommunity() throws Exception {
        Policy p = Policy.builtIn();
        Target t = host("h", "198.18.0.9");
        Evidence publicReply = new Evidence("udp:snmp-v2c-get", "SNMPv2c sysDescr: x", true,
                Map.of("community", "public"));
        Evidence otherReply = new Evidence("udp:snmp-v2c-get", "SNMPv2c sysDescr: x", true,
                Map.of("community", "(the --snmp-community given)"));
        Evidence v3 = new Evidence("udp:snmp-v3-discovery", "report", true, Map.of());
        assertEquals(Policy.SNMP_PUBLIC_REASON, p.decide(t, List.of(), Transport.UDP, 161, List.of(publicReply), false)
                .orElseThrow().reason());
        assertTrue(p.decide(t, List.of(), Transport.UDP, 161, List.of(otherReply), false).isEmpty());
        assertTrue(p.decide(t, List.of(), Transport.UDP, 161, List.of(v3), false).isEmpty());
        // Even where a role expects 161/udp: the role needs SNMP, not the community 'public'.
        assertTrue(p.decide(t, List.of("snmp-agent"), Transport.UDP, 161, List.of(publicReply), true).isPresent());
        // A written allow turns it off.
        Policy allow = parse("roles: {snmp-agent: {allow: [{ports: 161/udp, reason: legacy NMS}]}}");
        assertEquals(Policy.Action.ALLOW, allow.decide(t, List.of("snmp-agent"), Transport.UDP, 161,
                List.of(publicReply), true).orElseThrow().action());
    }

    @Test
    void emptyFileIsTheBuiltInPolicy() {
        Policy p = parse("");
        assertTrue(p.exceptions().isEmpty());
        assertEquals(Policy.BUILT_IN.size(), p.summary(LocalDate.of(2026, 1, 1), null).builtIn().size());
    }

    @Test
    void anAllAllowDropsTheBuiltInFromTheSummary() {
        Policy p = parse("all: {allow: [{ports: 23/tcp, reason: telnet console servers}]}");
        assertEquals(Policy.BUILT_IN.size() - 1, p.summary(LocalDate.of(2026, 1, 1), null).builtIn().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top key        | alow: []                                                                    | p.yaml:1: unknown key 'alow' in a policy file (allowed: all, exceptions, hosts, roles)
            unknown section key    | all:\\n  alow: []                                                          | p.yaml:2: unknown key 'alow' in 'all' (allowed: allow, forbid, rpc)
            unknown rule key       | all:\\n  forbid:\\n    - {ports: 23, reason: x, why: y}                     | p.yaml:3: unknown key 'why' in a 'forbid' entry (allowed: ports, reason)
            unknown exception key  | exceptions:\\n  - {ports: 23, justification: x, expires: 2026-01-01, hots: a} | p.yaml:2: unknown key 'hots' in an exception (allowed: expires, host, justification, ports, role)
            bad port               | all:\\n  forbid:\\n    - {ports: 70000, reason: x}                          | p.yaml:3: port '70000' is out of range 1-65535
            bad port in a list     | all:\\n  forbid:\\n    - reason: x\\n      ports:\\n        - 23\\n        - telnet | p.yaml:6: bad port 'telnet' (expected PORT, LOW-HIGH, optionally /tcp or /udp)
            bad transport          | all:\\n  allow:\\n    - {ports: 47/gre, reason: x}                          | p.yaml:3: bad transport 'gre' in '47/gre' (expected /tcp or /udp)
            missing reason         | all:\\n  forbid:\\n    - {ports: 23}                                        | p.yaml:3: missing key 'reason'
            missing ports          | all:\\n  forbid:\\n    - {reason: x}                                        | p.yaml:3: missing key 'ports'
            missing justification  | exceptions:\\n  - ports: 23\\n    expires: 2026-01-31                     | p.yaml:2: missing key 'justification'
            missing expiry         | exceptions:\\n  - {ports: 23, justification: x}                            | p.yaml:2: missing key 'expires'
            bad date               | exceptions:\\n  - ports: 23\\n    justification: x\\n    expires: 31/01/2026 | p.yaml:4: bad date '31/01/2026' for 'expires' (expected YYYY-MM-DD)
            no such day            | exceptions:\\n  - {ports: 23, justification: x, expires: 2026-02-30}       | p.yaml:2: bad date '2026-02-30' for 'expires' (no such day)
            bad CIDR               | hosts:\\n  "198.18.0.0/33":\\n    allow: []                                 | p.yaml:2: bad host '198.18.0.0/33': bad prefix length in '198.18.0.0/33' (0-32)
            bad exception host     | exceptions:\\n  - {ports: 23, justification: x, expires: 2026-01-31, host: "10.0.0.0/99"} | p.yaml:2: bad host '10.0.0.0/99': bad prefix length in '10.0.0.0/99' (0-32)
            unknown role           | roles:\\n  domain-controler: {}                                            | p.yaml:2: unknown role 'domain-controler'; did you mean 'domain-controller'?
            unknown exception role | exceptions:\\n  - {ports: 23, justification: x, expires: 2026-01-31, role: dns}  | p.yaml:2: unknown role 'dns'; did you mean 'dns-server'?
            section not a mapping  | all: [23]                                                                   | p.yaml:1: 'all' must be a mapping (key: value)
            not YAML               | all: {allow: [                                                              | p.yaml:1: not valid YAML: expected the node content, but found '<stream end>'
            duplicate key          | all: {}\\nall: {}                                                          | p.yaml:2: duplicate key 'all' (first at line 1)
            """)
    void badFilesGiveFileLineAndWhat(String what, String text, String message) {
        assertEquals(message, error(text.replace("\\n", "\n")), what);
    }

    @org.junit.jupiter.api.Test
    void quotedValuesAreMadePrintableAndShort() {
        String m = error("exceptions:\n  - {ports: 23, justification: x, expires: \"2026\\e[2J\\a" + "9".repeat(5000) + "\"}\n");
        org.junit.jupiter.api.Assertions.assertTrue(m.startsWith("p.yaml:2: bad date '2026\\x1B[2J\\x0799"), m);
        org.junit.jupiter.api.Assertions.assertTrue(m.length() < 200 && m.chars().noneMatch(c -> c < 0x20), m);
        String big = error("all: {}\n# " + "x".repeat(5 << 20) + "\n");
        org.junit.jupiter.api.Assertions.assertEquals("p.yaml: larger than 4 MiB", big);
    }

    @Test
    void rpcSectionsResolveHostBeforeRoleBeforeAll() throws Exception {
        Policy p = parse("""
                all:
                  rpc: {range: 5000-5200, reason: "KB 154596 range on every server"}
                roles:
                  domain-controller:
                    rpc: {fixed: {ntds: 50000, netlogon: 50001}, reason: "AD through the DMZ firewall"}
                hosts:
                  dc02:
                    rpc: {range: 6000-6100, fixed: {netlogon: 6001}, reason: "dc02 is special"}
                """);
        Target dc01 = host("dc01", "127.0.0.1");
        Target dc02 = host("dc02", "127.0.0.2");
        Policy.RpcPolicy member = p.forHost(dc01, List.of("file-server")).rpc().orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals("5000-5200", member.range().toString());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of(), member.fixed());
        Policy.RpcPolicy dc = p.forHost(dc01, List.of("domain-controller")).rpc().orElseThrow();
        org.junit.jupiter.api.Assertions.assertNull(dc.range(), "a level's rpc entry is taken whole, not merged");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("ntds", 50000, "netlogon", 50001), dc.fixed());
        org.junit.jupiter.api.Assertions.assertEquals("role domain-controller", dc.scope());
        Policy.RpcPolicy special = p.forHost(dc02, List.of("domain-controller")).rpc().orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals("6000-6100", special.range().toString());
        org.junit.jupiter.api.Assertions.assertEquals("dc02 is special", special.reason());
        org.junit.jupiter.api.Assertions.assertTrue(Policy.builtIn().forHost(dc01, List.of()).rpc().isEmpty());
    }

    @Test
    void badRpcEntriesAreOneLineErrors() {
        org.junit.jupiter.api.Assertions.assertEquals("p.yaml:1: unknown fixed-port service 'ntdss'; did you mean"
                + " 'ntds'? (known: netlogon, ntds)",
                error("all: {rpc: {fixed: {ntdss: 50000}, reason: r}}\n"));
        org.junit.jupiter.api.Assertions.assertTrue(error("all: {rpc: {range: 135-200, reason: r}}\n")
                .contains("starts below 1024"));
        org.junit.jupiter.api.Assertions.assertTrue(error("all: {rpc: {range: \"5000-5100,6000\", reason: r}}\n")
                .contains("one TCP port range"));
        org.junit.jupiter.api.Assertions.assertTrue(error("all: {rpc: {fixed: {ntds: 70000}, reason: r}}\n")
                .contains("bad port '70000' for 'ntds'"));
        org.junit.jupiter.api.Assertions.assertTrue(error("all: {rpc: {range: 5000-5100}}\n")
                .contains("missing key 'reason'"));
        org.junit.jupiter.api.Assertions.assertTrue(error("all: {rpc: {reason: r}}\n")
                .contains("'rpc' needs 'range', 'fixed' or both"));
        org.junit.jupiter.api.Assertions.assertTrue(error("all: {rpc: {range: 5000-5100, reason: r, ports: 1}}\n")
                .contains("ports"));
    }
}
