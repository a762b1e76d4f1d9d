package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Netbios;

/**
 * NetBIOS session service (RFC 1002 4.3.2): a SESSION REQUEST to the called name *SMBSERVER. A
 * positive (0x82), negative (0x83) or retarget (0x84) session response proves the service.
 */
final class NetbiosSessionConversation extends ExchangeConversation {
    static final String NAME = "netbios-session";
    static final String CALLED = "*SMBSERVER";
    static final String CALLING = "PORTAUDIT";

    NetbiosSessionConversation() {
        super(NAME, 1024);
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        ByteBuf m = alloc.buffer(72);
        m.writeByte(0x81).writeByte(0).writeShort(68); // SESSION REQUEST, flags, length
        m.writeBytes(Netbios.encodeName(CALLED, 0x20));
        m.writeBytes(Netbios.encodeName(CALLING, 0x00));
        return m;
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        int at = reply.readerIndex();
        // Skip session keep-alives (type 0x85, no payload).
        while (reply.writerIndex() - at >= 4 && reply.getUnsignedByte(at) == 0x85 && reply.getMedium(at + 1) == 0) {
            at += 4;
        }
        if (reply.writerIndex() - at < 4) {
            return Verdict.NEED_MORE;
        }
        int type = reply.getUnsignedByte(at);
        int flags = reply.getUnsignedByte(at + 1);
        int length = reply.getUnsignedShort(at + 2);
        int expected = switch (type) {
            case 0x82 -> 0;
            case 0x83 -> 1;
            case 0x84 -> 6;
            default -> -1;
        };
        if (expected < 0 || (flags & 0xfe) != 0 || length != expected) {
            throw new MalformedReplyException("not NetBIOS: no session response to a SESSION REQUEST");
        }
        if (reply.writerIndex() - at - 4 < length) {
            return Verdict.NEED_MORE;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        String summary;
        if (type == 0x82) {
            details.put("sessionResponse", "positive");
            summary = "NetBIOS positive session response for " + CALLED;
        } else if (type == 0x83) {
            int code = reply.getUnsignedByte(at + 4);
            details.put("sessionResponse", "negative");
            details.put("errorCode", code);
            summary = String.format("NetBIOS negative session response (0x%02x)", code);
        } else {
            String target = String.format("%d.%d.%d.%d:%d", reply.getUnsignedByte(at + 4), reply.getUnsignedByte(at + 5),
                    reply.getUnsignedByte(at + 6), reply.getUnsignedByte(at + 7), reply.getUnsignedShort(at + 8));
            details.put("sessionResponse", "retarget");
            details.put("retarget", target);
            details.put("retargetPort", reply.getUnsignedShort(at + 8));
            summary = "NetBIOS retarget session response to " + target;
        }
        return Verdict.done(new Evidence(NAME, summary, true, details));
    }
}
