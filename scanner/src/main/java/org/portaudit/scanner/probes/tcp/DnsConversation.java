package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Dns;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): a 2-byte length, then a query for the root's NS records
 * without recursion. A response (QR set) with our ID, whatever its RCODE, proves a DNS server. The
 * message is {@link Dns}'s; this class keeps the length prefix.
 */
final class DnsConversation extends ExchangeConversation {
    static final String NAME = "dns-tcp";
    static final int QUERY_ID = 0x5041;
    private static final int MAX_RRS = 16;
    private static final byte[] QUERY = Dns.query(QUERY_ID, ".", Dns.TYPE_NS);

    DnsConversation() {
        super(NAME, DEFAULT_MAX_REPLY);
    }

    /** The query message (without the TCP length prefix). */
    static byte[] query() {
        return QUERY.clone();
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        return alloc.buffer(2 + QUERY.length).writeShort(QUERY.length).writeBytes(QUERY);
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        int body = Frames.prefixedBody(reply, 2, Dns.HEADER, 65535, "DNS");
        if (body < 0) {
            return Verdict.NEED_MORE;
        }
        Dns.Response r = Dns.decode(ByteBufUtil.getBytes(reply, reply.readerIndex() + 2, body), MAX_RRS);
        Dns.Header h = r.header();
        if (h.id() != QUERY_ID || !h.isResponse() || h.opcode() != 0) {
            throw new MalformedReplyException("not DNS: no response to our query (ID, QR or OPCODE differ)");
        }
        if (!Dns.countsFit(h, body)) {
            throw new MalformedReplyException("not DNS: the header counts more records than the message holds");
        }
        return Verdict.done(new Evidence(NAME, "DNS response " + Dns.rcodeName(h.rcode()) + " with "
                + h.answers() + " answer(s)", true, Dns.details(r)));
    }
}
