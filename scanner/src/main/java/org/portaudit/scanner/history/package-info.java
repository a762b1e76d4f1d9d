/** The run database (SQLite or PostgreSQL, migrated by Flyway): runs, hosts and observations, and drift from them. */
package org.portaudit.scanner.history;
