package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portaudit.scanner.engine.TcpConversation;
import org.portaudit.scanner.probes.proto.Ber;

/**
 * Every conversation against hostile peers: each known-good reply (built from the spec or captured
 * from the lab) cut at every length, dripped a byte at a time; and random garbage.
 */
class HostilePeersTest {
    static Stream<Arguments> replies() {
        return Stream.of(
                good("ldap spec", LdapRootDseConversation::new, "ldap-rootdse-spec.hex", true),
                good("ldap lab 389", LdapRootDseConversation::new, "lab-ldap-rootdse-389.hex", true),
                good("kerberos spec", KerberosConversation::new, "kerberos-krb-error-spec.hex", false),
                good("kerberos lab", KerberosConversation::new, "lab-kerberos-krb-error-lab-realm.hex", false),
                good("dns spec", DnsConversation::new, "dns-refused-spec.hex", false),
                good("dns lab", DnsConversation::new, "lab-dns-tcp.hex", false),
                good("smb2 spec", Smb2NegotiateConversation::new, "smb2-negotiate-311-spec.hex", false),
                good("smb2 lab", Smb2NegotiateConversation::new, "lab-smb2-negotiate.hex", false),
                good("netbios lab", NetbiosSessionConversation::new, "lab-netbios-session.hex", false),
                good("epm spec", DceRpcEpmBindConversation::new, "dcerpc-epm-bind-ack-spec.hex", false),
                good("epm lab", DceRpcEpmBindConversation::new, "lab-dcerpc-epm-bind-ack.hex", false),
                good("tds spec", TdsPreloginConversation::new, "tds-prelogin-response-spec.hex", false),
                Arguments.of("http lab", (Supplier<TcpConversation>) HttpHeadConversation::new,
                        Hex.resource("lab-http-head.hex"), "HTTP/1.1 200".length()),
                line("smtp", BannerConversation::smtp, "220 mail.example.test ESMTP\r\n"),
                line("pop3", BannerConversation::pop3, "+OK ready\r\n"),
                line("imap", BannerConversation::imap, "* OK IMAP4rev1 ready\r\n"),
                line("nntp", BannerConversation::nntp, "200 news ready\r\n"),
                line("ftp", BannerConversation::ftp, "220 ftp ready\r\n"));
    }

    static Stream<Arguments> conversations() {
        return replies().map(a -> Arguments.of(a.get()[0], a.get()[1]));
    }

    private static Arguments good(String name, Supplier<TcpConversation> c, String resource, boolean firstBerFrame) {
        byte[] reply = Hex.resource(resource);
        int minToMatch = firstBerFrame ? Ber.frameLength(Unpooled.wrappedBuffer(reply), 0, reply.length) : reply.length;
        return Arguments.of(name, c, reply, minToMatch);
    }

    /** A greeting line; any prefix of at least the greeting code may be judged a match at the close. */
    private static Arguments line(String name, Supplier<TcpConversation> c, String greeting) {
        byte[] reply = greeting.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return Arguments.of(name + " greeting", c, reply, greeting.indexOf(' '));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void truncatedAtEveryLengthAndDripped(String name, Supplier<TcpConversation> c, byte[] reply, int minToMatch) {
        assertTrue(Robustness.whole(c.get(), reply).matched(), name + " reply should be recognised");
        Robustness.truncationsAndDrip(c.get(), reply, minToMatch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversations")
    void garbageNeverThrows(String name, Supplier<TcpConversation> c) {
        Robustness.garbage(c.get());
    }
}
