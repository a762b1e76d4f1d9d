/**
 * The protocol layer of the probes: each protocol encoded and decoded once, shared by the UDP
 * payloads ({@code probes.udp}) and the TCP conversations ({@code probes.tcp}), which keep only
 * framing and timing.
 *
 * <ul>
 *   <li>{@link org.portaudit.scanner.probes.proto.Wire}: bounded forward reader over a byte array;
 *       every decoder here reads through it and fails with
 *       {@link org.portaudit.scanner.probes.proto.Malformed}, never anything else.</li>
 *   <li>{@link org.portaudit.scanner.probes.proto.Ber}: the one BER/DER codec (Kerberos, LDAP, SNMP).</li>
 *   <li>{@link org.portaudit.scanner.probes.proto.Kerberos}: AS-REQ and kpasswd request parts,
 *       KRB-ERROR / AS-REP decoding and their evidence details.</li>
 *   <li>{@link org.portaudit.scanner.probes.proto.Ldap}: rootDSE / CLDAP searchRequest,
 *       SearchResultEntry and LDAPResult; {@link org.portaudit.scanner.probes.proto.Netlogon}: the
 *       MS-ADTS netlogon reply of an LDAP ping.</li>
 *   <li>{@link org.portaudit.scanner.probes.proto.Dns}: queries through Netty's DNS codec, replies
 *       through its record decoder behind the bounded {@link org.portaudit.scanner.probes.proto.DnsName}.</li>
 *   <li>{@link org.portaudit.scanner.probes.proto.Netbios} (first-level names) and
 *       {@link org.portaudit.scanner.probes.proto.Guids} (MS-DTYP GUID text), used by more than one probe.</li>
 *   <li>{@link org.portaudit.scanner.probes.proto.Details}: the key and value rules of evidence details.</li>
 * </ul>
 */
package org.portaudit.scanner.probes.proto;
