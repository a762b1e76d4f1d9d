package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.probes.proto.Dns;
import org.portaudit.scanner.probes.proto.Malformed;

/**
 * DNS over TCP for a domain controller of a known domain: on one connection (RFC 7766 allows several
 * queries), first the SOA of the AD zone, then, once that is answered, the SRV records domain members use
 * to find a DC ({@code _ldap._tcp.dc._msdcs.<domain>}, MS-ADTS 6.3.2.3). The first reply with our ID and
 * QR set proves a DNS server, whatever it says; the details record what each query got, so the judge can
 * tell a DC whose DNS does not serve its own zone or its locator records. A server that answers the first
 * query only (it closes, or is silent for {@link #SECOND_WAIT_MILLIS}) still proves DNS; the locator is
 * then unknown, not missing.
 */
final class DnsLocatorConversation implements TcpConversation {
    static final int ZONE_ID = 0x5042;
    static final int LOCATOR_ID = 0x5043;
    static final int TYPE_SRV = 33;
    static final long SECOND_WAIT_MILLIS = 2000;
    private static final int MAX_RRS = 32;

    private final String domain;
    private final byte[] zoneQuery;
    private final byte[] locatorQuery;

    /** @param domain the AD DNS domain (lab.example); its names must be valid DNS names */
    DnsLocatorConversation(String domain) {
        this.domain = domain;
        this.zoneQuery = Dns.query(ZONE_ID, domain, Dns.TYPE_SOA);
        this.locatorQuery = Dns.query(LOCATOR_ID, locatorName(domain), TYPE_SRV);
    }

    static String locatorName(String domain) {
        return "_ldap._tcp.dc._msdcs." + domain;
    }

    @Override
    public String name() {
        return DnsConversation.NAME;
    }

    @Override
    public void start(Channel channel, Promise<Evidence> result) {
        channel.pipeline().addLast(DnsLocatorConversation.class.getSimpleName(), new Exchange(result));
        send(channel, zoneQuery, result);
    }

    private static void send(Channel channel, byte[] query, Promise<Evidence> result) {
        ByteBuf out = channel.alloc().buffer(2 + query.length).writeShort(query.length).writeBytes(query);
        channel.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.trySuccess(Evidence.of(DnsConversation.NAME, "query not sent: the connection failed", false));
            }
        });
    }

    /** The two exchanges of one connection; bounded to one message of at most 64 KiB at a time. */
    private final class Exchange extends ChannelInboundHandlerAdapter {
        private final Promise<Evidence> result;
        private final Map<String, Object> details = new LinkedHashMap<>();
        private ByteBuf reply;
        private Dns.Response zone;
        private String zoneSummary;

        Exchange(Promise<Evidence> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (result.isDone() || !(msg instanceof ByteBuf in)) {
                    return;
                }
                if (reply == null) {
                    reply = ctx.alloc().heapBuffer(512, 2 + 65535);
                }
                int take = Math.min(in.readableBytes(), reply.maxWritableBytes());
                reply.writeBytes(in, in.readerIndex(), take);
                judge(ctx);
            } catch (MalformedReplyException | Malformed e) {
                conclude(zone == null ? Replies.mismatch(DnsConversation.NAME, e.getMessage(), reply)
                        : withZoneOnly("the reply to the second query is not DNS (" + e.getMessage() + ")"));
            } catch (RuntimeException e) {
                conclude(zone == null ? Replies.mismatch(DnsConversation.NAME, "undecodable reply", reply)
                        : withZoneOnly("the reply to the second query could not be decoded"));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void judge(ChannelHandlerContext ctx) {
            int body = Frames.prefixedBody(reply, 2, Dns.HEADER, 65535, "DNS");
            if (body < 0) {
                return;
            }
            Dns.Response r = Dns.decode(ByteBufUtil.getBytes(reply, reply.readerIndex() + 2, body), MAX_RRS);
            reply.skipBytes(2 + body).discardReadBytes();
            int id = zone == null ? ZONE_ID : LOCATOR_ID;
            Dns.Header h = r.header();
            if (h.id() != id || !h.isResponse() || h.opcode() != 0) {
                throw new MalformedReplyException("not DNS: no response to our query (ID, QR or OPCODE differ)");
            }
            if (!Dns.countsFit(h, body)) {
                throw new MalformedReplyException("not DNS: the header counts more records than the message holds");
            }
            if (zone == null) {
                zone = r;
                details.putAll(Dns.details(r));
                details.put("zone", domain);
                details.put("zoneServed", servesZone(r));
                zoneSummary = "DNS response " + Dns.rcodeName(h.rcode()) + " for the SOA of " + domain
                        + (r.soa() != null ? " (" + r.soa() + ")" : "") + (h.authoritative() ? ", authoritative" : "");
                send(ctx.channel(), locatorQuery, result);
                ctx.executor().schedule(() -> conclude(withZoneOnly("no reply to the second query within "
                        + SECOND_WAIT_MILLIS + " ms")), SECOND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                judge(ctx); // a server may already have sent more
                return;
            }
            details.put("locator", locatorName(domain));
            details.put("locatorRcode", h.rcode());
            details.put("locatorRcodeName", Dns.rcodeName(h.rcode()));
            details.put("locatorAnswers", h.answers());
            details.put("locatorServed", h.rcode() == 0 && h.answers() > 0 && r.recordsParsed());
            conclude(new Evidence(DnsConversation.NAME, zoneSummary + "; " + Dns.rcodeName(h.rcode()) + " with "
                    + h.answers() + " answer(s) for SRV " + locatorName(domain), true, details));
        }

        /** The zone's SOA is in the answer, from a server authoritative for it. */
        private boolean servesZone(Dns.Response r) {
            return r.header().rcode() == 0 && r.header().answers() > 0 && r.soa() != null
                    && r.header().authoritative();
        }

        private Evidence withZoneOnly(String why) {
            details.put("locator", locatorName(domain));
            details.put("locatorNote", why);
            return new Evidence(DnsConversation.NAME, zoneSummary + "; the locator records were not checked: " + why,
                    true, details);
        }

        private void conclude(Evidence e) {
            if (result.trySuccess(e) && reply != null) {
                reply.release();
                reply = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!result.isDone()) {
                conclude(zone == null ? Replies.mismatch(DnsConversation.NAME, reply != null && reply.isReadable()
                        ? "connection closed during a reply" : "connection closed without a reply", reply)
                        : withZoneOnly("the server closed the connection after the first reply"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            conclude(zone == null ? Evidence.of(DnsConversation.NAME, "connection error", false)
                    : withZoneOnly("the connection failed after the first reply"));
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (reply != null) {
                reply.release();
                reply = null;
            }
        }
    }
}
