package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.probes.proto.DetailRules;

/**
 * Every TCP conversation over every stored reply (captures from the lab and the examples of the
 * specs): matched evidence and mismatch evidence alike have typed, lowerCamelCase details, and each
 * reply is matched by at least one conversation, so the rules are checked on real evidence.
 */
class StoredRepliesDetailsTest {
    @Test
    void everyConversationOverEveryStoredReplyGivesTypedDetails() {
        Map<String, TcpConversation> byName = new LinkedHashMap<>();
        TcpConversations defaults = TcpConversations.defaults();
        for (int port : defaults.ports().keySet()) {
            defaults.forPort(port).ifPresent(c -> byName.putIfAbsent(c.name(), c));
        }
        byName.put("kerberos-lab", new KerberosConversation("LAB.PORTAUDIT.TEST", 1));
        List<TcpConversation> all = new ArrayList<>(byName.values());
        List<Path> replies = DetailRules.storedReplies("/probes/tcp");
        assertTrue(replies.size() >= 15, "stored replies: " + replies);
        for (Path file : replies) {
            byte[] reply = Hex.resource(file.getFileName().toString());
            int matched = 0;
            for (TcpConversation c : all) {
                if (c instanceof TlsConversation || c instanceof RdpTlsConversation) {
                    continue; // a TLS handshake, not a reply to decode: covered by TlsConversationTest
                }
                Evidence e = Robustness.whole(c, reply);
                DetailRules.assertTyped(e);
                matched += e.matched() ? 1 : 0;
            }
            assertTrue(matched >= 1, file.getFileName() + " is recognised by some conversation");
        }
    }
}
