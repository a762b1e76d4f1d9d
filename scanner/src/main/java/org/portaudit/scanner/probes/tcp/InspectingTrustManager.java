package org.portaudit.scanner.probes.tcp;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts every server, for inspection only: portaudit reads the certificate and sends no data over
 * the connection. Keeps each engine's chain (until taken) so a handshake that fails after the
 * certificate arrived still reports it. An {@link X509ExtendedTrustManager}, so the JDK does not
 * wrap it in its own algorithm checks: an old or weak certificate is reported, not refused.
 */
final class InspectingTrustManager extends X509ExtendedTrustManager {
    private final Map<SSLEngine, X509Certificate[]> chains = Collections.synchronizedMap(new WeakHashMap<>());

    /** The server chain seen by {@code engine}, removed from this manager; null if none arrived. */
    X509Certificate[] take(SSLEngine engine) {
        return chains.remove(engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        if (engine != null && chain != null) {
            chains.put(engine, chain.clone());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Sockets are not used by portaudit; trusting without recording is enough.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // As above.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("portaudit is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("portaudit is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("portaudit is never a TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
