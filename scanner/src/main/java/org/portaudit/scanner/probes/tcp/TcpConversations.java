package org.portaudit.scanner.probes.tcp;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * Which conversation confirms the service on a TCP port, by well-known port or by protocol name.
 * The conversations are immutable and shared by every probe that uses this registry.
 *
 * <pre>
 *   389, 3268                          ldap-rootdse       88    kerberos-as-req
 *   636, 3269, 443, 993, 995, 563, 465 tls                53    dns-tcp
 *   8531 (WSUS), 5986 (WinRM), 49443 (AD FS), 6516 (Windows Admin Center), 50636 (EdgeSync LDAPS) tls
 *   3389                               rdp-tls            445   smb2-negotiate
 *   135                                dcerpc-epm-bind    139   netbios-session
 *   1433                               tds-prelogin       80, 8080, 8530 (WSUS), 5985 (WinRM)  http-head
 *   25, 587 smtp-banner  110 pop3-banner  143 imap-banner  119 nntp-banner  21 ftp-banner
 * </pre>
 *
 * Certificate expiry is reported (details {@code notAfter}, {@code daysLeft}), not judged: the
 * judge compares {@code daysLeft} with its own warning threshold.
 */
public final class TcpConversations {
    private final Map<String, TcpConversation> byName = new LinkedHashMap<>();
    private final Map<Integer, TcpConversation> byPort = new TreeMap<>();
    private final Map<String, TcpConversation> byAlias = new LinkedHashMap<>();

    private TcpConversations(Clock clock, String realm) {
        TlsConversation tls = new TlsConversation(clock);
        add(new LdapRootDseConversation(), "ldap", 389, 3268);
        add(tls, "ssl", 636, 3269, 443, 993, 995, 563, 465, 8531, 5986, 49443, 6516, 50636);
        add(new RdpTlsConversation(tls), "rdp", 3389);
        add(realm == null ? new KerberosConversation() : new KerberosConversation(realm, null), "kerberos", 88);
        add(dns(realm), "dns", 53);
        add(new Smb2NegotiateConversation(), "smb", 445);
        add(new NetbiosSessionConversation(), "netbios", 139);
        add(new DceRpcEpmBindConversation(), "rpc", 135);
        add(new TdsPreloginConversation(), "tds", 1433);
        add(new HttpHeadConversation(), "http", 80, 8080, 8530, 5985);
        add(BannerConversation.smtp(), "smtp", 25, 587);
        add(BannerConversation.pop3(), "pop3", 110);
        add(BannerConversation.imap(), "imap", 143);
        add(BannerConversation.nntp(), "nntp", 119);
        add(BannerConversation.ftp(), "ftp", 21);
        alias("ldaps", tls);
        alias("https", tls);
        alias("imaps", tls);
        alias("pop3s", tls);
        alias("nntps", tls);
        alias("smtps", tls);
        alias("msrpc", byName.get(DceRpcEpmBindConversation.NAME));
        alias("epmap", byName.get(DceRpcEpmBindConversation.NAME));
        alias("ms-sql", byName.get(TdsPreloginConversation.NAME));
        alias("mssql", byName.get(TdsPreloginConversation.NAME));
        alias("netbios-ssn", byName.get(NetbiosSessionConversation.NAME));
        alias("microsoft-ds", byName.get(Smb2NegotiateConversation.NAME));
        alias("ms-wbt-server", byName.get(RdpTlsConversation.NAME));
    }

    /** For a known domain, its zone and DC locator records on one connection; else the root's NS. */
    private static TcpConversation dns(String domain) {
        if (domain != null) {
            try {
                return new DnsLocatorConversation(domain.trim().toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                // not a name DNS can carry: ask the root instead
            }
        }
        return new DnsConversation();
    }

    /** The registry with certificate days counted against the system clock. */
    public static TcpConversations defaults() {
        return new TcpConversations(Clock.systemUTC(), null);
    }

    /**
     * The registry with the Kerberos probe asking in {@code realm} (the hosts' domain, e.g.
     * LAB.EXAMPLE): a KDC answers either way, but in its own realm it names that realm back.
     */
    public static TcpConversations forRealm(String realm) {
        return new TcpConversations(Clock.systemUTC(), realm);
    }

    /** The registry with certificate days counted against {@code clock}. */
    public static TcpConversations withClock(Clock clock) {
        return new TcpConversations(Objects.requireNonNull(clock, "clock"), null);
    }

    /** The conversation for a well-known port, if portaudit knows one. */
    public Optional<TcpConversation> forPort(int port) {
        return Optional.ofNullable(byPort.get(port));
    }

    /**
     * The conversation by its name ({@link TcpConversation#name()}, e.g. "ldap-rootdse") or a
     * protocol word ("ldap", "kerberos", "smb", "https", "rdp" ...), case-insensitive.
     */
    public Optional<TcpConversation> forProtocol(String protocol) {
        if (protocol == null) {
            return Optional.empty();
        }
        String key = protocol.trim().toLowerCase(Locale.ROOT);
        TcpConversation c = byName.get(key);
        return Optional.ofNullable(c != null ? c : byAlias.get(key));
    }

    /** The conversations' names, in registry order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** Every port with a conversation, and that conversation's name (ascending ports). */
    public Map<Integer, String> ports() {
        Map<Integer, String> out = new TreeMap<>();
        byPort.forEach((port, c) -> out.put(port, c.name()));
        return Collections.unmodifiableMap(out);
    }

    private void add(TcpConversation c, String protocol, int... ports) {
        byName.putIfAbsent(c.name(), c);
        alias(protocol, c);
        for (int p : ports) {
            if (byPort.putIfAbsent(p, c) != null) {
                throw new IllegalStateException("port " + p + " listed twice");
            }
        }
    }

    private void alias(String word, TcpConversation c) {
        if (byAlias.putIfAbsent(word, Objects.requireNonNull(c, word)) != null) {
            throw new IllegalStateException("protocol word '" + word + "' listed twice");
        }
    }
}
