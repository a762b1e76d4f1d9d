package org.portaudit.scanner.probes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.portaudit.reports.model.Evidence;

/**
 * Protocols where the server speaks first: read its greeting line (at most 1 KiB) and check it
 * starts the way the protocol's greeting does. SMTP and FTP both greet with 220; a greeting that
 * names the other protocol (and not its own) does not count.
 */
final class BannerConversation extends ExchangeConversation {
    static final int MAX_LINE = 1024;

    private final String protocol;
    private final List<String> greetings;
    private final String foreignWord;

    /**
     * @param greetings   how a greeting line may start; each is followed by a space, '-', '[' or the line's end
     * @param foreignWord a word that, appearing without {@code protocol}'s own name, marks another protocol; or null
     */
    private BannerConversation(String name, String protocol, List<String> greetings, String foreignWord) {
        super(name, MAX_LINE);
        this.protocol = protocol;
        this.greetings = greetings;
        this.foreignWord = foreignWord;
    }

    /** RFC 5321 4.2: 220 service ready (554 is an SMTP server refusing service). */
    static BannerConversation smtp() {
        return new BannerConversation("smtp-banner", "SMTP", List.of("220", "554"), "FTP");
    }

    /** RFC 1939 4: +OK (or -ERR, a POP3 server refusing). */
    static BannerConversation pop3() {
        return new BannerConversation("pop3-banner", "POP3", List.of("+OK", "-ERR"), null);
    }

    /** RFC 9051 7.1: untagged OK, PREAUTH or BYE greeting. */
    static BannerConversation imap() {
        return new BannerConversation("imap-banner", "IMAP", List.of("* OK", "* PREAUTH", "* BYE"), null);
    }

    /** RFC 3977 5.1.1: 200 posting allowed, 201 posting prohibited. */
    static BannerConversation nntp() {
        return new BannerConversation("nntp-banner", "NNTP", List.of("200", "201"), null);
    }

    /** RFC 959 4.2: 220 service ready for new user. */
    static BannerConversation ftp() {
        return new BannerConversation("ftp-banner", "FTP", List.of("220"), "SMTP");
    }

    String protocol() {
        return protocol;
    }

    @Override
    protected ByteBuf request(ByteBufAllocator alloc, SocketAddress peer) {
        return null;
    }

    @Override
    protected Verdict judge(ByteBuf reply, boolean ended) {
        if (!reply.isReadable()) {
            return Verdict.NEED_MORE;
        }
        String line = Replies.firstLine(reply, MAX_LINE);
        if (line == null) {
            // No complete line yet: wait only while the bytes could still begin a greeting.
            byte[] head = new byte[Math.min(reply.readableBytes(), 16)];
            reply.getBytes(reply.readerIndex(), head);
            if (!ended && couldStartGreeting(new String(head, StandardCharsets.ISO_8859_1))) {
                return Verdict.NEED_MORE;
            }
            line = Replies.text(ByteBufUtil.getBytes(reply), MAX_LINE);
        }
        String greeting = greetingOf(line);
        if (greeting == null) {
            throw new MalformedReplyException("not " + protocol + ": greeting does not start with "
                    + String.join(" or ", greetings));
        }
        String upper = line.toUpperCase(Locale.ROOT);
        if (foreignWord != null && upper.contains(foreignWord) && !upper.contains(protocol)) {
            throw new MalformedReplyException("not " + protocol + ": greeting names " + foreignWord);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("banner", line);
        details.put("greeting", greeting);
        return Verdict.done(new Evidence(name(), protocol + " greeting: " + line, true, details));
    }

    private boolean couldStartGreeting(String start) {
        for (String g : greetings) {
            if (start.length() <= g.length() ? g.startsWith(start) : greetingOf(start) != null) {
                return true;
            }
        }
        return false;
    }

    private String greetingOf(String line) {
        for (String g : greetings) {
            if (line.startsWith(g)) {
                if (line.length() == g.length()) {
                    return g;
                }
                char next = line.charAt(g.length());
                if (next == ' ' || next == '-' || next == '[' || next == '\r') {
                    return g;
                }
            }
        }
        return null;
    }
}
