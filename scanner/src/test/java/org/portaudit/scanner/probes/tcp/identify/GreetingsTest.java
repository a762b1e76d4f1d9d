package org.portaudit.scanner.probes.tcp.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Greetings are named only when whole and well-formed. */
class GreetingsTest {
    private static Greetings.Recognition judge(String s, boolean ended) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Greetings.recognise(b, b.length, ended);
    }

    private static Greetings.Recognition judgeHex(String hex, boolean ended) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        return Greetings.recognise(b, b.length, ended);
    }

    @Test
    void aLineNotYetEndedWaits() {
        assertSame(Greetings.NEED_MORE, judge("SSH-2.0-Open", false));
        assertEquals("ssh", judge("SSH-2.0-OpenSSH_9.2\r\n", false).service());
        assertNull(judge("SSH-2.0-Open", true).service(), "cut short: not proven");
        assertSame(Greetings.NEED_MORE, judgeHex("ff fd", false), "half an option");
    }

    @Test
    void nearMissesAreNotTheProtocol() {
        assertNull(judge("SSH-3.0-x\r\n", false).service());
        assertNull(judge("SSH-2.0-\r\n", false).service(), "no software version");
        assertNull(judge("RFB 003.008\nmore", true).service(), "an RFB greeting is exactly 12 bytes");
        assertNull(judge("220 hello there\r\n", false).service(), "a 220 that names neither SMTP nor FTP");
        assertNull(judge("+OKAY\r\n", false).service());
        assertNull(judge("* OKAY\r\n", false).service());
        assertNull(judgeHex("ff 01 02", true).service(), "IAC without a negotiation verb");
        assertNull(judgeHex("0a000000 0a 352e37 ff", true).service(), "a MySQL version must end in NUL and be followed "
                + "by id, scramble and filler");
        assertEquals("text greeting 'hello\\r\\nworld'", judge("hello\r\nworld\r\n", false).summary());
    }

    @Test
    void wellFormedGreetings() {
        assertEquals("telnet", judgeHex("fffb01 fffb03 fffa1801fff0", false).service());
        assertEquals("mysql", judgeHex("17000000 ff 6a04 486f7374 2031 3237 2e30 2e30 2e31 206e6f7420 616c6c6f77",
                true).service(), "the error packet of a MySQL that refuses the host");
        assertEquals("vnc", judge("RFB 003.003\n", false).service());
        assertEquals("smtp", judge("220-mail.example ESMTP\r\n", false).service());
    }
}
