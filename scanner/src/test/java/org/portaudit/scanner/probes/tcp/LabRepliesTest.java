package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

/**
 * Replies captured from the lab (a Samba 4.17 AD DC, realm LAB.PORTAUDIT.TEST, and nginx 1.22) to
 * exactly the requests these conversations send; see the header of each resource.
 */
class LabRepliesTest {
    @Test
    void sambaRootDse() {
        for (String port : new String[] {"389", "3268"}) {
            Evidence e = Robustness.whole(new LdapRootDseConversation(), Hex.resource("lab-ldap-rootdse-" + port + ".hex"));
            assertTrue(e.matched(), port);
            assertEquals("DC01.lab.portaudit.test", e.details().get("dnsHostName"));
            assertEquals("DC=lab,DC=portaudit,DC=test", e.details().get("defaultNamingContext"));
            assertTrue(e.text("namingContexts").orElseThrow().contains("CN=Schema,CN=Configuration,DC=lab,DC=portaudit,DC=test"));
            assertEquals("lab.portaudit.test:dc01$@LAB.PORTAUDIT.TEST", e.details().get("ldapServiceName"));
        }
    }

    @Test
    void nginxAnsweringTheLdapRequestIsAWrongService() {
        Evidence e = Robustness.whole(new LdapRootDseConversation(), Hex.resource("lab-http-on-ldap-port.hex"));
        assertFalse(e.matched());
        assertTrue(e.summary().contains("HTTP/1.1 400 Bad Request"), e.summary());
        assertTrue(e.text("replyText").orElseThrow().contains("Server: nginx"), e.details().toString());
    }

    @Test
    void sambaKdcRejectsTheUnknownPrincipal() {
        Evidence foreign = Robustness.whole(new KerberosConversation(), Hex.resource("lab-kerberos-krb-error-foreign-realm.hex"));
        assertTrue(foreign.matched());
        assertEquals("KDC_ERR_C_PRINCIPAL_UNKNOWN", foreign.details().get("errorName"));
        Evidence lab = Robustness.whole(new KerberosConversation(), Hex.resource("lab-kerberos-krb-error-lab-realm.hex"));
        assertTrue(lab.matched());
        assertEquals(6L, lab.details().get("errorCode"));
        assertEquals("LAB.PORTAUDIT.TEST", lab.details().get("realm"));
        assertEquals("20261122030329Z", lab.details().get("serverTime"));
    }

    @Test
    void sambaDnsAnswersFormerrToARootNsQueryWithoutRecursion() {
        Evidence e = Robustness.whole(new DnsConversation(), Hex.resource("lab-dns-tcp.hex"));
        assertTrue(e.matched());
        assertEquals("FORMERR", e.details().get("rcodeName"));
        assertEquals(1L, e.details().get("rcode"));
    }

    @Test
    void sambaNegotiatesSmb311AndRequiresSigningAsADcDoes() {
        Evidence e = Robustness.whole(new Smb2NegotiateConversation(), Hex.resource("lab-smb2-negotiate.hex"));
        assertTrue(e.matched());
        assertEquals("3.1.1", e.details().get("dialect"));
        assertEquals(true, e.details().get("signingRequired"));
        assertEquals("SMB 3.1.1, signing required", e.summary());
    }

    @Test
    void sambaAcceptsTheStarSmbServerSession() {
        Evidence e = Robustness.whole(new NetbiosSessionConversation(), Hex.resource("lab-netbios-session.hex"));
        assertTrue(e.matched());
        assertEquals("positive", e.details().get("sessionResponse"));
    }

    @Test
    void sambaEndpointMapperAcceptsTheBind() {
        Evidence e = Robustness.whole(new DceRpcEpmBindConversation(), Hex.resource("lab-dcerpc-epm-bind-ack.hex"));
        assertTrue(e.matched());
        assertEquals("acceptance", e.details().get("contextResult"));
        assertEquals("NDR", e.details().get("transferSyntax"));
        assertEquals(135L, e.details().get("secondaryAddress"));
    }
}
