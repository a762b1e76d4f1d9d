package org.portaudit.scanner.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RpcInterfacesTest {

    private static RpcEndpoint ep(String uuid, int port) {
        UUID u = UUID.fromString(uuid);
        return new RpcEndpoint(u, 1, 0, RpcInterfaces.name(u).orElse(null), "", RpcEndpoint.NCACN_IP_TCP,
                Integer.toString(port), "0.0.0.0");
    }

    @Test
    void theInterfacesTheBriefNamesAreThereWithTheirSpecs() {
        String[][] expected = {
            {"12345778-1234-abcd-ef00-0123456789ab", "MS-LSAD"},
            {"12345778-1234-abcd-ef00-0123456789ac", "MS-SAMR"},
            {"12345678-1234-abcd-ef00-01234567cffb", "MS-NRPC"},
            {"e3514235-4b06-11d1-ab04-00c04fc2dcd2", "MS-DRSR"},
            {"50abc2a4-574d-40b3-9d66-ee4fd5fba076", "MS-DNSP"},
            {"f5cc59b4-4264-101a-8c59-08002b2f8426", "MS-FRS1"},
            {"d049b186-814f-11d1-9a3c-00c04fc9b232", "MS-FRS1"},
            {"897e2e5f-93f3-4376-9c9c-fd2277495c27", "MS-FRS2"},
            {"82273fdc-e32a-18c3-3f78-827929dc23ea", "MS-EVEN"},
            {"f6beaff7-1e19-4fbb-9f8f-b89e2018337c", "MS-EVEN6"},
            {"12345678-1234-abcd-ef00-0123456789ab", "MS-RPRN"},
            {"fdb3a030-065f-11d1-bb9b-00a024ea5525", "MS-MQMP"},
            {"91ae6020-9e3c-11cf-8d7c-00aa00c091be", "MS-ICPR"},
            {"d99e6e70-fc88-11d0-b498-00a0c90312f3", "MS-WCCE"},
            {"e1af8308-5d1f-11c9-91a4-08002b14a0fa", "C706"},
            {"4b324fc8-1670-01d3-1278-5a47bf6ee188", "MS-SRVS"},
            {"6bffd098-a112-3610-9833-46c3f87e345a", "MS-WKST"},
            {"338cd001-2244-31f1-aaaa-900038001003", "MS-RRP"},
            {"367abb81-9844-35f1-ad32-98f038001003", "MS-SCMR"},
            {"1ff70682-0a51-30e8-076d-740be8cee98b", "MS-TSCH"},
            {"3dde7c30-165d-11d1-ab8f-00805f14db40", "MS-BKRP"},
        };
        for (String[] e : expected) {
            RpcInterfaces.Info i = RpcInterfaces.lookup(UUID.fromString(e[0])).orElseThrow(() -> new AssertionError(e[0]));
            assertEquals(e[1], i.spec(), e[0]);
        }
    }

    @Test
    void rolesAndServicesFindTheirInterfaces() {
        List<String> dc = RpcInterfaces.forService("domain-controller").stream().map(RpcInterfaces.Info::name).toList();
        assertTrue(dc.containsAll(List.of("drsuapi", "netlogon", "lsarpc", "samr", "frsrpc", "frstrans")), dc.toString());
        assertEquals(List.of("dnsserver"),
                RpcInterfaces.forService("dns-server").stream().map(RpcInterfaces.Info::name).toList());
        assertTrue(RpcInterfaces.forService("no-such-service").isEmpty());
    }

    @Test
    void impactNamesEachConsequenceOnceAndSkipsInfrastructureAndUnknowns() {
        String line = RpcInterfaces.impactOf(List.of(
                ep("e3514235-4b06-11d1-ab04-00c04fc2dcd2", 49153),
                ep("afa8bd80-7d8a-11c9-bef4-08002b102989", 49153),
                ep("12345678-1234-abcd-ef00-01234567cffb", 49152),
                ep("e3514235-4b06-11d1-ab04-00c04fc2dcd2", 49155),
                ep("01020304-0506-0708-090a-0b0c0d0e0f10", 49156),
                ep("fdb3a030-065f-11d1-bb9b-00a024ea5525", 49157),
                ep("76d12b80-3467-11d3-91ff-0090272f9ea3", 49157)));
        assertEquals("AD replication (DRSUAPI), logons and the computer secure channel (NETLOGON), "
                + "Message Queuing clients (QMCOMM, QMCOMM2)", line);
        assertEquals("", RpcInterfaces.impactOf(List.of()));
    }
}
