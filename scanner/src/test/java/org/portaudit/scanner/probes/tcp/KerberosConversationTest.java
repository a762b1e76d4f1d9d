package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class KerberosConversationTest {
    private final KerberosConversation krb = new KerberosConversation(KerberosConversation.DEFAULT_REALM, 0x12345678);

    @Test
    void requestIsALengthPrefixedAsReqForANonExistentPrincipal() {
        // RFC 4120 5.4.1 AS-REQ, encoded independently of the production encoder.
        String expected = "000000af6a81ac3081a9a103020105a20302010aa4819c308199a00703050000000000a1293027a003020101"
                + "a120301e1b1c706f727461756469742d70726f62652d6e6f2d737563682d75736572a2131b11504f525441554449"
                + "542e494e56414c4944a3263024a003020102a11d301b1b066b72627467741b11504f525441554449542e494e5641"
                + "4c4944a511180f32303337303931333032343830355aa706020412345678a80b3009020112020111020117";
        try (Harness h = new Harness(krb)) {
            assertEquals(expected, Hex.of(h.sent()));
        }
    }

    @Test
    void randomNonceChangesBetweenRequests() {
        KerberosConversation random = new KerberosConversation();
        byte[] a;
        byte[] b;
        try (Harness h = new Harness(random)) {
            a = h.sent();
        }
        try (Harness h = new Harness(random)) {
            b = h.sent();
        }
        assertEquals(a.length > 0, true);
        assertNotEquals(Hex.of(a), Hex.of(b));
    }

    @Test
    void krbErrorIsRecognised() {
        Evidence e = Robustness.whole(krb, Hex.resource("kerberos-krb-error-spec.hex"));
        assertTrue(e.matched(), e.toString());
        assertEquals(68L, e.details().get("errorCode"));
        assertEquals("KDC_ERR_WRONG_REALM", e.details().get("errorName"));
        assertEquals("EXAMPLE.TEST", e.details().get("realm"));
        assertEquals("wrong realm", e.details().get("eText"));
        assertEquals("KRB-ERROR 68 (KDC_ERR_WRONG_REALM) from realm EXAMPLE.TEST", e.summary());
    }

    @Test
    void otherDerStructuresAreNotKerberos() {
        // A well-framed LDAP message is not a KDC reply.
        assertFalse(Robustness.whole(krb, Hex.bytes("0000000e 300c02010165070a010000040004 00")).matched());
        // KRB-ERROR shape but pvno 4.
        assertFalse(Robustness.whole(krb, Hex.bytes("0000000f 7e0d300ba003020104a103 02011ea6 00")).matched());
    }

    @Test
    void plainTextPeerIsNotKerberos() {
        byte[] smtp = "220 mail.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII);
        Evidence e = Robustness.whole(krb, smtp);
        assertFalse(e.matched());
        assertTrue(e.summary().contains("not Kerberos"), e.summary());
    }

    @Test
    void oversizedAnnouncedLengthIsRejectedAtOnce() {
        assertFalse(Robustness.immediate(krb, Hex.bytes("7fffffff")).matched());
    }
}
