package org.portaudit.catalog;

/** A role's change of the level of an endpoint one of its services brings. */
public record LevelOverride(Transport transport, PortSpec port, Level level, String reason) {
}
