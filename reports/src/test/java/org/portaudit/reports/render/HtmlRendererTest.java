package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.Sanitize;

class HtmlRendererTest {
    private static Document page(AuditReport r) {
        return Jsoup.parse(Reports.render(new HtmlRenderer(), r));
    }

    @Test
    void labReportFirstScreenHasVerdictsCountsAndOptions() {
        AuditReport lab = Reports.lab();
        Document d = page(lab);
        assertEquals("NOT COMPLIANT", d.getElementById("verdict").text());
        Elements rows = d.select("#summary tbody tr");
        assertEquals(2, rows.size());
        assertEquals("pa-dc01 (198.18.0.10)", rows.get(0).selectFirst("th").text());
        assertEquals("NOT COMPLIANT", rows.get(0).selectFirst(".verdict").text());
        for (int i = 0; i < 2; i++) {
            for (String kind : List.of("required-blocked", "unexpected-open", "wrong-service", "certificate",
                    "unverified")) {
                assertEquals(Integer.toString(lab.hosts().get(i).counts().get(FindingKind.fromWord(kind))),
                        rows.get(i).selectFirst("td[data-kind=" + kind + "]").text(), kind);
            }
        }
        assertEquals("16", d.selectFirst("#summary tfoot td[data-kind=required-blocked]").text());
        assertEquals("1", d.selectFirst("#summary tfoot td[data-kind=certificate]").text());
        assertTrue(d.selectFirst(".when").text().contains(lab.startedAt()));
        String options = d.selectFirst("details.options").text();
        assertTrue(options.contains("domain-controller, web-server"), options);
        assertTrue(options.contains("1000 ms"), options);
        // the chart: one bar per summary kind, the longest for the largest count
        assertEquals(Observation.SUMMARY_KINDS.size(), d.select("svg rect.bar").size());
        assertEquals("300", d.selectFirst("svg rect.k-ok").attr("width"));
    }

    @Test
    void labReportHostTablesCarryTheEvidence() {
        Document d = page(Reports.lab());
        Element dc = d.getElementById("host-1");
        Element web = d.getElementById("host-2");
        assertEquals("pa-dc01 (198.18.0.10) NOT COMPLIANT", dc.selectFirst("h2").text());
        // expected rows = the report's expected endpoints; unexpected: telnet on the DC
        assertEquals(Reports.lab().hosts().get(0).expected().size(), dc.select("table.expected tbody tr").size());
        Element telnet = dc.selectFirst("table.unexpected tbody tr");
        assertEquals("unexpected-open", telnet.attr("data-finding"));
        assertTrue(telnet.text().contains("23/tcp") && telnet.text().contains("telnet"), telnet.text());
        String dcText = dc.text();
        assertTrue(dcText.contains("DC=lab,DC=portaudit,DC=test"), "LDAP naming context");
        assertTrue(dcText.contains("drsuapi"), "RPC interfaces from the endpoint mapper");
        assertTrue(dcText.contains("KB832017"), "source citation");
        Element cert = web.selectFirst("tr[data-finding=certificate]");
        assertTrue(cert.text().contains("notAfter"), cert.text());
        assertTrue(cert.text().contains("CN=web01.lab.portaudit.test"), cert.text());
        assertEquals("open", cert.attr("data-state"));
        // identity details are open, transport-only details folded
        assertNotNull(cert.selectFirst("details.facts[open]"));
        assertFalse(web.select("tr[data-finding=required-blocked] details.facts:not([open])").isEmpty());
    }

    @Test
    void selfContainedNothingFetched() {
        String html = Reports.render(new HtmlRenderer(), Reports.lab());
        Document d = Jsoup.parse(html);
        assertTrue(d.select("link, img, iframe, object, embed, video, audio, source").isEmpty());
        assertTrue(d.select("script[src], [style]").isEmpty());
        assertFalse(html.contains("url("), "no CSS url()");
        assertFalse(html.contains("@import"));
        String csp = d.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertTrue(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp);
        assertTrue(csp.contains("script-src 'sha256-"), csp);
        assertTrue(d.selectFirst("style").data().contains("@media print"));
        assertEquals(resource("report.js"), d.selectFirst("script").data(), "the script is ours, verbatim");
        assertTrue(d.getElementById("filters").hasAttr("hidden"), "filters appear only with the script");
    }

    @Test
    void hostileReportIsEscapedEverywhere() {
        AuditReport r = Reports.hostile();
        String html = Reports.render(new HtmlRenderer(), r);
        Document d = Jsoup.parse(html);
        // exactly our own elements: one script, no images, no svg but the chart, no element the data named
        assertEquals(1, d.select("script").size());
        assertEquals(1, d.select("svg").size());
        assertTrue(d.select("img, b#pwned, #pwned").isEmpty());
        for (Element e : d.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertFalse(a.getKey().toLowerCase().startsWith("on"), "event handler " + a + " on " + e.tagName());
            }
        }
        // links only to http(s) or the page itself: the javascript: source URL is shown, not linked
        for (Element a : d.select("a[href]")) {
            String href = a.attr("href");
            assertTrue(href.startsWith("#") || href.startsWith("http://") || href.startsWith("https://"), href);
        }
        assertTrue(d.text().contains("javascript:document.title='PWNED'"));
        // raw markup from the data never appears; its escaped text does, intact
        for (String raw : List.of("<script>document", "<img", "<svg/onload", "</script><b", "<b id=pwned>")) {
            assertFalse(html.contains(raw), raw);
        }
        assertTrue(html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;;alert(1)&lt;/script&gt;")
                || html.contains("&lt;script&gt;document.title='PWNED';alert(1)&lt;/script&gt;"));
        Element host = d.getElementById("host-1");
        assertEquals(Reports.ATTR + Reports.SVG + " (198.18.0.66) NOT COMPLIANT", host.selectFirst("h2").text());
        // template syntax in data stays data
        assertTrue(d.text().contains("{{ 7*7 }}{% for x in y %}"));
        assertFalse(d.text().contains("49"));
        // attribute values from the data stay inside their quotes
        Element row = host.selectFirst("table.expected tr[data-finding=certificate]");
        assertNotNull(row);
        assertEquals("open", row.attr("data-state"));
        // the broken host shows its error, escaped
        Element broken = d.getElementById("host-2");
        assertTrue(broken.selectFirst(".host-error").text().contains("cannot resolve " + Reports.SCRIPT));
        // control characters: stored sanitised by the model (evidence) or passed through as text, never markup
        assertTrue(d.text().contains(Sanitize.text(Reports.CONTROLS + Reports.SEPARATORS, 1024)));
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(html), "a lone surrogate never reaches the page");
        assertTrue(html.contains("next.end"), "a lone surrogate is stored as '.' by the model");
    }

    @Test
    void unexpectedPortWithoutNameOrDescriptionStillRenders() {
        Document d = page(Reports.hostile());
        Element ftp = d.selectFirst("#host-1 table.unexpected tr[data-finding=forbidden-open]");
        assertEquals("forbidden-open 21/tcp open unknown forbidden", ftp.text());
    }

    private static String resource(String name) {
        try (InputStream in = HtmlRenderer.class.getClassLoader()
                .getResourceAsStream("org/portaudit/reports/html/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
