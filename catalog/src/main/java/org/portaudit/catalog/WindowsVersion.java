package org.portaudit.catalog;

import java.util.ArrayList;
import java.util.List;

/** Windows Server versions, oldest first. The seeds describe 2003; CURRENT is the default profile. */
public enum WindowsVersion {
    W2003("2003"), W2003R2("2003r2"), W2008("2008"), W2008R2("2008r2"), W2012("2012"), W2012R2("2012r2"),
    W2016("2016"), W2019("2019"), W2022("2022"), W2025("2025");

    public static final WindowsVersion CURRENT = W2025;

    private final String id;

    WindowsVersion(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** "Windows Server 2008 R2". */
    public String displayName() {
        String base = id.replace("r2", "");
        return "Windows Server " + base + (id.endsWith("r2") ? " R2" : "");
    }

    /** Accepts "2008r2", "2008R2", "2008-r2", "current". */
    public static WindowsVersion parse(String s) {
        String norm = s.trim().toLowerCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
        if (norm.equals("current") || norm.equals("latest")) {
            return CURRENT;
        }
        for (WindowsVersion v : values()) {
            if (v.id.equals(norm)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown Windows version '" + s + "' (expected one of " + ids() + ")");
    }

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (WindowsVersion v : values()) {
            ids.add(v.id);
        }
        return ids;
    }

    /**
     * The range RPC hands dynamic ports out of on this version: 1025-5000 up to 2003 R2,
     * 49152-65535 from 2008 on (KB 929851).
     */
    public PortRange dynamicRpcRange() {
        return compareTo(W2008) < 0 ? new PortRange(1025, 5000) : new PortRange(49152, 65535);
    }

    public static final Source DYNAMIC_RPC_SOURCE = Source.kb("KB929851",
            "The default dynamic port range for TCP/IP has changed since Windows Vista and in Windows Server 2008");
}
