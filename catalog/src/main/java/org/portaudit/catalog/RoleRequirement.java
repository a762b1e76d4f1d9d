package org.portaudit.catalog;

/** A port a role itself requires, beyond its services. */
public record RoleRequirement(Endpoint endpoint, Level level, String reason) {
}
