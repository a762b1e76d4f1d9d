package org.portaudit.catalog;

/** A role's use of a service: every endpoint of the service at this level. */
public record ServiceRef(String serviceId, Level level, String reason) {
}
