/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by mm/sparse.c, mm/sparse_hotplug.c, mm/memmap_init.c and
 * mm/sparse_report.c; not part of the mm API.
 */
#ifndef MM_SPARSE_INTERNAL_H
#define MM_SPARSE_INTERNAL_H

#include <mm/sparse.h>

/* Allocate the root holding section nr if absent; 0 or -ENOMEM. */
int sparse_index_init(unsigned long section_nr, int nid);
/* Free the root holding section nr if none of its sections is present. */
void sparse_index_free_if_empty(unsigned long section_nr);

/* Mark a section present (and online) on nid, before its map exists. */
void sparse_mark_present(unsigned long section_nr, int nid,
			 unsigned long flags);

/* Record map (the struct page of the section's first pfn) and usage. */
void sparse_init_one_section(struct mem_section *ms, unsigned long pnum,
			     struct page *map, struct mem_section_usage *usage,
			     unsigned long flags);

/* Set / clear the subsection bits covering [pfn, pfn + nr). */
void subsection_map_set(struct mem_section *ms, unsigned long pfn,
			unsigned long nr);
void subsection_map_clear(struct mem_section *ms, unsigned long pfn,
			  unsigned long nr);
bool subsection_map_empty(const struct mem_section *ms);

/* Clamp a memblock node id to one sections can record. */
int sparse_nid(int nid);

#endif
