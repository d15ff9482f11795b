/* SPDX-License-Identifier: MIT */
/*
 * memmap_init: give every struct page of every present section its
 * initial state, as Linux's memmap_init / __init_single_page do.
 *
 * The zone of a pfn is the zones code's business: it installs
 * zone_for_pfn with memmap_set_zone_for_pfn() before memmap_init() runs.
 * Until then (and in tests) the default places pfns by x86-64's fixed
 * limits: below 16 MiB ZONE_DMA (0), below 4 GiB ZONE_DMA32 (1), else
 * ZONE_NORMAL (2).
 */
#ifndef MM_MEMMAP_INIT_H
#define MM_MEMMAP_INIT_H

#include <lib/types.h>

/* Linux's meminit_context: boot-time memory or hot-added memory. */
enum meminit_context {
	MEMINIT_EARLY,
	MEMINIT_HOTPLUG,
};

/* Zone index (page_zonenum) of pfn on node nid; *end_pfn (when not
 * NULL) is set to a pfn > pfn up to which every pfn has the same answer
 * (the zone's end), so that memmap_init goes zone by zone instead of
 * asking for every page. */
typedef unsigned int (*zone_for_pfn_t)(unsigned long pfn, int nid,
				       unsigned long *end_pfn);

/* Install the zone lookup; NULL restores the default. */
void memmap_set_zone_for_pfn(zone_for_pfn_t fn);
/* The zone lookup in force. */
unsigned int memmap_zone_for_pfn(unsigned long pfn, int nid);

/*
 * Initialize every struct page of every present section: flags hold zone,
 * node and section (set_page_links), refcount 1, mapcount -1, lru empty,
 * mapping NULL, private 0.  PG_reserved for pages that are not free
 * memory: in memblock.reserved, outside memblock.memory (holes inside a
 * present section) or NOMAP.  Every pageblock is marked MIGRATE_MOVABLE.
 * The work is split over the CPUs installed with deferred_init_set_cpus()
 * (<mm/deferred_init.h>; none: the caller alone) and checked: 0, or
 * -EINVAL when some section was missed or done twice (printed).  Time
 * taken is kept in memmap_init_cycles.
 */
int memmap_init(void);

/*
 * The struct pages of the present early sections of node nid (NUMA_NO_NODE:
 * of every node) whose pfns lie in [start_pfn, end_pfn), both multiples
 * of PAGES_PER_SECTION: initialized as memmap_init() does.  Returns the
 * number of struct pages written (PAGES_PER_SECTION per section).  Calls
 * over disjoint ranges touch disjoint struct pages and may run on
 * different CPUs at once (the pageblock flags are set atomically).
 */
unsigned long memmap_init_chunk(unsigned long start_pfn, unsigned long end_pfn,
				int nid);

/*
 * Initialize the struct pages of [start_pfn, end_pfn) on nid (all
 * pfn_valid).  MEMINIT_EARLY: PG_reserved as memmap_init() decides it;
 * MEMINIT_HOTPLUG: every page PG_reserved until onlined.
 */
void memmap_init_range(unsigned long start_pfn, unsigned long end_pfn, int nid,
		       enum meminit_context context);

extern u64 memmap_init_cycles;

/* Forget the zone lookup (mm_reset()). */
void memmap_init_reset(void);

#endif
