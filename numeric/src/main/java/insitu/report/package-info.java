/** What the tools report, as ordered JSON-ready maps ({@link insitu.report.ReportMap}). */
package insitu.report;
