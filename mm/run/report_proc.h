/* SPDX-License-Identifier: MIT */
/*
 * Linux's /proc files in the report (report_proc.c), private to mm/run/.
 * dump is the DUMP_* bit set of dump=.
 */
#ifndef RUN_REPORT_PROC_H
#define RUN_REPORT_PROC_H

#include "json_writer.h"

/* Each requested file under a "sparsemm: report: /proc/NAME:" line. */
void report_print_dumps(unsigned int dump);
/* The JSON members, null when not requested. */
void report_json_buddyinfo(struct jw *w, unsigned int dump);
void report_json_pagetypeinfo(struct jw *w, unsigned int dump);
void report_json_zoneinfo(struct jw *w, unsigned int dump);

#endif /* RUN_REPORT_PROC_H */
