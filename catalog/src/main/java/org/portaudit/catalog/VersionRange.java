package org.portaudit.catalog;

/** Windows versions an entry applies to, both ends inclusive; null means open-ended. */
public record VersionRange(WindowsVersion since, WindowsVersion until) {
    public static final VersionRange ALL = new VersionRange(null, null);

    public VersionRange {
        if (since != null && until != null && since.compareTo(until) > 0) {
            throw new IllegalArgumentException("since " + since.id() + " is after until " + until.id());
        }
    }

    public boolean includes(WindowsVersion v) {
        return (since == null || v.compareTo(since) >= 0) && (until == null || v.compareTo(until) <= 0);
    }

    public boolean isAll() {
        return since == null && until == null;
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all";
        }
        if (since != null && until != null) {
            return since == until ? since.id() + " only" : since.id() + "-" + until.id();
        }
        return since != null ? since.id() + "+" : "up to " + until.id();
    }
}
