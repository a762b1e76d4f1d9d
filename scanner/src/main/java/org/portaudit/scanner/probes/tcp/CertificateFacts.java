package org.portaudit.scanner.probes.tcp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** The facts about a server certificate that an audit reports. */
final class CertificateFacts {
    private static final int MAX_SANS = 50;

    private CertificateFacts() {
    }

    /** Whole days from {@code now} to {@code notAfter}, rounded down (negative once expired). */
    static long daysLeft(Instant notAfter, Instant now) {
        return Math.floorDiv(notAfter.getEpochSecond() - now.getEpochSecond(), 86_400L);
    }

    /**
     * subject, issuer, subjectAltNames, notBefore, notAfter (ISO-8601), daysLeft (against
     * {@code clock}), serial, sha256 (of the DER encoding).
     */
    static Map<String, Object> of(X509Certificate cert, Clock clock) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("subject", cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
        d.put("issuer", cert.getIssuerX500Principal().getName(X500Principal.RFC2253));
        String sans = subjectAltNames(cert);
        if (!sans.isEmpty()) {
            d.put("subjectAltNames", sans);
        }
        Instant notAfter = cert.getNotAfter().toInstant();
        d.put("notBefore", cert.getNotBefore().toInstant().toString());
        d.put("notAfter", notAfter.toString());
        d.put("daysLeft", daysLeft(notAfter, clock.instant()));
        d.put("serial", cert.getSerialNumber().toString(16));
        try {
            d.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            // Leave the fingerprint out; everything else still stands.
        }
        return d;
    }

    /** DNS names and IP addresses, "dns:x, ip:y", at most {@link #MAX_SANS}. */
    static String subjectAltNames(X509Certificate cert) {
        Collection<List<?>> all;
        try {
            all = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return "unparsable";
        }
        if (all == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (List<?> san : all) {
            if (out.size() == MAX_SANS) {
                out.add("\u2026");
                break;
            }
            if (san.size() >= 2 && san.get(0) instanceof Integer type && san.get(1) instanceof String value) {
                String kind = switch (type) {
                    case 1 -> "email";
                    case 2 -> "dns";
                    case 6 -> "uri";
                    case 7 -> "ip";
                    default -> null;
                };
                if (kind != null) {
                    out.add(kind + ":" + value);
                }
            }
        }
        return String.join(", ", out);
    }
}
