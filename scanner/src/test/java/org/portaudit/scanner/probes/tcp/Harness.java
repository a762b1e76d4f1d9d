package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import java.io.ByteArrayOutputStream;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/** One conversation on an {@link EmbeddedChannel}: what it sent, feeding it bytes, its evidence. */
final class Harness implements AutoCloseable {
    final EmbeddedChannel channel;
    final Promise<Evidence> result;

    Harness(TcpConversation conversation) {
        channel = new EmbeddedChannel();
        result = channel.eventLoop().newPromise();
        conversation.start(channel, result);
        channel.runPendingTasks();
    }

    /** Every byte written to the peer so far. */
    byte[] sent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            try {
                out.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
        return out.toByteArray();
    }

    /** Delivers bytes from the peer (rethrows anything a handler let out of the pipeline). */
    Harness feed(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.checkException();
        return this;
    }

    /** Delivers bytes one at a time, as a slow peer would. */
    Harness drip(byte[] bytes) {
        for (byte b : bytes) {
            feed(new byte[] {b});
        }
        return this;
    }

    /** The peer closes the connection. */
    Harness peerCloses() {
        channel.close();
        channel.runPendingTasks();
        channel.checkException();
        return this;
    }

    boolean done() {
        return result.isDone();
    }

    Evidence evidence() {
        assertTrue(result.isDone(), "conversation should have reached a verdict");
        return result.getNow();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
