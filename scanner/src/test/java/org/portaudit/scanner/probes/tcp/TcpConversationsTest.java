package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portaudit.scanner.engine.TcpConversation;

class TcpConversationsTest {
    private final TcpConversations registry = TcpConversations.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "389, ldap-rootdse", "3268, ldap-rootdse",
        "636, tls", "3269, tls", "443, tls", "993, tls", "995, tls", "563, tls", "465, tls",
        "8531, tls", "5986, tls", "49443, tls", "6516, tls", "50636, tls", "8530, http-head", "5985, http-head",
        "3389, rdp-tls", "88, kerberos-as-req", "53, dns-tcp", "445, smb2-negotiate", "139, netbios-session",
        "135, dcerpc-epm-bind", "1433, tds-prelogin", "25, smtp-banner", "587, smtp-banner", "110, pop3-banner",
        "143, imap-banner", "119, nntp-banner", "21, ftp-banner", "80, http-head", "8080, http-head",
    })
    void wellKnownPorts(int port, String name) {
        assertEquals(name, registry.forPort(port).map(TcpConversation::name).orElse("none"));
    }

    @Test
    void portsWithoutAConversation() {
        assertEquals(Optional.empty(), registry.forPort(22));
        assertEquals(Optional.empty(), registry.forPort(49152));
        assertEquals(Optional.empty(), registry.forPort(-1));
        assertEquals(31, registry.ports().size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ldap, ldap-rootdse", "LDAP, ldap-rootdse", "ldap-rootdse, ldap-rootdse", "ldaps, tls", "HTTPS, tls",
        "' kerberos ', kerberos-as-req", "smb, smb2-negotiate", "microsoft-ds, smb2-negotiate",
        "msrpc, dcerpc-epm-bind", "ms-sql, tds-prelogin", "rdp, rdp-tls", "netbios-ssn, netbios-session",
        "http, http-head", "smtp, smtp-banner", "dns, dns-tcp",
    })
    void protocolWords(String word, String name) {
        assertEquals(name, registry.forProtocol(word).map(TcpConversation::name).orElse("none"));
    }

    @Test
    void unknownProtocolWords() {
        assertEquals(Optional.empty(), registry.forProtocol("gopher"));
        assertEquals(Optional.empty(), registry.forProtocol(null));
    }

    @Test
    void everyNameResolvesToItselfAndConversationsAreShared() {
        assertEquals(15, registry.names().size());
        for (String name : registry.names()) {
            assertEquals(name, registry.forProtocol(name).orElseThrow().name());
        }
        assertSame(registry.forPort(636).orElseThrow(), registry.forPort(443).orElseThrow());
        assertTrue(registry.ports().values().containsAll(registry.names()));
    }
}
