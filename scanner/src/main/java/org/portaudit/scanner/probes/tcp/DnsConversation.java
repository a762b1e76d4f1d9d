package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Evidence;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): a 2-byte length, then a query for the root's NS records
 * without recursion. A response (QR set) with our ID, whatever its RCODE, proves a DNS server.
 */
final class DnsConversation extends ExchangeConversation {
    static final String NAME = "dns-tcp";
    static final int QUERY_ID = 0x5041;

    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};

    DnsConversation() {
        super(NAME, DEFAULT_MAX_REPLY);
    }

    /** The query message (without the TCP length prefix). */
    static byte[] query() {
        return new byte[] {
            (byte) (QUERY_ID >> 8), (byte) QUERY_ID, // ID
            0x00, 0x00,                             // QR=0 query, OPCODE 0, RD=0
            0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // QD=1, AN=NS=AR=0
            0x00,                                   // QNAME: the root
            0x00, 0x02,                             // QTYPE NS
            0x00, 0x01,                             // QCLASS IN
        };
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        byte[] q = query();
        return alloc.buffer(2 + q.length).writeShort(q.length).writeBytes(q);
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        int body = Frames.prefixedBody(reply, 2, 12, 65535, "DNS");
        if (body < 0) {
            return Verdict.NEED_MORE;
        }
        int p = reply.readerIndex() + 2;
        int id = reply.getUnsignedShort(p);
        int flags = reply.getUnsignedShort(p + 2);
        if (id != QUERY_ID || (flags & 0x8000) == 0 || (flags >> 11 & 0xf) != 0) {
            throw new MalformedReplyException("not DNS: no response to our query (ID, QR or OPCODE differ)");
        }
        int rcode = flags & 0xf;
        String rcodeName = rcode < RCODES.length ? RCODES[rcode] : "RCODE " + rcode;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rcode", rcodeName);
        details.put("authoritative", Boolean.toString((flags & 0x0400) != 0));
        details.put("recursionAvailable", Boolean.toString((flags & 0x0080) != 0));
        details.put("answers", Integer.toString(reply.getUnsignedShort(p + 6)));
        return Verdict.done(new Evidence(NAME, "DNS response " + rcodeName + " with "
                + details.get("answers") + " answer(s)", true, details));
    }
}
