package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.UdpPayload;
import org.portaudit.scanner.probes.proto.DetailRules;

/**
 * Every UDP payload over every reply captured from the lab's Samba DC: whatever the payload makes of
 * a reply, its details are typed and lowerCamelCase. Each capture is matched by the payload that asked
 * for it (built with the capture's transaction ID), so the rules are checked on real evidence.
 */
class StoredRepliesDetailsTest {
    /** The payload that sent each capture, with the IDs the captures carry. */
    private static Map<String, UdpPayload> askers() {
        Map<String, UdpPayload> m = new LinkedHashMap<>();
        m.put("dc-cldap-389.hex", CldapPayload.netlogonPing("lab.portaudit.test", 7));
        m.put("dc-cldap-389-no-domain.hex", CldapPayload.netlogonPing(null, 9));
        m.put("dc-cldap-389-rootdse.hex", CldapPayload.rootDse(11));
        m.put("dc-dns-53.hex", new DnsPayload("lab.portaudit.test", 0x1235));
        m.put("dc-dns-53-root.hex", new DnsPayload(0x1234));
        KerberosAsReqPayload asReq = new KerberosAsReqPayload("lab.portaudit.test", "portaudit-probe-0a0b0c0d0e0f", 0x01020304L);
        m.put("dc-kerberos-88.hex", asReq);
        m.put("dc-kerberos-88-wrong-realm.hex", asReq);
        m.put("dc-kpasswd-464.hex", new KpasswdPayload("lab.portaudit.test", new SplittableRandom(3)));
        m.put("dc-netbios-137.hex", new NetbiosNodeStatusPayload(0xbeef));
        return m;
    }

    @Test
    void everyPayloadOverEveryStoredReplyGivesTypedDetails() throws Exception {
        Map<String, UdpPayload> askers = askers();
        List<UdpPayload> all = new ArrayList<>(askers.values());
        UdpPayloads payloads = UdpPayloads.create(UdpPayloads.Options.defaults().withDomain("lab.portaudit.test")
                .withRadiusSecret("secret"), new SplittableRandom(1));
        for (int port : payloads.ports()) {
            all.addAll(payloads.payloadsFor(port));
        }
        List<Path> replies = DetailRules.storedReplies("/probes/udp");
        assertEquals(askers.keySet().size(), replies.size(), "every capture has its asker: " + replies);
        int checked = 0;
        for (Path file : replies) {
            byte[] reply = PayloadTesting.hexResource(file.getFileName().toString());
            UdpPayload asker = askers.get(file.getFileName().toString());
            DetailRules.assertTyped(PayloadTesting.matched(asker, reply));
            for (UdpPayload p : all) {
                Optional<Evidence> e = PayloadTesting.match(p, reply);
                if (e.isPresent()) {
                    DetailRules.assertTyped(e.get());
                    checked++;
                }
            }
        }
        assertTrue(checked >= replies.size(), "each capture was judged by at least its asker: " + checked);
    }
}
