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
 * Who calls it: the boot pipeline after sparse_init() and after the zones
 * code has installed its zone lookup; mm/sparse_hotplug.c for hot-added ranges.
 * The buddy allocator then takes the pages that are not PG_reserved.
 */
#include <mm/memmap_init.h>

#include <arch/arch.h>
#include <lib/list.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/sparse.h>

u64 memmap_init_cycles;

/* x86-64's fixed zone limits, used until the zones code says otherwise. */
#define DEFAULT_ZONE_DMA 0
#define DEFAULT_ZONE_DMA32 1
#define DEFAULT_ZONE_NORMAL 2

static unsigned int default_zone_for_pfn(unsigned long pfn, int nid)
{
	if (pfn < PHYS_PFN(SZ_16M))
		return DEFAULT_ZONE_DMA;
	if (pfn < PHYS_PFN(SZ_4G))
		return DEFAULT_ZONE_DMA32;
	return DEFAULT_ZONE_NORMAL;
}

static zone_for_pfn_t zone_for_pfn = default_zone_for_pfn;

void memmap_set_zone_for_pfn(zone_for_pfn_t fn)
{
	zone_for_pfn = fn ? fn : default_zone_for_pfn;
}

void memmap_init_reset(void)
{
	memmap_set_zone_for_pfn(NULL);
	memmap_init_cycles = 0;
}

unsigned int memmap_zone_for_pfn(unsigned long pfn, int nid)
{
	return zone_for_pfn(pfn, nid);
}

static void init_single_page(struct page *page, unsigned long pfn,
			     unsigned int zone, int nid)
{
	memset(page, 0, sizeof(*page));
	set_page_links(page, zone, nid, pfn_to_section_nr(pfn));
	set_page_count(page, 1);
	page->_mapcount = -1;
	INIT_LIST_HEAD(&page->lru);
	SetPageReserved(page);
}

/* Every page of [start_pfn, end_pfn) initialized and PG_reserved. */
static void init_reserved_range(unsigned long start_pfn, unsigned long end_pfn,
				int nid)
{
	unsigned long pfn = start_pfn, next;

	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(pfn);

		/* Struct pages are contiguous within a section in every model. */
		next = MIN(end_pfn,
			   section_nr_to_pfn(pfn_to_section_nr(pfn) + 1));
		for (; pfn < next; pfn++, page++) {
			init_single_page(page, pfn, zone_for_pfn(pfn, nid),
					 nid);
			if (IS_ALIGNED(pfn, pageblock_nr_pages))
				set_pageblock_migratetype(page,
							  MIGRATE_MOVABLE);
		}
	}
}

/* Clear PG_reserved for free memory (memory minus reserved) in the range. */
static void release_free_ranges(unsigned long start_pfn, unsigned long end_pfn)
{
	phys_addr_t s, e;
	unsigned long pfn, last;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		pfn = MAX(PFN_UP(s), start_pfn);
		last = MIN(PFN_DOWN(e), end_pfn);
		for (; pfn < last; pfn++)
			if (pfn_valid(pfn))
				ClearPageReserved(pfn_to_page(pfn));
	}
}

void memmap_init_range(unsigned long start_pfn, unsigned long end_pfn, int nid,
		       enum meminit_context context)
{
	init_reserved_range(start_pfn, end_pfn, nid);
	if (context == MEMINIT_EARLY)
		release_free_ranges(start_pfn, end_pfn);
}

/*
 * Linux takes each page's node from memblock, so node boundaries need not
 * be section-aligned and one section may hold pages of two nodes.  The
 * section pass gave every page its section's node; give the pages of
 * every memblock range on another node that node (and that node's zone).
 * Sections wholly on one node cost one comparison each.
 */
static void set_range_nodes(void)
{
	unsigned long start, end, pfn, next;
	int i, nid;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start, &end, &nid) {
		if (nid < 0)
			continue;
		for (pfn = start; pfn < end; pfn = next) {
			struct mem_section *ms = __pfn_to_section(pfn);

			next = MIN(end, section_nr_to_pfn(pfn_to_section_nr(pfn) + 1));
			if (!ms || !valid_section(ms) || !early_section(ms) ||
			    section_nid(ms) == nid)
				continue;
			for (; pfn < next; pfn++)
				set_page_links(pfn_to_page(pfn),
					       zone_for_pfn(pfn, nid), nid,
					       pfn_to_section_nr(pfn));
		}
	}
}

void memmap_init(void)
{
	u64 t0 = arch_cycles();
	unsigned long nr, start, end;

	for_each_present_section_nr(0, nr) {
		struct mem_section *ms = __nr_to_section(nr);

		/* Hot-added sections were initialized by sparse_add_section. */
		if (!valid_section(ms) || !early_section(ms))
			continue;
		start = section_nr_to_pfn(nr);
		end = start + PAGES_PER_SECTION;
		init_reserved_range(start, end, section_nid(ms));
	}
	set_range_nodes();
	release_free_ranges(0, MAX_PHYSMEM_PFN);
	memmap_init_cycles = arch_cycles() - t0;
}
