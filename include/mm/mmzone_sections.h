/* SPDX-License-Identifier: MIT */
/*
 * SPARSEMEM sections on x86-64: the constants, struct mem_section and the
 * hot accessors, with Linux's names and encoding.  This header does not
 * include <mm/page.h> (the classic-sparse model header includes it from
 * page.h); the rest of the sparse API is in <mm/sparse.h>.
 *
 * Physical memory is cut into sections of 2^SECTION_SIZE_BITS bytes.  A
 * section is present when some RAM in it is known; each present section
 * has a memmap (the struct pages of all its pfns, holes included) and a
 * mem_section_usage (subsection bitmap and pageblock flags).
 *
 * SPARSEMEM_EXTREME: mem_section[] is a table of NR_SECTION_ROOTS pointers;
 * each root is one page holding SECTIONS_PER_ROOT sections and is
 * allocated only when one of its sections becomes present.
 *
 * section_mem_map encoding (Linux's):
 *   bit 0 SECTION_MARKED_PRESENT, bit 1 SECTION_HAS_MEM_MAP,
 *   bit 2 SECTION_IS_ONLINE, bit 3 SECTION_IS_EARLY;
 *   before the map exists: node id << SECTION_NID_SHIFT;
 *   after: (address of the struct page of the section's first pfn) minus
 *   section_start_pfn * sizeof(struct page), so that for any pfn of the
 *   section its struct page is (coded & SECTION_MAP_MASK) + pfn.
 * sparsemm encodes the map this way in every memory model (for flatmem it
 * points into the one mem_map), so pfn_valid() and the checks are common.
 */
#ifndef MM_MMZONE_SECTIONS_H
#define MM_MMZONE_SECTIONS_H

#include <lib/types.h>
#include <mm/pfn.h>

/* ---- x86-64 constants ------------------------------------------------- */

#define SECTION_SIZE_BITS 27 /* 128 MiB */
#define MAX_PHYSMEM_BITS 46 /* 4-level paging */
#define SECTIONS_SHIFT (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK (~(PAGES_PER_SECTION - 1))
#define NR_MEM_SECTIONS (1UL << SECTIONS_SHIFT)
#define MAX_PHYSMEM_PFN (1UL << (MAX_PHYSMEM_BITS - PAGE_SHIFT))

/* Subsections: the hot-plug granularity of the vmemmap model. */
#define SUBSECTION_SHIFT 21 /* 2 MiB */
#define SUBSECTION_SIZE (1UL << SUBSECTION_SHIFT)
#define PFN_SUBSECTION_SHIFT (SUBSECTION_SHIFT - PAGE_SHIFT)
#define PAGES_PER_SUBSECTION (1UL << PFN_SUBSECTION_SHIFT)
#define PAGE_SUBSECTION_MASK (~(PAGES_PER_SUBSECTION - 1))
#define SUBSECTIONS_PER_SECTION (1UL << (SECTION_SIZE_BITS - SUBSECTION_SHIFT))

/* The buddy allocator's block sizes (inclusive maximum order). */
#define MAX_PAGE_ORDER 10
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)
#define NR_PAGEBLOCK_BITS 4 /* 3 migrate-type bits and the skip bit */
#define PAGEBLOCKS_PER_SECTION (PAGES_PER_SECTION / pageblock_nr_pages)

/* SPARSEMEM_EXTREME roots: one page of sections each. */
#define SECTION_ROOT_BYTES 4096UL
#define SECTIONS_PER_ROOT (SECTION_ROOT_BYTES / sizeof(struct mem_section))
#define SECTION_ROOT_MASK (SECTIONS_PER_ROOT - 1)
#define NR_SECTION_ROOTS (NR_MEM_SECTIONS / SECTIONS_PER_ROOT)
#define SECTION_NR_TO_ROOT(sec) ((sec) / SECTIONS_PER_ROOT)

/* section_mem_map flag bits. */
enum {
	SECTION_MARKED_PRESENT_BIT,
	SECTION_HAS_MEM_MAP_BIT,
	SECTION_IS_ONLINE_BIT,
	SECTION_IS_EARLY_BIT,
	SECTION_MAP_LAST_BIT,
};
#define SECTION_MARKED_PRESENT (1UL << SECTION_MARKED_PRESENT_BIT)
#define SECTION_HAS_MEM_MAP (1UL << SECTION_HAS_MEM_MAP_BIT)
#define SECTION_IS_ONLINE (1UL << SECTION_IS_ONLINE_BIT)
#define SECTION_IS_EARLY (1UL << SECTION_IS_EARLY_BIT)
#define SECTION_MAP_MASK (~((1UL << SECTION_MAP_LAST_BIT) - 1))
#define SECTION_NID_SHIFT SECTION_MAP_LAST_BIT

#define BITS_PER_LONG 64
#define SUBSECTION_MAP_LONGS \
	((SUBSECTIONS_PER_SECTION + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define PAGEBLOCK_FLAGS_LONGS                                               \
	((PAGEBLOCKS_PER_SECTION * NR_PAGEBLOCK_BITS + BITS_PER_LONG - 1) / \
	 BITS_PER_LONG)

/*
 * Per present section.  subsection_map: bit i set when subsection i (2 MiB)
 * has a memmap; for early sections every subsection holding memory is
 * set, for hot-added ones exactly the added subsections.  pageblock_flags:
 * NR_PAGEBLOCK_BITS per pageblock (migrate type in the low 3).  nid is
 * sparsemm's: the section's node, kept here once section_mem_map holds the
 * map (Linux keeps it in page->flags or section_to_node_table).
 */
struct mem_section_usage {
	unsigned long subsection_map[SUBSECTION_MAP_LONGS];
	unsigned long pageblock_flags[PAGEBLOCK_FLAGS_LONGS];
	int nid;
};

struct mem_section {
	unsigned long section_mem_map;
	struct mem_section_usage *usage;
};

/* Layout limits. */
BUILD_BUG_ON(sizeof(struct mem_section) != 16);
BUILD_BUG_ON(SECTIONS_PER_ROOT != 256);
BUILD_BUG_ON(NR_SECTION_ROOTS *SECTIONS_PER_ROOT != NR_MEM_SECTIONS);
BUILD_BUG_ON(MAX_PAGE_ORDER + PAGE_SHIFT > SECTION_SIZE_BITS);
BUILD_BUG_ON(pageblock_order > MAX_PAGE_ORDER);
BUILD_BUG_ON(SUBSECTION_SHIFT > SECTION_SIZE_BITS);
BUILD_BUG_ON(SUBSECTION_SHIFT < pageblock_order + PAGE_SHIFT);
BUILD_BUG_ON(SUBSECTIONS_PER_SECTION > BITS_PER_LONG * SUBSECTION_MAP_LONGS);
BUILD_BUG_ON(SECTIONS_SHIFT > 19); /* SECTIONS_WIDTH of page->flags */
BUILD_BUG_ON(MAX_PHYSMEM_BITS > 52);

/* The root table (mm/sparse.c); a NULL root holds no present section. */
extern struct mem_section *mem_section[NR_SECTION_ROOTS];
/* Highest section number ever marked present (0 when none). */
extern unsigned long __highest_present_section_nr;

/* ---- converters and predicates ---------------------------------------- */

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}
static inline unsigned long section_nr_to_pfn(unsigned long sec)
{
	return sec << PFN_SECTION_SHIFT;
}
static inline unsigned long subsection_nr(unsigned long pfn)
{
	return (pfn & ~PAGE_SECTION_MASK) >> PFN_SUBSECTION_SHIFT;
}

/* The section, or NULL when its root is absent or nr is out of range. */
static inline struct mem_section *__nr_to_section(unsigned long nr)
{
	struct mem_section *root;

	if (nr >= NR_MEM_SECTIONS)
		return NULL;
	root = mem_section[SECTION_NR_TO_ROOT(nr)];
	if (!root)
		return NULL;
	return &root[nr & SECTION_ROOT_MASK];
}
/* The section of a pfn that has a struct page, so whose section is
 * present: no bound or root checks (the pageblock bitmap's readers,
 * which dereference the section anyway). */
static inline struct mem_section *__pfn_to_present_section(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);

	return &mem_section[SECTION_NR_TO_ROOT(nr)][nr & SECTION_ROOT_MASK];
}
static inline struct mem_section *__pfn_to_section(unsigned long pfn)
{
	return __nr_to_section(pfn_to_section_nr(pfn));
}

static inline bool present_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_MARKED_PRESENT);
}
static inline bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_HAS_MEM_MAP);
}
static inline bool online_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_IS_ONLINE);
}
static inline bool early_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_IS_EARLY);
}
static inline bool present_section_nr(unsigned long nr)
{
	return present_section(__nr_to_section(nr));
}
static inline bool valid_section_nr(unsigned long nr)
{
	return valid_section(__nr_to_section(nr));
}
static inline bool online_section_nr(unsigned long nr)
{
	return online_section(__nr_to_section(nr));
}

/* The encoded map's base: add a pfn of the section (in bytes, as integer
 * arithmetic, since the base itself need not point into any object). */
static inline unsigned long __section_mem_map_base(const struct mem_section *ms)
{
	return ms->section_mem_map & SECTION_MAP_MASK;
}

/* Node of a section: from the early encoding before the map exists, from
 * the usage map after.  -1 for an absent section. */
static inline int section_nid(const struct mem_section *ms)
{
	if (!present_section(ms))
		return -1;
	if (ms->usage)
		return ms->usage->nid;
	return (int)(ms->section_mem_map >> SECTION_NID_SHIFT);
}

static inline bool pfn_section_valid(const struct mem_section *ms,
				     unsigned long pfn)
{
	unsigned long idx = subsection_nr(pfn);

	return ms->usage && ((ms->usage->subsection_map[idx / BITS_PER_LONG] >>
			      (idx % BITS_PER_LONG)) &
			     1);
}

/*
 * pfn_valid: does pfn have a struct page?  False past MAX_PHYSMEM_BITS,
 * false when its section has no memmap; true for early sections (their
 * whole memmap exists, holes included), else by the subsection bit.
 */
static inline bool pfn_valid(unsigned long pfn)
{
	const struct mem_section *ms;

	if (pfn >= MAX_PHYSMEM_PFN)
		return false;
	ms = __pfn_to_section(pfn);
	if (!valid_section(ms))
		return false;
	return early_section(ms) || pfn_section_valid(ms, pfn);
}

/* The first present section at or after nr, or -1UL. */
unsigned long next_present_section_nr(unsigned long nr);

#define for_each_present_section_nr(start, nr)                \
	for (nr = next_present_section_nr(start); nr != -1UL; \
	     nr = next_present_section_nr(nr + 1))

#endif
