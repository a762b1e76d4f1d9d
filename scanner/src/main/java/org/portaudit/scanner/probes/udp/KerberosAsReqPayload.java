package org.portaudit.scanner.probes.udp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Wire;
import org.portaudit.scanner.probes.proto.Kerberos;

/**
 * Kerberos (RFC 4120) on 88/udp: an AS-REQ without pre-authentication for a principal that does not
 * exist ("portaudit-probe-" and random hex). A KDC answers with a KRB-ERROR, normally
 * KDC_ERR_C_PRINCIPAL_UNKNOWN(6) when the realm is its own, KDC_ERR_WRONG_REALM(68) or
 * KDC_ERR_S_PRINCIPAL_UNKNOWN(7) when it is not; either proves the KDC and names its realm. Nothing
 * here can lock out or guess a real account: no password is ever sent.
 */
public final class KerberosAsReqPayload extends DecodingPayload {
    /** Realm used when the caller has no hint; a KDC still answers (with a realm error). */
    public static final String DEFAULT_REALM = "PORTAUDIT.INVALID";

    private final String user;
    private final String realm;

    public KerberosAsReqPayload(String realmHint, RandomGenerator random) {
        this(realmHint, probeUser(random), random.nextLong() & 0x7fffffffL);
    }

    KerberosAsReqPayload(String realmHint, String user, long nonce) {
        super("kerberos-as-req", Kerberos.asReq(user, realmOf(realmHint), nonce));
        this.user = user;
        this.realm = realmOf(realmHint);
    }

    static String probeUser(RandomGenerator random) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return "portaudit-probe-" + HexFormat.of().formatHex(b);
    }

    /** Kerberos realms are conventionally the upper-case DNS domain. */
    static String realmOf(String hint) {
        if (hint == null || hint.isBlank()) {
            return DEFAULT_REALM;
        }
        String r = hint.trim().toUpperCase(Locale.ROOT);
        if (!r.matches("[A-Z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("not a realm: '" + hint + "'");
        }
        return r;
    }

    String user() {
        return user;
    }

    String realm() {
        return realm;
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        if (Kerberos.startsApplication(w, Kerberos.KRB_ERROR)) {
            Kerberos.KrbError e = Kerberos.readError(w);
            return matched(describe(e), Kerberos.details(e));
        }
        if (Kerberos.startsApplication(w, Kerberos.AS_REP)) {
            String r = Kerberos.readAsRepRealm(w);
            return matched("Kerberos AS-REP" + (r != null ? " from realm " + r : ""), Kerberos.asRepDetails(r));
        }
        return Optional.empty();
    }

    static String describe(Kerberos.KrbError e) {
        return "KRB-ERROR " + Kerberos.errorLabel(e.code())
                + (e.realm() != null ? " from realm " + e.realm() : "");
    }
}
