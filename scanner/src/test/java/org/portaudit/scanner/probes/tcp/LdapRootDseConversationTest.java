package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class LdapRootDseConversationTest {
    private final LdapRootDseConversation ldap = new LdapRootDseConversation();

    @Test
    void requestIsAnAnonymousBaseSearchOfTheRootDse() {
        // RFC 4511 4.5.1, written out field by field.
        // (the attribute list reaches 150 bytes: the lengths take the long form, 0x81 and one length octet)
        String expected = "308196" + "020101"                 // LDAPMessage, messageID 1
                + "638190"                                     // [APPLICATION 3] SearchRequest
                + "0400"                                       // baseObject ""
                + "0a0100" + "0a0100"                          // scope baseObject, derefAliases never
                + "020100" + "020100" + "010100"               // sizeLimit 0, timeLimit 0, typesOnly FALSE
                + "870b" + Hex.of("objectClass".getBytes(StandardCharsets.US_ASCII)) // (objectClass=*)
                + "3070"
                + "040e" + Hex.of("namingContexts".getBytes(StandardCharsets.US_ASCII))
                + "0414" + Hex.of("defaultNamingContext".getBytes(StandardCharsets.US_ASCII))
                + "040b" + Hex.of("dnsHostName".getBytes(StandardCharsets.US_ASCII))
                + "040f" + Hex.of("ldapServiceName".getBytes(StandardCharsets.US_ASCII))
                + "0414" + Hex.of("supportedLDAPVersion".getBytes(StandardCharsets.US_ASCII))
                + "0414" + Hex.of("isGlobalCatalogReady".getBytes(StandardCharsets.US_ASCII)); // issue 12: is it a GC
        try (Harness h = new Harness(ldap)) {
            assertEquals(expected, Hex.of(h.sent()));
            assertFalse(h.done());
        }
    }

    @Test
    void searchResultEntryIsRecognisedWithItsDetails() {
        Evidence e = Robustness.whole(ldap, Hex.resource("ldap-rootdse-spec.hex"));
        assertTrue(e.matched(), e.toString());
        assertEquals("ldap-rootdse", e.probe());
        assertEquals("dc1.example.test", e.details().get("dnsHostName"));
        assertEquals("DC=example,DC=test", e.details().get("defaultNamingContext"));
        assertEquals("DC=example,DC=test; CN=Configuration,DC=example,DC=test; "
                + "CN=Schema,CN=Configuration,DC=example,DC=test", e.details().get("namingContexts"));
        assertEquals("2; 3", e.details().get("supportedLDAPVersion"));
        assertTrue(e.summary().contains("dc1.example.test"), e.summary());
    }

    @Test
    void refusedSearchIsStillLdap() {
        Evidence e = Robustness.whole(ldap, Hex.bytes("300c02010165070a010104000400"));
        assertTrue(e.matched());
        assertEquals("resultCode 1", e.details().get("ldapResult"));
        assertTrue(e.summary().startsWith("LDAP rootDSE search refused (resultCode 1)"), e.summary());
    }

    /** resultCode 0 is success: a searchResDone without an entry is an empty answer, not a refusal (issue 14, 11). */
    @Test
    void anEmptySuccessfulSearchIsNotCalledRefused() {
        Evidence e = Robustness.whole(ldap, Hex.bytes("300c02010165070a010004000400"));
        assertTrue(e.matched());
        assertTrue(e.summary().startsWith("LDAP rootDSE search returned no entry (resultCode 0)"), e.summary());
    }

    @Test
    void httpServerOnTheLdapPortIsNotLdap() {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Harness h = new Harness(ldap)) {
            h.sent();
            h.feed(http);
            Evidence e = h.evidence(); // decided on the first byte, without waiting for a close
            assertFalse(e.matched());
            assertTrue(e.summary().contains("HTTP/1.1 400"), e.summary());
            assertTrue(e.text("replyHex").orElseThrow().startsWith("48545450"));
        }
    }

    @Test
    void foreignMessageIdIsNotOurReply() {
        Evidence e = Robustness.whole(ldap, Hex.bytes("300c02010765070a010000040004 00"));
        assertFalse(e.matched());
    }

    @Test
    void hugeAnnouncedLengthIsRejectedAtOnce() {
        assertFalse(Robustness.immediate(ldap, Hex.bytes("3084 7fffffff 020101")).matched());
    }

    @Test
    void indefiniteLengthAndOverlongLengthOctetsAreRejected() {
        assertFalse(Robustness.whole(ldap, Hex.bytes("3080020101")).matched());
        assertFalse(Robustness.whole(ldap, Hex.bytes("3085 0000000010 020101")).matched());
    }

    @Test
    void innerLengthOverrunningItsContainerIsMalformed() {
        // SEQUENCE of 5 bytes holding an INTEGER that claims 100.
        assertFalse(Robustness.whole(ldap, Hex.bytes("3005 0264 01 02 03")).matched());
    }
}
