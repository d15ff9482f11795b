/* SPDX-License-Identifier: MIT */
/*
 * The report's figures of struct page initialization on every CPU
 * (report_memmap.c), private to mm/run/: the JSON member model.memmap_init
 * from mm/deferred_init.c's figures (docs/report.md).
 */
#ifndef RUN_REPORT_MEMMAP_H
#define RUN_REPORT_MEMMAP_H

#include <mm/deferred_init.h>

#include "json_writer.h"

/* "memmap_init": the object, or null when s is NULL or not valid. */
void report_json_memmap_init(struct jw *w, const struct deferred_init_stats *s);
/* Cycles of arch_cycles() to nanoseconds (report.c). */
u64 report_cycles_to_ns(u64 c);

#endif /* RUN_REPORT_MEMMAP_H */
