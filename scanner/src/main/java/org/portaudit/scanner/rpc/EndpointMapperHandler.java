package org.portaudit.scanner.rpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.portaudit.scanner.engine.Failures;

/**
 * The endpoint-mapper conversation on one connection: bind to ept v3.0, then ept_lookup with the
 * returned entry_handle until the mapper says it has no more. Runs entirely on the channel's event loop;
 * completes {@code result} exactly once and closes the channel. A legitimate mapper (Windows, Samba)
 * keeps one context handle for the whole walk, so a repeated handle alone is not a loop: the walk stops
 * when the same batch comes back twice, when the handle returns to an earlier value after changing, or at
 * the call and entry limits.
 */
final class EndpointMapperHandler extends SimpleChannelInboundHandler<RpcPdu.Inbound> {
    static final int MAX_XMIT_FRAG = 5840;
    static final int MAX_RECV_FRAG = 5840;

    private final EndpointMapperClient.Limits limits;
    private final CompletableFuture<List<RpcEndpoint>> result;
    private final long timeoutMillis;
    private final String peer;

    private final Set<RpcEndpoint> endpoints = new LinkedHashSet<>();
    private final Set<String> handlesSeen = new HashSet<>();
    private ScheduledFuture<?> timeout;
    private int callId;
    private int calls;
    private int entriesSeen;
    private boolean bound;
    private byte[] lastHandle;
    private List<EptLookup.Entry> lastBatch;

    EndpointMapperHandler(EndpointMapperClient.Limits limits, long timeoutMillis, String peer,
                          CompletableFuture<List<RpcEndpoint>> result) {
        super(RpcPdu.Inbound.class);
        this.limits = limits;
        this.timeoutMillis = timeoutMillis;
        this.peer = peer;
        this.result = result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, new RpcException(RpcException.Kind.TIMEOUT,
                "no complete answer from endpoint mapper " + peer + " within " + timeoutMillis + " ms")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> {
            timeout.cancel(false);
            ctx.channel().close();
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new RpcPdu.Bind(++callId, MAX_XMIT_FRAG, MAX_RECV_FRAG, RpcPdu.EPM, RpcPdu.NDR))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        fail(ctx, new RpcException(RpcException.Kind.IO, "cannot send bind to " + peer + ": "
                                + Failures.describe(f.cause())));
                    }
                });
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RpcPdu.Inbound pdu) {
        if (result.isDone()) {
            return;
        }
        try {
            if (pdu.callId() != callId) {
                throw RpcException.malformed("answer for call " + pdu.callId() + " while waiting for call " + callId);
            }
            if (pdu instanceof RpcPdu.BindAck ack && !bound) {
                onBindAck(ctx, ack);
            } else if (pdu instanceof RpcPdu.BindNak nak && !bound) {
                throw new RpcException(RpcException.Kind.BIND_REJECTED,
                        "endpoint mapper " + peer + " rejected bind: " + nak.reasonName());
            } else if (pdu instanceof RpcPdu.Response resp && bound) {
                onResponse(ctx, resp);
            } else if (pdu instanceof RpcPdu.Fault fault) {
                throw new RpcException(RpcException.Kind.FAULT,
                        "endpoint mapper " + peer + " answered with fault " + fault.statusName());
            } else {
                throw RpcException.malformed("unexpected " + describe(pdu) + " from " + peer);
            }
        } catch (RpcException e) {
            fail(ctx, e);
        }
    }

    private void onBindAck(ChannelHandlerContext ctx, RpcPdu.BindAck ack) throws RpcException {
        if (ack.results().isEmpty()) {
            throw RpcException.malformed("bind_ack from " + peer + " without results");
        }
        RpcPdu.ContextResult r = ack.results().get(0);
        if (!r.accepted()) {
            throw new RpcException(RpcException.Kind.BIND_REJECTED, "endpoint mapper " + peer
                    + " rejected the ept v3.0 / NDR context (result " + r.result() + ", reason " + r.reason() + ")");
        }
        bound = true;
        sendLookup(ctx, new byte[EptLookup.HANDLE_LENGTH]);
    }

    private void onResponse(ChannelHandlerContext ctx, RpcPdu.Response resp) throws RpcException {
        EptLookup.Result r = EptLookup.decodeResponse(resp.stub(), limits.maxEntsPerCall());
        if (r.status() != 0 && r.status() != EptLookup.EPT_S_NOT_REGISTERED) {
            throw new RpcException(RpcException.Kind.FAULT,
                    String.format("endpoint mapper %s: ept_lookup status 0x%08x", peer, r.status()));
        }
        for (EptLookup.Entry e : r.entries()) {
            if (++entriesSeen > limits.maxEntries()) {
                throw new RpcException(RpcException.Kind.LIMIT, "endpoint mapper " + peer + " listed more than "
                        + limits.maxEntries() + " entries");
            }
            if (e.tower() != null) {
                endpoints.add(Tower.decode(e.tower()).toEndpoint(e.annotation()));
            }
        }
        boolean done = r.status() == EptLookup.EPT_S_NOT_REGISTERED || r.handleClosed() || r.entries().isEmpty();
        if (done) {
            result.complete(List.copyOf(endpoints));
            return;
        }
        if (r.entries().equals(lastBatch)) {
            throw new RpcException(RpcException.Kind.LIMIT, "endpoint mapper " + peer
                    + " returned the same entries twice; stopped");
        }
        String handleKey = Arrays.toString(r.entryHandle());
        if (lastHandle != null && !Arrays.equals(lastHandle, r.entryHandle()) && handlesSeen.contains(handleKey)) {
            throw new RpcException(RpcException.Kind.LIMIT, "endpoint mapper " + peer
                    + " returned an earlier entry_handle again; stopped");
        }
        if (calls >= limits.maxCalls()) {
            throw new RpcException(RpcException.Kind.LIMIT, "endpoint mapper " + peer + " did not end its list after "
                    + calls + " calls");
        }
        handlesSeen.add(handleKey);
        lastHandle = r.entryHandle();
        lastBatch = r.entries();
        sendLookup(ctx, r.entryHandle());
    }

    private void sendLookup(ChannelHandlerContext ctx, byte[] handle) {
        calls++;
        byte[] stub = EptLookup.requestStub(handle, limits.maxEntsPerCall());
        ctx.writeAndFlush(new RpcPdu.Request(++callId, 0, EptLookup.OPNUM, stub)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, new RpcException(RpcException.Kind.IO, "cannot send ept_lookup to " + peer + ": "
                        + Failures.describe(f.cause())));
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new RpcException(RpcException.Kind.IO, "endpoint mapper " + peer + " closed the connection "
                + (bound ? "after " + calls + " ept_lookup call(s)" : "before bind_ack")));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RpcException e) {
            fail(ctx, e);
        } else {
            fail(ctx, new RpcException(RpcException.Kind.IO, "endpoint mapper " + peer + ": " + Failures.describe(c)));
        }
    }

    private void fail(ChannelHandlerContext ctx, RpcException e) {
        if (!result.isDone()) {
            result.completeExceptionally(e.withPartial(new ArrayList<>(endpoints)));
        }
        ctx.channel().close();
    }

    private static String describe(RpcPdu.Inbound pdu) {
        return pdu instanceof RpcPdu.Other o ? "PDU type " + o.type() : pdu.getClass().getSimpleName() + " PDU";
    }
}
