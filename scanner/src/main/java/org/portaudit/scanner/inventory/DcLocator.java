package org.portaudit.scanner.inventory;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.TreeSet;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/** Finds a domain's controllers: the targets of its {@code _ldap._tcp.dc._msdcs.DOMAIN} SRV records. */
public interface DcLocator {
    /**
     * Host names of the domain's controllers, sorted, without the trailing dot.
     *
     * @param dnsServer the DNS server to ask, or null for the system's
     * @throws InventoryException-free: an {@link IllegalStateException} with a one-line reason when the
     *         lookup fails or finds nothing
     */
    List<String> controllers(String domain, String dnsServer);

    /** JNDI's DNS provider (in the JDK): SRV records without a library, from port 53. */
    DcLocator JNDI = jndi(53);

    /** JNDI's DNS provider asking the DNS server on {@code port} (tests: a server on loopback). */
    static DcLocator jndi(int port) {
        return (domain, dnsServer) -> lookup(domain, dnsServer, port);
    }

    private static List<String> lookup(String domain, String dnsServer, int port) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, dnsServer == null ? "dns:" : "dns://" + bracket(dnsServer)
                + (port == 53 ? "" : ":" + port) + "/");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        String name = GroupTargets.srvName(domain);
        DirContext ctx = null;
        TreeSet<String> out = new TreeSet<>();
        try {
            ctx = new InitialDirContext(env);
            Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
            Attribute srv = attrs.get("SRV");
            if (srv != null) {
                NamingEnumeration<?> e = srv.getAll();
                while (e.hasMore()) {
                    out.add(srvTarget(String.valueOf(e.next())));
                }
            }
        } catch (NameNotFoundException e) {
            throw new IllegalStateException("no SRV record " + name + via(dnsServer) + " (name not found)");
        } catch (NamingException | RuntimeException e) {
            // the explanation can quote the answer (a server's text): printable and short, on one line
            String why = e instanceof NamingException n ? n.getExplanation() : "malformed answer";
            throw new IllegalStateException("cannot look up " + name + via(dnsServer) + ": "
                    + org.portaudit.reports.model.Sanitize.text(String.valueOf(why).replaceAll("\\s+", " "), 200));
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException ignored) {
                    // nothing left to release
                }
            }
        }
        out.remove("");
        if (out.isEmpty()) {
            throw new IllegalStateException("no SRV record " + name + via(dnsServer));
        }
        return new ArrayList<>(out);
    }

    /** "0 100 389 dc01.lab.portaudit.test." -> "dc01.lab.portaudit.test": all after priority, weight and port
     *  (a label holding a space stays in the name, which is then no target, rather than naming another host). */
    static String srvTarget(String record) {
        String[] parts = record.strip().split(" ", 4);
        String host = parts[parts.length - 1];
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static String bracket(String server) {
        return server.contains(":") && !server.startsWith("[") ? "[" + server + "]" : server;
    }

    private static String via(String dnsServer) {
        return dnsServer == null ? "" : " from DNS server " + dnsServer;
    }
}
