package org.portaudit.reports.model;

/**
 * Where a report's observations came from when portaudit did not probe the hosts itself: a file another
 * scanner wrote, judged by {@code portaudit judge}. Null in the options of a scan or an audit.
 *
 * @param kind     "nmap-xml"
 * @param file     the file as it was given
 * @param scanner  the scanner that wrote it ("nmap")
 * @param version  its version, as the file says
 * @param args     its command line, as the file says
 * @param scanType the scans it made, per protocol ("connect/tcp, udp/udp")
 */
public record RunSource(String kind, String file, String scanner, String version, String args, String scanType) {
    public RunSource {
        kind = Sanitize.text(kind, 32);
        file = Sanitize.text(file, 512);
        scanner = Sanitize.text(scanner, 64);
        version = Sanitize.text(version, 64);
        args = Sanitize.text(args, 1024);
        scanType = Sanitize.text(scanType, 256);
    }

    /** One line for people: "nmap 7.93 XML report scan.xml (connect/tcp): nmap -sT ...". */
    public String describe() {
        return (scanner == null ? "?" : scanner) + (version == null ? "" : " " + version) + " XML report "
                + (file == null ? "?" : file) + (scanType == null || scanType.isEmpty() ? "" : " (" + scanType + ")")
                + (args == null || args.isEmpty() ? "" : ": " + args);
    }
}
