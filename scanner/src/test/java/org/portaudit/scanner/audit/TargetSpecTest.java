package org.portaudit.scanner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetSpecTest {
    private static List<String> all(String spec) {
        TargetSpec.Block b = assertInstanceOf(TargetSpec.Block.class, TargetSpec.parse(spec));
        List<String> out = new ArrayList<>();
        for (Iterator<InetAddress> it = b.addresses(); it.hasNext(); ) {
            out.add(it.next().getHostAddress());
        }
        return out;
    }

    @Test
    void cidrAndRanges() {
        assertEquals(List.of("198.18.1.0", "198.18.1.1", "198.18.1.2", "198.18.1.3"), all("198.18.1.2/30"));
        assertEquals(List.of("198.18.1.254", "198.18.1.255", "198.18.2.0"), all("198.18.1.254-198.18.2.0"));
        assertEquals(125, all("198.18.1.1-125").size());
        assertEquals(List.of("2001:2:0:0:0:0:0:0", "2001:2:0:0:0:0:0:1"), all("2001:2::/127"));
        assertEquals(65536, ((TargetSpec.Block) TargetSpec.parse("198.18.0.0/16")).size());
    }

    @Test
    void namesAndLiterals() {
        assertInstanceOf(TargetSpec.Name.class, TargetSpec.parse("dc01.lab.portaudit.test"));
        assertInstanceOf(TargetSpec.Name.class, TargetSpec.parse("198.18.0.10"));
        assertInstanceOf(TargetSpec.Name.class, TargetSpec.parse("2001:2:0:1::10"));
    }

    @Test
    void badTargets() {
        for (String bad : new String[] {"", "300.1.1.1", "198.18.0.0/33", "198.18.0.0/x", "198.18.1.9-3",
                "198.18.1.1-300", "host name", "a..b", "10.0.0.0/8", "2001:2::/64", "198.18.1.1-2001:2::1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetSpec.parse(bad), bad);
            assertTrue(e.getMessage().length() < 160 && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
