package org.portaudit.scanner.probes.proto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.dns.DefaultDnsQuery;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryEncoder;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Sanitize;

/**
 * DNS messages (RFC 1035 section 4) for 53/udp and 53/tcp, and the DNS-shaped header of the NetBIOS
 * name service (RFC 1002 4.2.1). Queries are built with Netty's DNS codec ({@link DefaultDnsQuery},
 * {@link TcpDnsQueryEncoder}, whose 2-byte TCP prefix is cut off here: framing is the caller's).
 * Replies: the 12-byte header is read here, questions and resource records by Netty's
 * {@link DnsRecordDecoder}. Netty bounds a name only by the message (a pointer chain in a 64 KiB
 * reply can expand one name to megabytes), so every name is first walked by the bounded
 * {@link DnsName} reader (255 octets, 32 pointers) and the record decoder only sees names that pass.
 */
public final class Dns {
    public static final int TYPE_NS = 2;
    public static final int TYPE_CNAME = 5;
    public static final int TYPE_SOA = 6;
    public static final int TYPE_PTR = 12;
    public static final int CLASS_IN = 1;
    public static final int HEADER = 12;
    private static final String[] RCODES = {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
        "NXRRSET", "NOTAUTH", "NOTZONE"};

    private Dns() {
    }

    /** RFC 1035 / RFC 2136 name of a response code; "RCODE n" for the others. */
    public static String rcodeName(int rcode) {
        return rcode >= 0 && rcode < RCODES.length ? RCODES[rcode] : "RCODE " + rcode;
    }

    /**
     * One question, no recursion desired, opcode QUERY: the message without any framing.
     *
     * @param qname dotted name, "." for the root; labels of 1..63 ASCII octets
     */
    public static byte[] query(int id, String qname, int qtype) {
        DnsName.encode(qname); // refuses what a DNS name cannot hold before Netty sees it
        DefaultDnsQuery q = new DefaultDnsQuery(id & 0xffff, DnsOpCode.QUERY);
        q.setRecursionDesired(false);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(qname, DnsRecordType.valueOf(qtype), CLASS_IN));
        EmbeddedChannel ch = new EmbeddedChannel(new TcpDnsQueryEncoder());
        try {
            ch.writeOutbound(q);
            ByteBuf framed = ch.readOutbound();
            try {
                return ByteBufUtil.getBytes(framed, framed.readerIndex() + 2, framed.readableBytes() - 2);
            } finally {
                framed.release();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** The fixed header of a DNS (or NetBIOS name service) message. */
    public record Header(int id, int flags, int questions, int answers, int authority, int additional) {
        public static Header read(Wire w) {
            return new Header(w.u16(), w.u16(), w.u16(), w.u16(), w.u16(), w.u16());
        }

        public boolean isResponse() {
            return (flags & 0x8000) != 0;
        }

        public int opcode() {
            return flags >> 11 & 0xf;
        }

        public int rcode() {
            return flags & 0xf;
        }

        public boolean authoritative() {
            return (flags & 0x0400) != 0;
        }

        public boolean truncated() {
            return (flags & 0x0200) != 0;
        }

        public boolean recursionAvailable() {
            return (flags & 0x0080) != 0;
        }
    }

    /**
     * A decoded reply: the header, the first SOA among answers and authority ("owner SOA mname"),
     * and whether the records we looked at parsed.
     */
    public record Response(Header header, String soa, boolean recordsParsed) {
    }

    /**
     * Decodes a whole message: the header must be there ({@link Malformed} otherwise); at most
     * {@code maxRecords} questions and records are read, and a record that does not parse ends the
     * walk with {@code recordsParsed} false rather than an exception.
     */
    public static Response decode(byte[] msg, int maxRecords) {
        Header h = Header.read(new Wire(msg));
        ByteBuf buf = Unpooled.wrappedBuffer(msg);
        buf.readerIndex(HEADER);
        String soa = null;
        boolean parsed = true;
        try {
            for (int i = 0; i < Math.min(h.questions(), maxRecords); i++) {
                checkNames(msg, buf.readerIndex(), false);
                DnsRecordDecoder.DEFAULT.decodeQuestion(buf);
            }
            int rrs = Math.min(h.answers() + h.authority(), maxRecords);
            for (int i = 0; i < rrs && soa == null; i++) {
                checkNames(msg, buf.readerIndex(), true);
                DnsRecord r = DnsRecordDecoder.DEFAULT.decodeRecord(buf);
                if (r == null) {
                    parsed = false; // the record is cut short
                    break;
                }
                try {
                    if (r.type().intValue() == TYPE_SOA && r instanceof DnsRawRecord raw) {
                        Wire at = new Wire(msg);
                        at.seek(raw.content().readerIndex());
                        soa = clean(dotless(r.name())) + " SOA " + clean(DnsName.read(at));
                    }
                } finally {
                    ReferenceCountUtil.release(r);
                }
            }
        } catch (Exception e) { // Malformed from the name check, or Netty's CorruptedFrameException / IndexOutOfBounds
            parsed = false;
        }
        return new Response(h, soa, parsed);
    }

    /**
     * Whether a message of {@code length} octets can hold the questions and records its header counts: a
     * question takes at least 5 octets (root name, type, class), a record at least 11. Counts it cannot hold
     * are not a DNS message's (random bytes behind a copied ID); callers refuse such a reply.
     */
    public static boolean countsFit(Header h, int length) {
        long least = (long) h.questions() * 5 + ((long) h.answers() + h.authority() + h.additional()) * 11;
        return least <= length - HEADER;
    }

    /**
     * Walks, with the bounded reader, the name at {@code pos} and, for a record whose data Netty
     * decompresses (NS, CNAME, PTR), the name in its data; throws {@link Malformed} when one is
     * too long, loops or runs out of the message.
     */
    private static void checkNames(byte[] msg, int pos, boolean record) {
        Wire w = new Wire(msg);
        w.seek(pos);
        DnsName.read(w);
        if (!record || w.remaining() < 10) {
            return;
        }
        int type = w.u16();
        w.skip(8); // class, ttl, rdlength
        if (type == TYPE_NS || type == TYPE_CNAME || type == TYPE_PTR) {
            DnsName.read(w);
        }
    }

    private static String dotless(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String clean(String s) {
        return Sanitize.text(s, 128);
    }

    /**
     * The evidence details of a reply, the same over UDP and TCP: {@code id}, {@code rcode} (a number)
     * and {@code rcodeName}, the flags as booleans, the counts as numbers, {@code opcode} when not
     * QUERY, {@code soa} when one was seen, and a {@code note} when records did not parse.
     */
    public static Map<String, Object> details(Response r) {
        Header h = r.header();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", h.id());
        d.put("rcode", h.rcode());
        d.put("rcodeName", rcodeName(h.rcode()));
        d.put("authoritative", h.authoritative());
        d.put("recursionAvailable", h.recursionAvailable());
        d.put("truncated", h.truncated());
        d.put("answers", h.answers());
        d.put("authority", h.authority());
        if (h.opcode() != 0) {
            d.put("opcode", h.opcode());
        }
        if (r.soa() != null) {
            d.put("soa", r.soa());
        }
        if (!r.recordsParsed()) {
            d.put("note", "records after the header could not be parsed");
        }
        return d;
    }
}
