package org.portaudit.reports.render;

import java.io.IOException;
import java.io.Writer;
import org.portaudit.reports.model.AuditReport;

/** Turns a report into one output format. */
public interface Renderer {
    void render(AuditReport report, Writer out) throws IOException;
}
