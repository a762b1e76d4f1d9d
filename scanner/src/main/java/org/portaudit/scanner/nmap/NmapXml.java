package org.portaudit.scanner.nmap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.portaudit.catalog.InputException;
import org.portaudit.catalog.InputFile;
import org.portaudit.catalog.Transport;
import org.portaudit.reports.model.Sanitize;

/**
 * Reads an nmap XML report ({@code nmap -oX}) with the JDK's StAX parser, as hostile input: DTDs and external
 * entities off, and a DOCTYPE other than nmap's own bare {@code <!DOCTYPE nmaprun>} refused before any entity
 * could be used; only a regular file of at most {@link #MAX_BYTES}; elements nested at most {@link #MAX_DEPTH}
 * deep; an attribute or text node of at most {@link #MAX_VALUE} characters; each port of a host listed once.
 * Anything else (not XML, truncated, not nmap's, a port out of range, a state nmap has no word for) is a
 * {@link NmapXml.Bad} whose message is one printable line naming the file and, where known, the line.
 *
 * <p>Only what judging needs is kept, every text sanitised and bounded: the run (scanner, version, arguments,
 * times, the scans and the ports each covered) and each host (address, names, status, listed ports with state,
 * reason and service, and the {@code extraports} nmap folded away).
 */
public final class NmapXml {
    /** The largest report read: a full TCP and UDP scan of a few thousand hosts fits. */
    public static final long MAX_BYTES = 64L << 20;
    /** nmap nests its elements about seven deep (script output tables a little more). */
    static final int MAX_DEPTH = 64;
    /** The longest attribute value or text node: a list of every port of a protocol is about 400 KB. */
    static final int MAX_VALUE = 1 << 20;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");
    private static final Pattern BARE_DOCTYPE = Pattern.compile("<!DOCTYPE\\s+nmaprun\\s*>");

    private NmapXml() {
    }

    /** The report cannot be used: one printable line, naming file and line. */
    public static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Bad(String message) {
            super(message, null, false, false);
        }
    }

    /** A port state, in nmap's words. */
    public enum State {
        OPEN("open"), CLOSED("closed"), FILTERED("filtered"), UNFILTERED("unfiltered"),
        OPEN_FILTERED("open|filtered"), CLOSED_FILTERED("closed|filtered");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static State of(String word) {
            for (State s : values()) {
                if (s.word.equals(word)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * One port nmap gave a state: listed in {@code <ports>}, or one of its {@code extraports}.
     *
     * @param reason    nmap's reason ("syn-ack", "conn-refused", "no-response", "port-unreach"), or null
     * @param reasonTtl the TTL of the reply that decided, or -1
     * @param service   nmap's service name, or null; {@code method} "table" (from the port number only) or
     *                  "probed" (version detection)
     * @param listed    false for a port of an {@code extraports} element
     */
    public record Port(Transport transport, int number, State state, String reason, int reasonTtl, String service,
                       String product, String version, String extraInfo, String method, boolean listed) {
    }

    /** An {@code extraports} element: {@code count} ports in {@code state}, with the reasons nmap gave. */
    public record Extra(State state, long count, List<ExtraReason> reasons) {
        public Extra {
            reasons = List.copyOf(reasons);
        }
    }

    /** An {@code extrareasons} element; {@code protocol} and {@code ports} are null when nmap did not write them (before 7.90). */
    public record ExtraReason(String reason, long count, Transport protocol, PortSet ports) {
    }

    /** A {@code scaninfo}: the scan type ("syn", "connect", "udp" ...) made over the ports of one protocol. */
    public record Scan(String type, Transport protocol, PortSet ports) {
    }

    /**
     * One host.
     *
     * @param address  the IP address nmap scanned (as nmap wrote it; checked as a literal by the judge)
     * @param userName the name given on nmap's command line, or null
     * @param ptrName  its reverse-DNS name, or null (either dropped when it is not a host name)
     * @param status   "up" or "down" (or what nmap said), {@code statusReason} why
     */
    public record Host(String address, String userName, String ptrName, String status, String statusReason,
                       Map<Integer, Port> tcp, Map<Integer, Port> udp, List<Extra> extras) {
        public Host {
            tcp = java.util.Collections.unmodifiableMap(tcp);
            udp = java.util.Collections.unmodifiableMap(udp);
            extras = List.copyOf(extras);
        }

        public Map<Integer, Port> ports(Transport t) {
            return t == Transport.UDP ? udp : tcp;
        }
    }

    /** What a report says of one port. */
    public sealed interface Lookup {
        /** nmap gave the port a state. */
        record Seen(Port port) implements Lookup {
        }

        /** nmap scanned the port but the report does not say in which state it found it. */
        record Unknown(String why) implements Lookup {
        }

        /** nmap did not scan the port. */
        record NotScanned(String why) implements Lookup {
        }
    }

    /** A whole report: what ran, the scans it made and the hosts it reported. */
    public record Run(String file, String scanner, String version, String args, Instant start, Instant finished,
                      List<Scan> scans, List<Host> hosts) {
        public Run {
            scans = List.copyOf(scans);
            hosts = List.copyOf(hosts);
        }

        /** True when a scan of this protocol covered the port. */
        public boolean scanned(Transport t, int port) {
            for (Scan s : scans) {
                if (s.protocol() == t && s.ports().contains(port)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * What the report says of one port of a host: its state (listed, or one of the host's extraports),
         * that nmap scanned it without saying its state, or that nmap did not scan it.
         */
        public Lookup lookup(Host h, Transport t, int port) {
            Port listed = h.ports(t).get(port);
            if (listed != null) {
                return new Lookup.Seen(listed);
            }
            String label = port + "/" + t.id();
            if (!scanned(t, port)) {
                String types = scanTypes(t);
                return new Lookup.NotScanned(types.isEmpty()
                        ? "not scanned: the nmap run made no " + t.id().toUpperCase(java.util.Locale.ROOT) + " scan"
                        : "not scanned: nmap's " + types + " scan did not cover " + label);
            }
            for (Extra x : h.extras()) {
                for (ExtraReason why : x.reasons()) {
                    if (why.ports() != null && (why.protocol() == null || why.protocol() == t)
                            && why.ports().contains(port)) {
                        return new Lookup.Seen(folded(t, port, x.state(), why.reason()));
                    }
                }
            }
            // Before nmap 7.90 extrareasons named no ports: the unlisted ports are the extraports only when the
            // host has one such element and its count is exactly the ports scanned and not listed.
            boolean portsNamed = h.extras().stream().flatMap(x -> x.reasons().stream()).anyMatch(x -> x.ports() != null);
            if (!portsNamed && h.extras().size() == 1 && h.extras().get(0).count() == unlisted(h)) {
                Extra x = h.extras().get(0);
                return new Lookup.Seen(folded(t, port, x.state(), x.reasons().size() == 1 ? x.reasons().get(0).reason()
                        : null));
            }
            String states = String.join(", ", h.extras().stream().map(x -> x.state().word()).distinct().toList());
            return new Lookup.Unknown(h.extras().isEmpty()
                    ? "scanned, but the nmap report gives no state for " + label + " (the host's scan may have been "
                    + "cut short, e.g. by --host-timeout)"
                    : "scanned, but nmap folded " + label + " into its extraports (" + states + ") without naming "
                    + "which ports are in which state");
        }

        private static Port folded(Transport t, int port, State state, String reason) {
            return new Port(t, port, state, reason, -1, null, null, null, null, null, false);
        }

        /** Ports scanned on a host and not listed, over both protocols; -1 when it cannot be told. */
        private long unlisted(Host h) {
            long n = 0;
            for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
                List<Scan> of = scans.stream().filter(s -> s.protocol() == t).toList();
                if (of.size() > 1) {
                    return -1; // two scans of one protocol may overlap
                }
                if (of.size() == 1) {
                    PortSet ports = of.get(0).ports();
                    n += ports.size() - h.ports(t).keySet().stream().filter(ports::contains).count();
                }
            }
            return n;
        }

        /** The scans of one protocol ("connect", "syn"), joined; empty when none was made. */
        public String scanTypes(Transport t) {
            return String.join("+", scans.stream().filter(s -> s.protocol() == t).map(Scan::type).distinct().toList());
        }

        /** "connect/tcp, udp/udp": every scan made. */
        public String scanTypes() {
            List<String> out = new ArrayList<>();
            for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
                String types = scanTypes(t);
                if (!types.isEmpty()) {
                    out.add(types + "/" + t.id());
                }
            }
            return String.join(", ", out);
        }
    }

    /** Reads the report at {@code path}; a {@link Bad} with one line for anything it cannot use. */
    public static Run read(Path path) {
        String file = path.toString();
        try (InputStream in = openFile(path)) {
            return read(file, in);
        } catch (IOException e) {
            throw new Bad(InputException.message(file, 0, InputFile.reason(e)));
        }
    }

    private static InputStream openFile(Path path) {
        try {
            return InputFile.open(path, MAX_BYTES);
        } catch (InputException e) {
            throw new Bad(e.getMessage());
        }
    }

    /** Reads a report from a stream; {@code file} names it in messages. */
    public static Run read(String file, InputStream in) {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever else is on the class path
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resources are not read");
        });
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(in);
            return new Reader(file, r).run();
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNumber());
            throw new Bad(InputException.message(file, line, "not a readable nmap XML report: " + why(e)));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // closing a reader that failed: nothing to add
                }
            }
        }
    }

    /** The parser's reason without its location prefix ("ParseError at [row,col]:[1,5] Message: ..."). */
    private static String why(XMLStreamException e) {
        if (e.getNestedException() instanceof IOException io) {
            return InputFile.reason(io);
        }
        String m = e.getMessage() == null ? "malformed" : e.getMessage();
        int at = m.indexOf("Message:");
        return (at >= 0 ? m.substring(at + "Message:".length()) : m).replaceAll("\\s+", " ").trim();
    }

    /** One pass over the events. */
    private static final class Reader {
        private final String file;
        private final XMLStreamReader r;
        private int depth;
        private long textRun;
        private String scanner;
        private String version;
        private String args;
        private Instant start;
        private Instant finished;
        private final List<Scan> scans = new ArrayList<>();
        private final List<Host> hosts = new ArrayList<>();

        Reader(String file, XMLStreamReader r) {
            this.file = file;
            this.r = r;
        }

        private Bad bad(String what) {
            return new Bad(InputException.message(file, r.getLocation() == null ? 0 : r.getLocation().getLineNumber(),
                    what));
        }

        /** The next event, with the checks every event gets. */
        private int next() throws XMLStreamException {
            int e = r.next();
            boolean text = e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA
                    || e == XMLStreamConstants.SPACE;
            textRun = text ? textRun + r.getTextLength() : 0; // the parser hands long text over in pieces
            if (textRun > MAX_VALUE) {
                throw bad("a text node is longer than " + MAX_VALUE + " characters");
            }
            switch (e) {
                case XMLStreamConstants.DTD -> {
                    if (!BARE_DOCTYPE.matcher(r.getText().trim()).matches()) {
                        throw bad("a DOCTYPE with declarations or an external DTD is refused (nmap writes only "
                                + "<!DOCTYPE nmaprun>): entities are never expanded");
                    }
                }
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                        throw bad("entity references are refused");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > MAX_DEPTH) {
                        throw bad("elements nested deeper than " + MAX_DEPTH);
                    }
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        if (r.getAttributeValue(i).length() > MAX_VALUE) {
                            throw bad("attribute " + r.getAttributeLocalName(i) + " of <" + r.getLocalName()
                                    + "> is longer than " + MAX_VALUE + " characters");
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.COMMENT -> {
                    if (r.getTextLength() > MAX_VALUE) {
                        throw bad("a comment is longer than " + MAX_VALUE + " characters");
                    }
                }
                default -> {
                }
            }
            return e;
        }

        /** The next start of a child of the current element, or false at its end. */
        private boolean child() throws XMLStreamException {
            while (true) {
                int e = next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    return true;
                }
                if (e == XMLStreamConstants.END_ELEMENT) {
                    return false;
                }
                if (e == XMLStreamConstants.END_DOCUMENT) {
                    throw bad("the report ends inside an element");
                }
            }
        }

        /** Skips the current element and all it holds. */
        private void skip() throws XMLStreamException {
            while (child()) {
                skip();
            }
        }

        Run run() throws XMLStreamException {
            int e;
            do {
                e = next();
                if (e == XMLStreamConstants.END_DOCUMENT) {
                    throw bad("not an nmap XML report: no element");
                }
            } while (e != XMLStreamConstants.START_ELEMENT);
            if (!r.getLocalName().equals("nmaprun") || !"nmap".equals(attr("scanner"))) {
                throw bad("not an nmap XML report: the root element is <" + r.getLocalName() + ">"
                        + (r.getLocalName().equals("nmaprun") ? " without scanner=\"nmap\"" : ", not <nmaprun>"));
            }
            scanner = "nmap";
            version = text(attr("version"), 64);
            args = text(attr("args"), 1024);
            start = time(attr("start"));
            while (child()) {
                switch (r.getLocalName()) {
                    case "scaninfo" -> scanInfo();
                    case "host" -> hosts.add(host());
                    case "runstats" -> runStats();
                    default -> skip();
                }
            }
            while ((e = next()) != XMLStreamConstants.END_DOCUMENT) {
                if (e == XMLStreamConstants.START_ELEMENT) {
                    throw bad("more than one root element");
                }
            }
            return new Run(text(file, 512), scanner, version, args, start, finished, scans, hosts);
        }

        private void scanInfo() throws XMLStreamException {
            Transport t = transport(attr("protocol"));
            String type = attr("type");
            String services = attr("services");
            if (t != null) {
                if (type == null || !type.matches("[a-z]{1,32}")) {
                    throw bad("<scaninfo> without a scan type");
                }
                scans.add(new Scan(type, t, ports(services, "services of <scaninfo>")));
            }
            skip();
        }

        private void runStats() throws XMLStreamException {
            while (child()) {
                if (r.getLocalName().equals("finished")) {
                    finished = time(attr("time"));
                    if ("error".equals(attr("exit"))) {
                        throw bad("nmap says its run failed: " + text(attr("errormsg"), 200));
                    }
                }
                skip();
            }
        }

        private Host host() throws XMLStreamException {
            String address = null;
            String user = null;
            String ptr = null;
            String status = null;
            String statusReason = null;
            Map<Integer, Port> tcp = new LinkedHashMap<>();
            Map<Integer, Port> udp = new LinkedHashMap<>();
            List<Extra> extras = new ArrayList<>();
            while (child()) {
                switch (r.getLocalName()) {
                    case "status" -> {
                        status = text(attr("state"), 32);
                        statusReason = text(attr("reason"), 64);
                        skip();
                    }
                    case "address" -> {
                        String type = attr("addrtype");
                        if (address == null && ("ipv4".equals(type) || "ipv6".equals(type))) {
                            address = attr("addr");
                            if (address == null || address.length() > 64) {
                                throw bad("<address> of a host without a usable addr");
                            }
                        }
                        skip();
                    }
                    case "hostnames" -> {
                        while (child()) {
                            if (r.getLocalName().equals("hostname")) {
                                String name = hostName(attr("name"));
                                String type = attr("type");
                                if (name != null && "user".equals(type) && user == null) {
                                    user = name;
                                } else if (name != null && "PTR".equals(type) && ptr == null) {
                                    ptr = name;
                                }
                            }
                            skip();
                        }
                    }
                    case "ports" -> {
                        while (child()) {
                            switch (r.getLocalName()) {
                                case "port" -> {
                                    Port p = port();
                                    if (p != null) {
                                        Map<Integer, Port> m = p.transport() == Transport.UDP ? udp : tcp;
                                        if (m.putIfAbsent(p.number(), p) != null) {
                                            throw bad("port " + p.number() + "/" + p.transport().id()
                                                    + " is listed twice for host " + text(address, 64));
                                        }
                                    }
                                }
                                case "extraports" -> extras.add(extra());
                                default -> skip();
                            }
                        }
                    }
                    default -> skip();
                }
            }
            if (address == null) {
                throw bad("a <host> without an IPv4 or IPv6 address");
            }
            return new Host(address, user, ptr, status, statusReason, tcp, udp, extras);
        }

        /** A listed port, or null for a protocol portaudit does not judge (sctp, ip). */
        private Port port() throws XMLStreamException {
            String proto = attr("protocol");
            Transport t = transport(proto);
            int number = portNumber(attr("portid"), "portid of <port>");
            State state = null;
            String reason = null;
            int ttl = -1;
            String service = null;
            String product = null;
            String version = null;
            String extra = null;
            String method = null;
            while (child()) {
                switch (r.getLocalName()) {
                    case "state" -> {
                        state = state(attr("state"));
                        reason = text(attr("reason"), 64);
                        ttl = ttl(attr("reason_ttl"));
                    }
                    case "service" -> {
                        service = text(attr("name"), 64);
                        product = text(attr("product"), 128);
                        version = text(attr("version"), 64);
                        extra = text(attr("extrainfo"), 128);
                        method = text(attr("method"), 16);
                    }
                    default -> {
                    }
                }
                skip();
            }
            if (t == null) {
                return null;
            }
            if (state == null) {
                throw bad("port " + number + "/" + t.id() + " has no <state>");
            }
            return new Port(t, number, state, reason, ttl, service, product, version, extra, method, true);
        }

        private Extra extra() throws XMLStreamException {
            State state = state(attr("state"));
            long count = count(attr("count"));
            List<ExtraReason> reasons = new ArrayList<>();
            while (child()) {
                if (r.getLocalName().equals("extrareasons")) {
                    String proto = attr("proto");
                    String ports = attr("ports");
                    reasons.add(new ExtraReason(text(attr("reason"), 64), count(attr("count")),
                            proto == null ? null : transport(proto),
                            ports == null ? null : ports(ports, "ports of <extrareasons>")));
                }
                skip();
            }
            return new Extra(state, count, reasons);
        }

        private String attr(String name) {
            return r.getAttributeValue(null, name);
        }

        private State state(String word) {
            State s = State.of(word == null ? "" : word);
            if (s == null) {
                throw bad("unknown port state '" + text(word, 32) + "'");
            }
            return s;
        }

        private Transport transport(String proto) {
            return "tcp".equals(proto) ? Transport.TCP : "udp".equals(proto) ? Transport.UDP : null;
        }

        private int portNumber(String s, String what) {
            if (s == null || !s.matches("[0-9]{1,5}") || Integer.parseInt(s) > 65535) {
                throw bad("bad " + what + ": '" + text(s, 16) + "' is not a port 0-65535");
            }
            return Integer.parseInt(s);
        }

        private PortSet ports(String list, String what) {
            try {
                return PortSet.parse(list == null ? "" : list);
            } catch (IllegalArgumentException e) {
                throw bad("bad " + what + ": " + e.getMessage());
            }
        }

        private long count(String s) {
            if (s == null || !s.matches("[0-9]{1,9}")) {
                throw bad("bad count '" + text(s, 16) + "'");
            }
            return Long.parseLong(s);
        }

        private static int ttl(String s) {
            return s != null && s.matches("[0-9]{1,3}") ? Integer.parseInt(s) : -1;
        }

        /** An epoch-seconds time nmap wrote, or null when it is absent or not one. */
        private static Instant time(String s) {
            if (s == null || !s.matches("[0-9]{1,11}")) {
                return null;
            }
            long v = Long.parseLong(s);
            return v > 0 && v < 32503680000L ? Instant.ofEpochSecond(v) : null;
        }

        private static String hostName(String s) {
            return s != null && HOST_NAME.matcher(s).matches() && !s.contains("..") ? s : null;
        }

        private static String text(String s, int max) {
            return s == null ? null : Sanitize.text(s, max);
        }
    }
}
