package org.portaudit.reports.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from a resource Maven fills in (so it never drifts from the pom). */
public final class Version {
    private static final String VERSION = read();

    private Version() {
    }

    /** "0.1.0-SNAPSHOT". */
    public static String number() {
        return VERSION;
    }

    /** "portaudit 0.1.0-SNAPSHOT": the tool member of every report and the --version line. */
    public static String tool() {
        return "portaudit " + VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/org/portaudit/reports/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
