package org.portaudit.scanner.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/** frame decoder, PDU decoder, fragment assembler, PDU encoder, conversation. */
final class EndpointMapperInitializer extends ChannelInitializer<Channel> {
    private static final RpcPduEncoder ENCODER = new RpcPduEncoder();
    private final EndpointMapperClient.Limits limits;
    private final EndpointMapperHandler handler;

    EndpointMapperInitializer(EndpointMapperClient.Limits limits, EndpointMapperHandler handler) {
        this.limits = limits;
        this.handler = handler;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("rpc-frame", new RpcFrameDecoder(limits.maxFragment()));
        p.addLast("rpc-pdu", new RpcPduDecoder());
        p.addLast("rpc-reassembly", new ResponseAssembler(limits.maxResponse()));
        p.addLast("rpc-encoder", ENCODER);
        p.addLast("epm", handler);
    }
}
