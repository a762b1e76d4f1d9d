package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.Failures;
import org.portaudit.scanner.probes.proto.Malformed;

/**
 * Gathers a peer's reply into one buffer of at most {@code maxReplyBytes}, asks the conversation
 * to judge it after every read and at the peer's close, and completes the promise once. Bytes past
 * the bound and bytes after the verdict are dropped. Nothing it does can throw out of the pipeline.
 */
final class ReplyCollector extends ChannelInboundHandlerAdapter {
    private final ExchangeConversation conversation;
    private final Promise<Evidence> result;
    private ByteBuf reply;
    private boolean overflowed;

    ReplyCollector(ExchangeConversation conversation, Promise<Evidence> result) {
        this.conversation = conversation;
        this.result = result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone() || !(msg instanceof ByteBuf in)) {
                return;
            }
            if (reply == null) {
                reply = ctx.alloc().heapBuffer(Math.min(1024, conversation.maxReplyBytes()),
                        conversation.maxReplyBytes());
            }
            int room = conversation.maxReplyBytes() - reply.readableBytes();
            int take = Math.min(room, in.readableBytes());
            reply.writeBytes(in, in.readerIndex(), take);
            if (take < in.readableBytes()) {
                overflowed = true;
            }
            judge(false);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!result.isDone()) {
            judge(true);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // A half-close (the peer's FIN with ALLOW_HALF_CLOSURE) means no more bytes will come.
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent && !result.isDone()) {
            judge(true);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.trySuccess(Evidence.of(conversation.name(), "connection error: " + Failures.describe(cause), false));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (reply != null) {
            reply.release();
            reply = null;
        }
    }

    private void judge(boolean ended) {
        try {
            judgeSoFar(ended);
        } finally {
            if (result.isDone() && reply != null) {
                reply.release(); // the verdict is in: later bytes are dropped, so free these now
                reply = null;
            }
        }
    }

    private void judgeSoFar(boolean ended) {
        String name = conversation.name();
        ByteBuf seen = reply != null ? reply : io.netty.buffer.Unpooled.EMPTY_BUFFER;
        try {
            Verdict v = conversation.judge(seen, ended);
            if (v.isDone()) {
                result.trySuccess(v.evidence());
            } else if (overflowed || seen.readableBytes() >= conversation.maxReplyBytes()) {
                result.trySuccess(Replies.mismatch(name,
                        "reply not recognised within " + conversation.maxReplyBytes() + " bytes", seen));
            } else if (ended) {
                result.trySuccess(Replies.mismatch(name, seen.isReadable()
                        ? "connection closed after " + seen.readableBytes() + " bytes of an incomplete reply"
                        : "connection closed without a reply", seen));
            }
        } catch (MalformedReplyException | Malformed e) {
            result.trySuccess(Replies.mismatch(name, e.getMessage(), seen));
        } catch (RuntimeException e) {
            result.trySuccess(Replies.mismatch(name, "undecodable reply (" + Failures.describe(e) + ")", seen));
        }
    }
}
