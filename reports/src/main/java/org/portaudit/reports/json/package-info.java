/** The JSON mapper, and reading report.json back: schema 2 directly, schema 1 upgraded first. */
package org.portaudit.reports.json;
