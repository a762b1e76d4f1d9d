/**
 * Inventories for scheduled audits: the YAML file of groups ({@code InventoryParser}), the targets of a group
 * (names, blocks, hosts files, domain controllers found by SRV: {@code DcLocator}), shards, the run lock, and
 * {@code InventoryRun}, which audits group by group and records each host in the history.
 */
package org.portaudit.scanner.inventory;
