package org.portaudit.scanner.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the lab is what lab/README.md says it is, with nothing but java.net: if this fails, the
 * engine's integration tests cannot be trusted either.
 */
class LabSmokeIT {

  private static final int TIMEOUT_MS = 1500;

  @BeforeEach
  void lab() {
    Lab.assumeUp();
  }

  @Test
  void dcAnswersLdapKerberosSmb() throws IOException {
    for (int port : new int[] {389, 88, 445, 135, 53, 3268}) {
      assertOpen(Lab.DC_V4, port);
    }
  }

  @Test
  void dcLdapsIsFilteredByADrop() {
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> connect(Lab.DC_V4, 636));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= TIMEOUT_MS - 100,
        "636 must time out, not fail early");
  }

  @Test
  void dcGlobalCatalogSslAndKpasswdTcpAreClosedByAReset() {
    for (int port : new int[] {3269, 464}) {
      long start = System.nanoTime();
      ConnectException e = assertThrows(ConnectException.class, () -> connect(Lab.DC_V4, port));
      assertTrue(e.getMessage().contains("refused"), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < TIMEOUT_MS / 2,
          port + " must be refused at once");
    }
  }

  @Test
  void dcHasAStrayTelnetListener() throws IOException {
    try (Socket s = connect(Lab.DC_V4, 23); InputStream in = s.getInputStream()) {
      s.setSoTimeout(TIMEOUT_MS);
      assertEquals(0xFF, in.read(), "telnet IAC expected first");
    }
  }

  @Test
  void dcAnswersOverIpv6() throws IOException {
    assertOpen(Lab.DC_V6, 389);
    assertThrows(SocketTimeoutException.class, () -> connect(Lab.DC_V6, 636));
  }

  @Test
  void dcNamesResolveThroughEtcHosts() throws IOException {
    assertArrayEquals(Lab.ip(Lab.DC_V4).getAddress(), InetAddress.getByName(Lab.DC_NAME).getAddress());
    assertArrayEquals(Lab.ip(Lab.DC_V4).getAddress(), InetAddress.getByName(Lab.DC_FQDN).getAddress());
    assertArrayEquals(Lab.ip(Lab.DC_V6).getAddress(), InetAddress.getByName(Lab.DC_V6_NAME).getAddress());
    assertEquals(Lab.ip(Lab.WEB_V4), InetAddress.getByName(Lab.WEB_NAME));
    assertEquals(Lab.ip(Lab.DROP_V4), InetAddress.getByName(Lab.DROP_NAME));
  }

  @Test
  void dcClosedUdpPortAnswersPortUnreachableAndNtpIsDropped() throws IOException {
    // Linux rate-limits ICMP errors per destination (burst 6, then 1/s): allow a few paced tries.
    Udp closed = Udp.SILENT;
    for (int attempt = 0; attempt < 3 && closed == Udp.SILENT; attempt++) {
      closed = udp(Lab.DC_V4, 9999);
    }
    assertEquals(Udp.REFUSED, closed, "udp 9999 on the DC must answer ICMP port unreachable");
    assertEquals(Udp.SILENT, udp(Lab.DC_V4, 123), "udp 123 on the DC is dropped");
  }

  @Test
  void webServesTlsWithAShortLivedCertificate() throws Exception {
    assertOpen(Lab.WEB_V4, 80);
    assertOpen(Lab.WEB_V6, 443);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new TrustEverything()}, null);
    try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress(Lab.ip(Lab.WEB_V4), 443), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      s.startHandshake();
      X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
      assertTrue(cert.getSubjectX500Principal().getName().contains("CN=web01.lab.portaudit.test"),
          cert.getSubjectX500Principal().getName());
      Duration left = Duration.between(Instant.now(), cert.getNotAfter().toInstant());
      assertTrue(left.toDays() <= 10 && !left.isNegative(), "expires in " + left);
    }
    assertThrows(ConnectException.class, () -> connect(Lab.WEB_V4, 22));
  }

  @Test
  void dropHostDropsEverything() {
    assertThrows(SocketTimeoutException.class, () -> connect(Lab.DROP_V4, 80));
    assertThrows(SocketTimeoutException.class, () -> connect(Lab.DROP_V6, 445));
  }

  @Test
  void bulkHostsResetOrDrop() throws IOException {
    assertOpen(Lab.BULK_RST_FIRST, 445);
    assertOpen(Lab.BULK_RST_LAST, 445);
    assertThrows(ConnectException.class, () -> connect(Lab.BULK_RST_LAST, 389));
    assertThrows(SocketTimeoutException.class, () -> connect(Lab.BULK_DROP_LAST, 445));
  }

  @Test
  void addressesTheLabDoesNotOwnNeverLeaveTheMachine() {
    // blackhole 198.18.0.0/15: the connect fails at once (EINVAL), it does not time out.
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> connect(Lab.UNOWNED_V4, 445));
    assertTrue(!(e instanceof SocketTimeoutException), "must fail locally, not time out: " + e);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < TIMEOUT_MS / 2, e.toString());
  }

  private static void assertOpen(String host, int port) throws IOException {
    try (Socket s = connect(host, port)) {
      assertTrue(s.isConnected(), host + ":" + port);
    }
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket s = new Socket();
    try {
      s.setSoLinger(true, 0);
      s.connect(new InetSocketAddress(Lab.ip(host), port), TIMEOUT_MS);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private enum Udp { ANSWERED, REFUSED, SILENT }

  /** One datagram on a connected UDP socket: ICMP port unreachable, silence, or an answer. */
  private static Udp udp(String host, int port) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(Lab.ip(host), port));
      s.setSoTimeout(1100);
      s.send(new DatagramPacket(new byte[] {0}, 1));
      s.receive(new DatagramPacket(new byte[64], 64));
      return Udp.ANSWERED;
    } catch (PortUnreachableException e) {
      return Udp.REFUSED;
    } catch (SocketTimeoutException e) {
      return Udp.SILENT;
    }
  }

  /** Test-only: the lab's certificate is self-signed on purpose. */
  private static final class TrustEverything implements X509TrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
  }
}
