package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;

/**
 * The HTML report in a real browser: headless Chromium (Debian's {@code chromium} package) driven over
 * the DevTools protocol on a loopback WebSocket (java.net.http; no driver needed). Checks what a reader
 * sees: verdicts, counts, the filters and sorting working under the page's own Content-Security-Policy,
 * and that the hostile report's markup did not execute. Saves screenshots under target/browser-it/.
 * Skipped, with a message, only when no Chromium binary exists.
 */
class HtmlReportBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "browser-it");

    private static Process chromium;
    private static Path profile;
    private static Cdp cdp;

    static Path chromiumBinary() {
        String env = System.getenv("CHROMIUM");
        for (String c : new String[] {env, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (c != null && Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    @BeforeAll
    static void launch() throws Exception {
        Path bin = chromiumBinary();
        Assumptions.assumeTrue(bin != null,
                "no chromium binary (/usr/bin/chromium): 'apt-get install chromium' to run the browser test");
        Files.createDirectories(OUT);
        profile = Files.createTempDirectory("portaudit-chromium-");
        chromium = new ProcessBuilder(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1400,1000",
                "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr when ready.
        BufferedReader err = new BufferedReader(new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8));
        String ws = null;
        List<String> seen = new ArrayList<>();
        for (String line; (line = err.readLine()) != null; ) {
            seen.add(line);
            int at = line.indexOf("ws://127.0.0.1:");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                ws = line.substring(at).trim();
                break;
            }
        }
        assertTrue(ws != null, "chromium did not start: " + String.join("\n", seen));
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        cdp = Cdp.connect(URI.create(ws));
    }

    @AfterAll
    static void close() throws IOException {
        if (cdp != null) {
            cdp.close();
        }
        if (chromium != null) {
            chromium.destroy();
            try {
                if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                    chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (profile != null) {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes the report's HTML under target/browser-it and opens it in a new tab. */
    private static Page open(AuditReport r, String name) throws Exception {
        Path file = OUT.resolve(name + ".html").toAbsolutePath();
        Files.writeString(file, Reports.render(new HtmlRenderer(), r), StandardCharsets.UTF_8);
        return Page.open(cdp, file.toUri().toString());
    }

    @Test
    void labReportVerdictsCountsFiltersAndSorting() throws Exception {
        AuditReport lab = Reports.lab();
        int rows = 0;
        int ok = 0;
        for (HostReport h : lab.hosts()) {
            rows += h.expected().size() + h.unexpected().size();
            ok += h.counts().get(FindingKind.fromWord("ok"));
        }
        Page p = open(lab, "lab");
        assertEquals("portaudit report: NOT COMPLIANT", p.eval("document.title").asText());
        assertEquals("NOT COMPLIANT", p.eval("document.getElementById('verdict').textContent").asText());
        assertEquals("pa-dc01 (198.18.0.10)|NOT COMPLIANT|3|1|0|0|0|1",
                p.eval("(() => { const r = document.querySelector('#summary tbody tr');"
                        + " return [r.querySelector('th').textContent, r.querySelector('.verdict').textContent,"
                        + " ...['required-blocked','unexpected-open','forbidden-open','wrong-service','certificate',"
                        + "'unverified'].map(k => r.querySelector('td[data-kind=' + k + ']').textContent)].join('|'); })()")
                        .asText());
        // The script ran under the page's CSP (hash-allowed): the filters are shown and count the rows.
        assertFalse(p.eval("document.getElementById('filters').hidden").asBoolean(), "filters shown by the script");
        assertEquals(rows + " of " + rows + " rows shown", p.eval("document.getElementById('shown').textContent").asText());

        // A real click on the 'ok' checkbox hides exactly the ok rows.
        p.click("#filters input[value=ok]");
        assertEquals(rows - ok, visibleRows(p));
        assertEquals(0, p.eval("[...document.querySelectorAll('tr[data-finding=ok]')]"
                + ".filter(r => r.getClientRects().length > 0).length").asInt());
        assertEquals((rows - ok) + " of " + rows + " rows shown",
                p.eval("document.getElementById('shown').textContent").asText());

        // State filter: only filtered ports remain (the DC's LDAPS is dropped by the lab's firewall).
        p.eval("(() => { const s = document.getElementById('state-filter'); s.value = 'filtered';"
                + " s.dispatchEvent(new Event('change', {bubbles: true})); })()");
        assertTrue(visibleRows(p) >= 1);
        assertEquals(0, p.eval("[...document.querySelectorAll('table.ports tbody tr')]"
                + ".filter(r => r.getClientRects().length > 0 && r.dataset.state !== 'filtered').length").asInt());

        p.click("#show-all");
        assertEquals(rows, visibleRows(p));

        // Sorting: a click on the Port header sorts the DC's expected ports by number, twice reverses.
        p.click("#host-1 table.expected thead th:nth-child(2)");
        List<Double> ports = numbers(p.eval("[...document.querySelectorAll('#host-1 table.expected tbody tr')]"
                + ".map(r => Number(r.children[1].dataset.sort))"));
        List<Double> sorted = new ArrayList<>(ports);
        sorted.sort(null);
        assertEquals(sorted, ports);
        assertEquals("ascending", p.eval("document.querySelector('#host-1 table.expected thead th:nth-child(2)')"
                + ".getAttribute('aria-sort')").asText());
        p.click("#host-1 table.expected thead th:nth-child(2)");
        List<Double> reversed = numbers(p.eval("[...document.querySelectorAll('#host-1 table.expected tbody tr')]"
                + ".map(r => Number(r.children[1].dataset.sort))"));
        assertEquals(sorted.get(sorted.size() - 1), reversed.get(0));

        p.click("#show-all");
        p.eval("window.scrollTo(0, 0)");
        p.screenshot(OUT.resolve("lab.png"), false);
        p.eval("document.getElementById('host-1').scrollIntoView()");
        p.screenshot(OUT.resolve("lab-dc01.png"), false);
        p.eval("document.querySelector('#host-2 tr[data-finding=certificate]').scrollIntoView({block: 'center'})");
        p.screenshot(OUT.resolve("lab-web01-certificate.png"), false);
        assertTrue(p.dialogs().isEmpty(), p.dialogs().toString());
        assertTrue(p.cspViolations().isEmpty(), "the page's own CSS and script are allowed: " + p.cspViolations());
        p.close();
    }

    @Test
    void hostileReportMarkupDoesNotExecute() throws Exception {
        Page p = open(Reports.hostile(), "hostile");
        // Any of the payloads running would change the title, add an attribute, an element, or open a dialog.
        assertEquals("portaudit report: NOT COMPLIANT", p.eval("document.title").asText());
        assertFalse(p.eval("document.documentElement.hasAttribute('data-pwned')").asBoolean());
        assertEquals(0, p.eval("document.querySelectorAll('img, #pwned, b').length").asInt());
        assertEquals(1, p.eval("document.scripts.length").asInt());
        assertEquals(1, p.eval("document.querySelectorAll('svg').length").asInt());
        // ... and the text is there for the reader, intact.
        assertEquals(Reports.ATTR + Reports.SVG + " (198.18.0.66) NOT COMPLIANT",
                p.eval("document.querySelector('#host-1 h2').textContent").asText());
        assertTrue(p.eval("document.body.textContent.includes(" + JSON.writeValueAsString(Reports.SCRIPT) + ")")
                .asBoolean());
        // The javascript: source URL is shown, never a link.
        assertEquals(0, p.eval("[...document.links].filter(a => !/^(https?:|file:.*#)/.test(a.href)).length").asInt());
        // The page's own script still works.
        assertFalse(p.eval("document.getElementById('filters').hidden").asBoolean());
        p.screenshot(OUT.resolve("hostile.png"), false);
        assertTrue(p.dialogs().isEmpty(), "a dialog opened: " + p.dialogs());
        p.close();
    }

    private static int visibleRows(Page p) throws Exception {
        return p.eval("[...document.querySelectorAll('table.ports tbody tr')]"
                + ".filter(r => r.getClientRects().length > 0).length").asInt();
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    /** One tab, attached with a flat session. */
    static final class Page {
        private final Cdp cdp;
        private final String targetId;
        private final String session;

        private Page(Cdp cdp, String targetId, String session) {
            this.cdp = cdp;
            this.targetId = targetId;
            this.session = session;
        }

        static Page open(Cdp cdp, String url) throws Exception {
            String target = cdp.call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
            String session = cdp.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                    .get("sessionId").asText();
            Page p = new Page(cdp, target, session);
            cdp.call(session, "Page.enable", Map.of());
            cdp.call(session, "Log.enable", Map.of());
            cdp.call(session, "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
            cdp.events(session).clear();
            cdp.call(session, "Page.navigate", Map.of("url", url));
            cdp.await(session, "Page.loadEventFired", 30);
            return p;
        }

        JsonNode eval(String expression) throws Exception {
            JsonNode r = cdp.call(session, "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new AssertionError("script failed: " + r.get("exceptionDetails"));
            }
            return r.get("result").path("value");
        }

        /** A real mouse click in the middle of the element. */
        void click(String selector) throws Exception {
            JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + ");"
                    + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                    + " return [r.x + r.width / 2, r.y + r.height / 2]; })()");
            double x = box.get(0).asDouble();
            double y = box.get(1).asDouble();
            for (String type : new String[] {"mousePressed", "mouseReleased"}) {
                cdp.call(session, "Input.dispatchMouseEvent",
                        Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
            }
        }

        void screenshot(Path file, boolean fullPage) throws Exception {
            ObjectNode params = JSON.createObjectNode().put("format", "png");
            if (fullPage) {
                JsonNode size = cdp.call(session, "Page.getLayoutMetrics", Map.of()).get("cssContentSize");
                params.put("captureBeyondViewport", true);
                params.putObject("clip").put("x", 0).put("y", 0).put("width", size.get("width").asDouble())
                        .put("height", Math.min(size.get("height").asDouble(), 12000)).put("scale", 1);
            }
            JsonNode r = cdp.call(session, "Page.captureScreenshot", params);
            Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
        }

        List<String> dialogs() {
            return cdp.events(session).stream().filter(e -> e.get("method").asText().equals("Page.javascriptDialogOpening"))
                    .map(JsonNode::toString).toList();
        }

        List<String> cspViolations() {
            return cdp.events(session).stream().filter(e -> e.get("method").asText().equals("Log.entryAdded"))
                    .map(e -> e.path("params").path("entry").path("text").asText())
                    .filter(t -> t.contains("Content Security Policy")).toList();
        }

        void close() throws Exception {
            cdp.call(null, "Target.closeTarget", Map.of("targetId", targetId));
        }
    }

    /** A minimal DevTools protocol client: numbered calls, and events kept per session. */
    static final class Cdp implements WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<String, List<JsonNode>> events = new ConcurrentHashMap<>();
        private final LinkedBlockingQueue<JsonNode> arrivals = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Cdp connect(URI uri) throws Exception {
            Cdp c = new Cdp();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).get(30, TimeUnit.SECONDS);
            return c;
        }

        JsonNode call(String session, String method, Object params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
            msg.set("params", JSON.valueToTree(params));
            if (session != null) {
                msg.put("sessionId", session);
            }
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ws.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
            JsonNode reply = f.get(60, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + ": " + reply.get("error"));
            }
            return reply.get("result");
        }

        List<JsonNode> events(String session) {
            return events.computeIfAbsent(session == null ? "" : session, k -> new CopyOnWriteArrayList<>());
        }

        /** Waits for an event of that session (bounded), without sleeping. */
        void await(String session, String method, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (events(session).stream().noneMatch(e -> e.get("method").asText().equals(method))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || arrivals.poll(left, TimeUnit.NANOSECONDS) == null) {
                    throw new AssertionError("no " + method + " within " + seconds + " s");
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else if (m.has("method")) {
                        events(m.path("sessionId").asText("")).add(m);
                        arrivals.add(m);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
