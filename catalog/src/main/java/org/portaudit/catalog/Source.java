package org.portaudit.catalog;

/**
 * Where a catalog fact comes from: a seed document and section, a Microsoft KB article, or a URL.
 * At least one of {@code doc}, {@code kb} or {@code url} is set.
 */
public record Source(String doc, String section, String kb, String url, String title) {
    public Source {
        if (doc == null && kb == null && url == null) {
            throw new IllegalArgumentException("a source needs doc, kb or url");
        }
    }

    public static Source doc(String doc, String section) {
        return new Source(doc, section, null, null, null);
    }

    public static Source kb(String kb, String title) {
        return new Source(null, null, kb, null, title);
    }

    /** One line for people: "000_65eb….txt § Kerberos Key Distribution Center (KDC)" or "KB832017 (title)". */
    public String cite() {
        StringBuilder sb = new StringBuilder();
        if (doc != null) {
            sb.append(doc);
            if (section != null) {
                sb.append(" \u00a7 ").append(section);
            }
        } else if (kb != null) {
            sb.append(kb);
            if (title != null) {
                sb.append(" (").append(title).append(')');
            }
        } else {
            sb.append(title != null ? title + " <" + url + ">" : url);
        }
        return sb.toString();
    }
}
