package org.portaudit.scanner.probes.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.Evidence;

class SqlBrowserPayloadTest {
    private final SqlBrowserPayload browser = new SqlBrowserPayload();

    /** SVR_RESP (MC-SQLR 2.2.5): 0x05, RESP_SIZE little-endian, RESP_DATA. */
    static byte[] svrResp(String data) {
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[3 + d.length];
        out[0] = 5;
        out[1] = (byte) d.length;
        out[2] = (byte) (d.length >> 8);
        System.arraycopy(d, 0, out, 3, d.length);
        return out;
    }

    static final String TWO_INSTANCES =
            "ServerName;SQL01;InstanceName;MSSQLSERVER;IsClustered;No;Version;15.0.2000.5;tcp;1433;"
            + "np;\\\\SQL01\\pipe\\sql\\query;;"
            + "ServerName;SQL01;InstanceName;SQLEXPRESS;IsClustered;No;Version;16.0.1000.6;tcp;49703;;";

    @Test
    void requestIsClntUcastEx() {
        assertArrayEquals(new byte[] {3}, PayloadTesting.request(browser));
    }

    @Test
    void listsInstancesAndTheirTcpPorts() {
        Evidence e = PayloadTesting.matched(browser, svrResp(TWO_INSTANCES));
        assertEquals("SQL Server Browser: SQL01 has 2 instance(s): MSSQLSERVER tcp 1433 version 15.0.2000.5, "
                + "SQLEXPRESS tcp 49703 version 16.0.1000.6", e.summary());
        assertEquals(java.util.List.of("\\\\SQL01\\pipe\\sql\\query"), e.details().get("namedPipes"));
    }

    @Test
    void sizeMismatchesOtherTextAndHostileInputDoNotMatch() {
        byte[] lying = svrResp(TWO_INSTANCES);
        lying[2] = (byte) 0x7f;
        PayloadTesting.noMatch(browser, lying);
        PayloadTesting.noMatch(browser, svrResp("hello;world;;"));
        PayloadTesting.noMatch(browser, PayloadTesting.request(browser));
        // a cut inside the RESP_DATA breaks RESP_SIZE: no match at any length
        PayloadTesting.survivesHostileInput(browser, svrResp(TWO_INSTANCES), false);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            many.append("ServerName;S;InstanceName;I").append(i).append(";tcp;1;;");
        }
        Evidence e = PayloadTesting.matched(browser, svrResp(many.toString()));
        assertEquals("SQL Server Browser: S has 32 instance(s): I0 tcp 1, I1 tcp 1, I2 tcp 1, I3 tcp 1, "
                + "I4 tcp 1, I5 tcp 1, I6 tcp 1, I7 tcp 1, I8 tcp 1, I9 tcp 1, I10 tcp 1, I11 tcp 1, I12 tcp 1, "
                + "I13 tcp 1, I14 tcp 1, I15 tcp 1, I16 tcp 1, I17 tcp 1, I18 tcp 1, I19 tcp 1, I20 tcp 1, "
                + "I21 tcp 1, I22 tcp 1, I23 tcp 1, I24 tcp 1, I25 tcp 1, I26 tcp 1, I27 tcp 1, I28 tcp 1, "
                + "I29 tcp 1, I30 tcp 1, I31 tcp 1", e.summary());
    }
}
