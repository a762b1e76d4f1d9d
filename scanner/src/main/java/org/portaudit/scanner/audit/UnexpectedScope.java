package org.portaudit.scanner.audit;

import java.util.BitSet;
import java.util.Locale;
import org.portaudit.catalog.Catalog;
import org.portaudit.catalog.Endpoint;
import org.portaudit.catalog.PortList;
import org.portaudit.catalog.Service;
import org.portaudit.catalog.Transport;
import org.portaudit.catalog.WellKnownPort;

/**
 * Which ports beyond the expected ones are looked at for unexpected open ports:
 * {@code none}, {@code catalog} (every single port the catalog names), {@code well-known} (those plus
 * the well-known port dictionary; the default), {@code all} (1-65535) or a port list. TCP unless the
 * list says /udp: an unanswered UDP probe proves nothing, so a blind UDP sweep would only add noise.
 */
public record UnexpectedScope(String spec, BitSet tcp, BitSet udp) {
    public static final String DEFAULT = "well-known";

    public static UnexpectedScope parse(String spec, Catalog catalog) {
        BitSet tcp = new BitSet(65536);
        BitSet udp = new BitSet(65536);
        switch (spec.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> {
            }
            case "catalog" -> addCatalog(catalog, tcp);
            case "well-known" -> {
                addCatalog(catalog, tcp);
                for (WellKnownPort w : catalog.wellKnown()) {
                    if (w.appliesTo(Transport.TCP) && w.port() >= 1) {
                        tcp.set(w.port());
                    }
                }
            }
            case "all" -> tcp.set(1, 65536);
            default -> {
                PortList list = PortList.parse(spec, Transport.TCP);
                for (PortList.Item i : list.items()) {
                    (i.transport() == Transport.UDP ? udp : tcp).set(i.range().low(), i.range().high() + 1);
                }
            }
        }
        return new UnexpectedScope(spec, tcp, udp);
    }

    private static void addCatalog(Catalog catalog, BitSet tcp) {
        for (Service s : catalog.services().values()) {
            for (Endpoint e : s.endpoints()) {
                addSingleTcp(e, tcp);
            }
        }
        for (org.portaudit.catalog.Role r : catalog.roles().values()) {
            for (org.portaudit.catalog.RoleRequirement q : r.requirements()) {
                addSingleTcp(q.endpoint(), tcp);
            }
        }
    }

    private static void addSingleTcp(Endpoint e, BitSet tcp) {
        if (e.transport() == Transport.TCP && !e.port().dynamicRpc() && e.port().range().size() == 1) {
            tcp.set(e.port().range().low());
        }
    }
}
