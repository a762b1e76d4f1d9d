package org.portaudit.scanner.engine;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import org.portaudit.reports.model.Evidence;

/**
 * Protocol knowledge for confirming a TCP service after the connect succeeded (LDAP rootDSE, TLS
 * handshake, SMB2 NEGOTIATE, banners ...). Implementations live in the {@code probes} package.
 */
public interface TcpConversation {
    /** Short stable name used in evidence ("ldap-rootdse", "tls", "smb2-negotiate" ...). */
    String name();

    /**
     * Called on the channel's event loop right after the connect. Installs its own handlers on
     * {@code channel.pipeline()}, talks the protocol and completes {@code result} with evidence
     * (matched = false when the peer spoke something else). The engine enforces the overall time
     * and byte limits and closes the channel afterwards; implementations must not block.
     */
    void start(Channel channel, Promise<Evidence> result);
}
