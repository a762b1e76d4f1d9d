/**
 * The TCP conversations: what to send after the connect and how to judge the bytes as they arrive,
 * per port ({@link org.portaudit.scanner.probes.tcp.TcpConversations}). Each keeps only framing and
 * timing: the Kerberos 4-byte and DNS 2-byte length prefixes, LDAP's BER framing, the NetBIOS session
 * header, when a reply is complete and how many bytes are read at most. Kerberos, LDAP, DNS, NetBIOS
 * names and GUID text come from {@code org.portaudit.scanner.probes.proto}, shared with the UDP
 * payloads; SMB2, TDS, DCE/RPC bind, HTTP, banners, RDP and TLS are spoken only here. A reply that
 * breaks its protocol becomes matched = false evidence with a preview of what the peer said
 * ({@link org.portaudit.scanner.probes.tcp.Replies}); nothing leaves the pipeline as an exception.
 * Evidence details are typed (numbers, booleans, lists) with lowerCamelCase keys.
 */
package org.portaudit.scanner.probes.tcp;
