// SPDX-License-Identifier: MIT
/*
 * memmap_init: the initial state of every struct page (include/mm/memmap_init.h).
 *
 * What it owns: the contents of struct pages until the allocator takes
 * them, and the zone lookup (zone_for_pfn) the zones code installs.
 *
 * Invariants after memmap_init():
 *  - every pfn_valid pfn's page has page_zonenum == zone_for_pfn(pfn, nid),
 *    page_to_nid == the node memblock gives it (its section's node for
 *    pfns in holes), page_to_section == its section;
 *  - refcount 1, mapcount -1, empty lru, no other PG_* bit than
 *    PG_reserved;
 *  - PG_reserved exactly when the pfn is not free memory (reserved, NOMAP,
 *    or not memory at all: a hole inside a present section);
 *  - every pageblock of a present section is MIGRATE_MOVABLE.
 *
 * Every field of every struct page is written (one whole template per
 * page), so the memmaps need not be zeroed beforehand (sparse_alloc_phys_raw).
 * memmap_init_chunk() over any set of section-aligned chunks that covers
 * the present sections once gives the same bytes as one call over all of
 * them: a page's state depends on its pfn, its section and memblock only.
 *
 * Who calls it: mm/deferred_init.c (memmap_init(), the boot pipeline's
 * step after sparse_init() and after the zones code has installed its zone
 * lookup), on one CPU or on every CPU; mm/sparse_hotplug.c for hot-added
 * ranges.  The buddy allocator then takes the pages that are not
 * PG_reserved.
 */
#include <mm/memmap_init.h>

#include <lib/list.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/sparse.h>

/* x86-64's fixed zone limits, used until the zones code says otherwise. */
#define DEFAULT_ZONE_DMA 0
#define DEFAULT_ZONE_DMA32 1
#define DEFAULT_ZONE_NORMAL 2

static unsigned int default_zone_for_pfn(unsigned long pfn, int nid,
					 unsigned long *end_pfn)
{
	unsigned long end = ~0UL;
	unsigned int zone = DEFAULT_ZONE_NORMAL;

	if (pfn < PHYS_PFN(SZ_16M)) {
		end = PHYS_PFN(SZ_16M);
		zone = DEFAULT_ZONE_DMA;
	} else if (pfn < PHYS_PFN(SZ_4G)) {
		end = PHYS_PFN(SZ_4G);
		zone = DEFAULT_ZONE_DMA32;
	}
	if (end_pfn)
		*end_pfn = end;
	return zone;
}

static zone_for_pfn_t zone_for_pfn = default_zone_for_pfn;

void memmap_set_zone_for_pfn(zone_for_pfn_t fn)
{
	zone_for_pfn = fn ? fn : default_zone_for_pfn;
}

void memmap_init_reset(void)
{
	memmap_set_zone_for_pfn(NULL);
}

unsigned int memmap_zone_for_pfn(unsigned long pfn, int nid)
{
	return zone_for_pfn(pfn, nid, NULL);
}

/*
 * The free memory of memblock (memory minus reserved), walked once in
 * ascending order beside the sections: [start, end) is the current free
 * range in pfns, start == end == ~0 when there is none left.
 */
struct free_cursor {
	u64 idx;
	unsigned long start, end;
};

static void free_cursor_next(struct free_cursor *c)
{
	phys_addr_t s, e;

	for (;;) {
		__next_mem_range(&c->idx, NUMA_NO_NODE, MEMBLOCK_NONE,
				 &memblock.memory, &memblock.reserved, &s, &e,
				 NULL);
		if (c->idx == MEMBLOCK_ITER_END) {
			c->start = c->end = ~0UL;
			return;
		}
		c->start = PFN_UP(s);
		c->end = PFN_DOWN(e);
		if (c->start < c->end)
			return;
	}
}

/* Is [pfn, ...) free memory, and where does that answer change? */
static bool free_run(struct free_cursor *c, unsigned long pfn,
		     unsigned long *end)
{
	while (c->end <= pfn && c->start != ~0UL)
		free_cursor_next(c);
	if (pfn < c->start) {
		*end = c->start;
		return false;
	}
	*end = c->end;
	return true;
}

/*
 * Linux's __init_single_page over a run of pages of one zone, node and
 * section: one template written to every page, the list head pointed at
 * itself; a plain stream of stores, no lookup per page.
 */
static void init_page_run(struct page *page, unsigned long pfn,
			  unsigned long end, unsigned int zone, int nid,
			  bool reserved)
{
	struct page tmpl;

	memset(&tmpl, 0, sizeof(tmpl));
	set_page_links(&tmpl, zone, nid, pfn_to_section_nr(pfn));
	set_page_count(&tmpl, 1);
	tmpl._mapcount = -1;
	if (reserved)
		SetPageReserved(&tmpl);
	for (; pfn < end; pfn++, page++) {
		*page = tmpl;
		INIT_LIST_HEAD(&page->lru);
	}
}

/*
 * Every page of [start_pfn, end_pfn) initialized, zone run by zone run:
 * PG_reserved everywhere, or (free != NULL, boot memory) only outside
 * memblock's free memory.  Every pageblock MIGRATE_MOVABLE.
 */
static void init_range(unsigned long start_pfn, unsigned long end_pfn, int nid,
		       struct free_cursor *free)
{
	unsigned long pfn = start_pfn, next, zone_end, free_end;

	while (pfn < end_pfn) {
		/* Struct pages are contiguous within a section in every model. */
		unsigned long sec_end = MIN(
			end_pfn, section_nr_to_pfn(pfn_to_section_nr(pfn) + 1));

		while (pfn < sec_end) {
			unsigned int zone = zone_for_pfn(pfn, nid, &zone_end);
			bool reserved = true;

			next = MIN(sec_end, MAX(zone_end, pfn + 1));
			if (free) {
				reserved = !free_run(free, pfn, &free_end);
				next = MIN(next, free_end);
			}
			init_page_run(pfn_to_page(pfn), pfn, next, zone, nid,
				      reserved);
			pfn = next;
		}
	}
	for (pfn = ALIGN_UP(start_pfn, pageblock_nr_pages); pfn < end_pfn;
	     pfn += pageblock_nr_pages)
		set_pageblock_migratetype(pfn_to_page(pfn), MIGRATE_MOVABLE);
}

void memmap_init_range(unsigned long start_pfn, unsigned long end_pfn, int nid,
		       enum meminit_context context)
{
	struct free_cursor free = { .idx = 0, .start = 0, .end = 0 };

	init_range(start_pfn, end_pfn, nid,
		   context == MEMINIT_EARLY ? &free : NULL);
}

/*
 * Linux takes each page's node from memblock, so node boundaries need not
 * be section-aligned and one section may hold pages of two nodes.  The
 * section pass gave every page its section's node; give the pages of
 * every memblock range on another node that node (and that node's zone),
 * for the sections of [start_pfn, end_pfn) that memmap_init_chunk() took
 * (those of only_nid, or all when NUMA_NO_NODE).  Sections wholly on one
 * node cost one comparison each.
 */
static void set_range_nodes(unsigned long start_pfn, unsigned long end_pfn,
			    int only_nid)
{
	unsigned long start, end, pfn, next;
	int i, nid;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start, &end, &nid) {
		if (nid < 0)
			continue;
		start = MAX(start, start_pfn);
		end = MIN(end, end_pfn);
		for (pfn = start; pfn < end; pfn = next) {
			struct mem_section *ms = __pfn_to_section(pfn);

			next = MIN(end, section_nr_to_pfn(
						pfn_to_section_nr(pfn) + 1));
			if (!ms || !valid_section(ms) || !early_section(ms) ||
			    section_nid(ms) == nid ||
			    (only_nid != NUMA_NO_NODE &&
			     section_nid(ms) != only_nid))
				continue;
			for (; pfn < next; pfn++)
				set_page_links(pfn_to_page(pfn),
					       zone_for_pfn(pfn, nid, NULL),
					       nid, pfn_to_section_nr(pfn));
		}
	}
}

unsigned long memmap_init_chunk(unsigned long start_pfn, unsigned long end_pfn,
				int nid)
{
	struct free_cursor free = { .idx = 0, .start = 0, .end = 0 };
	unsigned long nr, start, pages = 0;

	for (nr = next_present_section_nr(pfn_to_section_nr(start_pfn));
	     nr != -1UL && section_nr_to_pfn(nr) < end_pfn;
	     nr = next_present_section_nr(nr + 1)) {
		struct mem_section *ms = __nr_to_section(nr);

		/* Hot-added sections were initialized by sparse_add_section. */
		if (!valid_section(ms) || !early_section(ms))
			continue;
		if (nid != NUMA_NO_NODE && section_nid(ms) != nid)
			continue;
		start = section_nr_to_pfn(nr);
		init_range(start, start + PAGES_PER_SECTION, section_nid(ms),
			   &free);
		pages += PAGES_PER_SECTION;
	}
	set_range_nodes(start_pfn, end_pfn, nid);
	return pages;
}
