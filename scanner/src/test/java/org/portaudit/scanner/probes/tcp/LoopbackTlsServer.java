package org.portaudit.scanner.probes.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.engine.TcpConversation;

/**
 * A TLS server on 127.0.0.1, port 0, with a self-signed certificate made for the test by the JDK's
 * keytool (the classpath has no BouncyCastle for Netty's SelfSignedCertificate).
 */
final class LoopbackTlsServer implements AutoCloseable {
    static final String CN = "tls-test.portaudit.invalid";
    static final int VALIDITY_DAYS = 30;
    private static final char[] PASSWORD = "portaudit-test".toCharArray();

    final X509Certificate certificate;
    final SslContext serverContext;
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private Channel server;

    /** Makes the key and certificate in {@code dir}. */
    LoopbackTlsServer(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + CN + ", O=portaudit test", "-ext", "SAN=dns:" + CN + ",ip:127.0.0.1",
                "-validity", Integer.toString(VALIDITY_DAYS), "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        certificate = (X509Certificate) ks.getCertificate("server");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        serverContext = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
    }

    /** Starts serving; {@code perConnection} makes the first handler of each accepted connection. */
    InetSocketAddress start(Function<SslContext, ChannelHandler> perConnection) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(perConnection.apply(serverContext));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** Connects to {@code address}, runs {@code conversation} and waits (bounded) for its evidence. */
    Evidence converse(InetSocketAddress address, TcpConversation conversation) throws Exception {
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        try {
            Promise<Evidence> result = ch.eventLoop().newPromise();
            ch.eventLoop().execute(() -> conversation.start(ch, result));
            return result.get(20, TimeUnit.SECONDS);
        } finally {
            ch.close().sync();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
