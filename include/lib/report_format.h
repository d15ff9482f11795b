/* SPDX-License-Identifier: MIT */
/*
 * The report's wire format, as far as code below the run sequence needs it:
 * the JSON object's version and the two marker lines around it.  The
 * report writer (mm/run/report.c, include/run/report.h) prints them; the
 * report store (lib/report_vars.c) finds the JSON in a stored log by them;
 * docs/report.md documents the object.  The version rises whenever a field
 * is renamed or given another meaning.
 */
#ifndef LIB_REPORT_FORMAT_H
#define LIB_REPORT_FORMAT_H

#define REPORT_VERSION 1
#define REPORT_JSON_BEGIN "---8<--- sparsemm report json ---8<---"
#define REPORT_JSON_END "---8<--- end ---8<---"

#endif /* LIB_REPORT_FORMAT_H */
