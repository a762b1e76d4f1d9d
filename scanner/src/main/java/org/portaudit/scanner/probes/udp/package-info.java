/**
 * The UDP payloads: one request datagram per probe and the judge of one reply datagram, per port
 * ({@link org.portaudit.scanner.probes.udp.UdpPayloads}). Each payload keeps only the datagram: the
 * transaction ID, nonce or cookie chosen when it is built, and which replies are its own. The
 * protocols themselves (BER, Kerberos, LDAP/CLDAP and the netlogon reply, DNS, NetBIOS names) are
 * those of {@code org.portaudit.scanner.probes.proto}, shared with the TCP conversations; the
 * protocols only UDP speaks here (SNMP, NTP, IKE, L2TP, RADIUS, DHCP, TFTP, SSDP, SQL Browser, the
 * simple services) stay in this package. Every reply is read through a bounded
 * {@link org.portaudit.scanner.probes.proto.Wire}; a malformed one ends as "no match", never as an
 * exception. Evidence details are typed (numbers, booleans, lists) with lowerCamelCase keys.
 */
package org.portaudit.scanner.probes.udp;
