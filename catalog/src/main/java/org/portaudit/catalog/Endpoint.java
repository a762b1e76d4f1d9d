package org.portaudit.catalog;

/** One row of a service's port table: application protocol, transport, port. */
public record Endpoint(String protocol, Transport transport, PortSpec port, VersionRange versions, Source source,
                       String note) {
}
