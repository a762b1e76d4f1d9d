package org.portaudit.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.portaudit.reports.model.AuditReport;
import org.portaudit.reports.model.FindingKind;
import org.portaudit.reports.model.HostReport;
import org.portaudit.reports.model.PortCheck;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlRendererTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void labReportOneSuitePerHostOneCasePerCheck() throws Exception {
        AuditReport lab = Reports.lab();
        Document d = parse(Reports.render(new JunitXmlRenderer(), lab));
        Element root = d.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(lab.hosts().size(), suites.getLength());
        int allTests = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            HostReport h = lab.hosts().get(i);
            int tests = h.expected().size() + h.unexpected().size();
            for (PortCheck c : h.expected()) {
                tests += c.endpoints().size(); // each advertised dynamic RPC port is a testcase of its own
            }
            allTests += tests;
            assertEquals(Observation.hostLabel(h), s.getAttribute("name"));
            assertEquals(tests, s.getElementsByTagName("testcase").getLength());
            assertEquals(Integer.toString(tests), s.getAttribute("tests"));
            int failures = 0;
            for (String k : new String[] {"required-blocked", "unexpected-open", "forbidden-open", "wrong-service",
                "certificate"}) {
                failures += h.counts().get(FindingKind.fromWord(k));
            }
            int skipped = h.counts().get(FindingKind.fromWord("unverified")) + h.counts().get(FindingKind.fromWord("not-checked"));
            assertEquals(failures, s.getElementsByTagName("failure").getLength());
            assertEquals(Integer.toString(failures), s.getAttribute("failures"));
            assertEquals(skipped, s.getElementsByTagName("skipped").getLength());
            assertEquals(Integer.toString(skipped), s.getAttribute("skipped"));
        }
        assertEquals(Integer.toString(allTests), root.getAttribute("tests"));
        Element cert = byName((Element) suites.item(1), "443/tcp HTTPS");
        Element failure = (Element) cert.getElementsByTagName("failure").item(0);
        assertEquals("certificate", failure.getAttribute("type"));
        assertTrue(failure.getTextContent().contains("notAfter=2026-12-02"), failure.getTextContent());
        assertTrue(failure.getTextContent().contains("required by: web-server/http-ssl"), failure.getTextContent());
        assertEquals("portaudit.pa-web01.expected", cert.getAttribute("classname"));
        assertNotNull(byName((Element) suites.item(0), "unexpected 23/tcp telnet").getElementsByTagName("failure").item(0));
    }

    @Test
    void hostileReportIsValidXmlWithTextIntact() throws Exception {
        AuditReport r = Reports.hostile();
        String xml = Reports.render(new JunitXmlRenderer(), r);
        Document d = parse(xml);
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertEquals(JunitXmlRenderer.legal(Reports.ATTR + Reports.SVG) + " (198.18.0.66)", suite.getAttribute("name"));
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertEquals("certificate: " + Reports.stored("certificate expires in 3 day(s) " + Reports.ALL),
                failure.getAttribute("message"), "attribute text survives parsing");
        Element skipped = (Element) d.getElementsByTagName("skipped").item(0);
        assertEquals("unverified: @SUM(1) nul.bel.esc.[31mred..next.end", skipped.getAttribute("message"));
        assertEquals(2, d.getElementsByTagName("skipped").getLength());
        assertEquals(5, ((Element) suite).getElementsByTagName("failure").getLength());
        // the host that could not be audited is one error
        Element broken = (Element) d.getElementsByTagName("testsuite").item(1);
        Element error = (Element) broken.getElementsByTagName("error").item(0);
        assertEquals(Reports.stored("cannot resolve " + Reports.ALL), error.getAttribute("message"));
        assertEquals("1", broken.getAttribute("errors"));
    }

    @Test
    void illegalCharactersAreDropped() {
        assertEquals("ab\t\n\rc\uD83D\uDE00d", JunitXmlRenderer.legal("a\u0000b\t\n\r\u001bc\uD83D\uDE00\uD800d\uFFFE"));
    }

    private static Element byName(Element d, String name) {
        NodeList cases = d.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }
}
