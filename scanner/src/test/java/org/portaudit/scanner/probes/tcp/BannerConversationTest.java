package org.portaudit.scanner.probes.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portaudit.reports.model.Evidence;

class BannerConversationTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Supplier<BannerConversation> kind(String protocol) {
        return switch (protocol) {
            case "smtp" -> BannerConversation::smtp;
            case "pop3" -> BannerConversation::pop3;
            case "imap" -> BannerConversation::imap;
            case "nntp" -> BannerConversation::nntp;
            case "ftp" -> BannerConversation::ftp;
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    @ParameterizedTest(name = "{0} {2}: {1}")
    @CsvSource(delimiter = '|', value = {
        "smtp | 220 mail.example.test ESMTP Postfix (Debian/GNU)     | true",
        "smtp | 220-mx.example.test ESMTP multi-line greeting          | true",
        "smtp | 554 mx.example.test no SMTP service here               | true",
        "smtp | 220 (vsFTPd 3.0.3)                                     | false",
        "smtp | 220 Microsoft FTP Service                              | false",
        "smtp | SSH-2.0-OpenSSH_9.2p1 Debian-2                         | false",
        "smtp | 2201 not a reply code                                  | false",
        "pop3 | +OK Dovecot ready.                                     | true",
        "pop3 | -ERR [SYS/TEMP] too many connections                   | true",
        "pop3 | * OK [CAPABILITY IMAP4rev1] Dovecot ready.             | false",
        "imap | * OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.    | true",
        "imap | * PREAUTH IMAP4rev1 server logged in as Smith          | true",
        "imap | +OK POP3 ready                                         | false",
        "nntp | 200 news.example.test InterNetNews server ready        | true",
        "nntp | 201 NNTP Service Ready, posting prohibited             | true",
        "nntp | 220 mail.example.test ESMTP                            | false",
        "ftp  | 220 ProFTPD Server (Debian) [::ffff:198.18.0.20]       | true",
        "ftp  | 220 mail.example.test ESMTP Exim 4.96                  | false",
        "ftp  | HTTP/1.1 400 Bad Request                               | false",
    })
    void greetingLines(String protocol, String line, boolean matched) {
        Evidence e = Robustness.immediate(kind(protocol).get(), ascii(line + "\r\n"));
        assertEquals(matched, e.matched(), e.toString());
        if (matched) {
            assertEquals(line, e.details().get("banner"));
        }
    }

    @Test
    void serverSpeaksFirstSoNothingIsSent() {
        try (Harness h = new Harness(BannerConversation.smtp())) {
            assertEquals(0, h.sent().length);
            assertFalse(h.done());
        }
    }

    @Test
    void binaryGreetingIsRejectedOnItsFirstByte() {
        Evidence e = Robustness.immediate(BannerConversation.pop3(), Hex.bytes("0000008882000000"));
        assertFalse(e.matched());
        assertEquals("0000008882000000", e.details().get("replyHex"));
    }

    @Test
    void controlCharactersInTheBannerAreNeutralised() {
        Evidence e = Robustness.immediate(BannerConversation.smtp(), ascii("220 evil\u001b[2J\u0007host\r\n"));
        assertTrue(e.matched());
        assertEquals("220 evil.[2J.host", e.details().get("banner"));
    }

    @Test
    void greetingWithoutLineEndCountsOnceThePeerCloses() {
        try (Harness h = new Harness(BannerConversation.ftp())) {
            h.feed(ascii("220 ftp ready"));
            assertFalse(h.done());
            h.peerCloses();
            assertTrue(h.evidence().matched());
        }
    }

    @Test
    void endlessLineStopsAtOneKibibyte() {
        Evidence e = Robustness.endless(BannerConversation.smtp(), ascii("220 "), (byte) 'a');
        assertTrue(e.summary().contains("1024"), e.summary());
    }
}
