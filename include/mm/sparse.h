/* SPDX-License-Identifier: MIT */
/*
 * SPARSEMEM: sections, their memmaps and usage maps, pageblock flags, the
 * boot flow (memblocks_present, sparse_init), section hot-add/remove, the
 * boot-log figures and the checks.  Constants, struct mem_section and the
 * hot accessors (pfn_valid, __pfn_to_section, ...) are in
 * <mm/mmzone_sections.h>; pfn_to_page/page_to_pfn come with <mm/page.h>
 * from the model header selected by MODEL=.
 *
 * Boot order: memblock complete (memory with nodes, everything in use
 * reserved) -> sparse_init() -> zones set memmap_set_zone_for_pfn() ->
 * memmap_init() (<mm/memmap_init.h>) -> memory to the buddy allocator.
 */
#ifndef MM_SPARSE_H
#define MM_SPARSE_H

#include <lib/types.h>
#include <mm/migratetype.h>
#include <mm/mmzone_sections.h>
#include <mm/page.h>

/* ---- boot flow ---------------------------------------------------------- */

/*
 * Mark the sections of [start_pfn, end_pfn) present on node nid, online and
 * holding nid in their early encoding; allocate each root page needed (one
 * page from memblock on nid).  Pfns past MAX_PHYSMEM_BITS are ignored with
 * a warning.  Returns 0 or -ENOMEM (a root page could not be allocated).
 */
int memory_present(int nid, unsigned long start_pfn, unsigned long end_pfn);
/* memory_present() for every memblock.memory range, with its node. */
int memblocks_present(void);

/*
 * Build every present section: memblocks_present(), then per node
 * (sparse_init_nid) the usage maps and the memmaps of its sections, from
 * that node's memory above 16 MiB when possible.  A section whose memmap
 * cannot be allocated is reported and left absent.  Returns 0, or -ENOMEM
 * when no section could be built.  Call once, after memblock is final.
 */
int sparse_init(void);

/*
 * Forget every section (root pages are abandoned, not freed): for the
 * simulator and tests that build several machines in one process.
 */
void sparse_reset(void);

/* Set / clear SECTION_IS_ONLINE of every present section in the range. */
void online_mem_sections(unsigned long start_pfn, unsigned long end_pfn);
void offline_mem_sections(unsigned long start_pfn, unsigned long end_pfn);

/* The struct page of pfn if pfn_valid() and its section is online. */
struct page *pfn_to_online_page(unsigned long pfn);

/* ---- pageblock flags ------------------------------------------------------ */

/*
 * Read / write the NR_PAGEBLOCK_BITS of pfn's pageblock under mask
 * (pageblock_bits), atomically with respect to the other bits of the word.
 * page is pfn's struct page (unused; kept for Linux's signature).  pfn must
 * be pfn_valid().
 */
static inline unsigned long *pageblock_word(unsigned long pfn,
					    unsigned int *shift)
{
	struct mem_section *ms = __pfn_to_present_section(pfn);
	unsigned long bitidx = ((pfn & ~PAGE_SECTION_MASK) >> pageblock_order) *
			       NR_PAGEBLOCK_BITS;

	*shift = bitidx % BITS_PER_LONG;
	return &ms->usage->pageblock_flags[bitidx / BITS_PER_LONG];
}
/* Inline: every free of a small block reads its pageblock's type. */
static inline unsigned long get_pfnblock_flags_mask(const struct page *page,
						    unsigned long pfn,
						    unsigned long mask)
{
	unsigned int shift;
	unsigned long *word = pageblock_word(pfn, &shift);

	return (__atomic_load_n(word, __ATOMIC_RELAXED) >> shift) & mask;
}
void set_pfnblock_flags_mask(struct page *page, unsigned long flags,
			     unsigned long pfn, unsigned long mask);
static inline int get_pfnblock_migratetype(const struct page *page,
					   unsigned long pfn)
{
	return (int)get_pfnblock_flags_mask(page, pfn, MIGRATETYPE_MASK);
}
int get_pageblock_migratetype(const struct page *page);
void set_pageblock_migratetype(struct page *page, int migratetype);

/* ---- memory for maps and page tables -------------------------------------- */

/*
 * Where sparse gets memmaps, usage maps, root pages and page-table pages,
 * and where it gives them back.  Default (NULL source): memblock, with
 * alloc = memblock_alloc_try_nid (min_addr as given, falling back to any
 * node and to address 0) and free = memblock_phys_free.  Once the buddy
 * allocator owns memory it installs its own source; from then on frees of
 * memory that memblock handed out also go to it.  alloc returns a
 * physical address or 0; the memory is zeroed when 'zero' is true, else
 * left as it was (Linux's memblock_alloc_try_nid_raw, and
 * alloc_pages_node without __GFP_ZERO).
 */
struct sparse_mem_source {
	phys_addr_t (*alloc)(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, int nid, bool zero);
	void (*free)(phys_addr_t pa, phys_addr_t size);
};
void sparse_set_mem_source(const struct sparse_mem_source *src);
/* The default source's allocation (memblock, zeroed or raw), for a source
 * that adds to it. */
phys_addr_t sparse_memblock_alloc(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, int nid, bool zero);
/* Zeroed: usage maps, root pages, page-table pages. */
phys_addr_t sparse_alloc_phys(phys_addr_t size, phys_addr_t align,
			      phys_addr_t min_addr, int nid);
/*
 * Not zeroed: memmaps only (Linux's memmap_alloc).  Every struct page in
 * it is written whole by memmap_init() (early sections, holes included)
 * or memmap_init_range() (hot-added ranges) before anything reads it.
 */
phys_addr_t sparse_alloc_phys_raw(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, int nid);
void sparse_free_phys(phys_addr_t pa, phys_addr_t size);

/* ---- the memory-model backend (mm/model/$(MODEL)/) ---------------------- */

/*
 * Each model provides these; sparse.c and sparse_hotplug.c call them.
 * memmap_model_prepare: once, after memblocks_present, before any section
 *   map (flatmem allocates its whole mem_map here); 0 or -ENOMEM.
 * memmap_model_populate: make struct pages exist for [start_pfn, start_pfn
 *   + nr_pages), inside one section, aligned to memmap_model_granularity;
 *   return the struct page of start_pfn, or NULL (memory exhausted, or a
 *   range the model cannot map, reported).
 * memmap_model_depopulate: undo populate for the same range, returning the
 *   memory to the sparse_mem_source.
 * memmap_model_bytes: bytes the model spends on struct pages right now.
 */
extern const char memory_model_name[];
extern const unsigned long memmap_model_granularity; /* in pages */
int memmap_model_prepare(void);
struct page *memmap_model_populate(unsigned long start_pfn,
				   unsigned long nr_pages, int nid);
void memmap_model_depopulate(unsigned long start_pfn, unsigned long nr_pages);
u64 memmap_model_bytes(void);

/* The vmemmap machinery (mm/sparse_vmemmap.c), used by the vmemmap model. */
int vmemmap_populate(unsigned long start, unsigned long end, int nid);
int vmemmap_populate_hugepages(unsigned long start, unsigned long end, int nid);
int vmemmap_populate_basepages(unsigned long start, unsigned long end, int nid);
void vmemmap_free(unsigned long start, unsigned long end);
/* Bytes of vmemmap backing mapped with 2 MiB and with 4 KiB mappings. */
struct vmemmap_counts {
	u64 pmd_bytes;
	u64 pte_bytes;
};
void vmemmap_get_counts(struct vmemmap_counts *out);
void vmemmap_reset_counts(void);

/* ---- hot-add and remove (mm/sparse_hotplug.c) ---------------------------------- */

/*
 * Hooks for the zones code: online() puts the pages of a freshly added
 * range into a zone and frees them to the allocator; offline() takes a
 * range back out of the allocator before removal (0, or -EBUSY).  Either
 * may be NULL (pages then stay PG_reserved, offline and unused).
 */
struct sparse_hotplug_ops {
	int (*online)(int nid, unsigned long start_pfn, unsigned long nr_pages);
	int (*offline)(unsigned long start_pfn, unsigned long nr_pages);
};
void sparse_set_hotplug_ops(const struct sparse_hotplug_ops *ops);

/*
 * Add [start_pfn, start_pfn + nr_pages) on nid: inside one section,
 * aligned to memmap_model_granularity, not already present.  Allocates the
 * root and usage map if needed, populates the memmap, initializes the
 * struct pages (PG_reserved until onlined), marks the range present and
 * valid, then calls ops->online.  Returns 0, -EINVAL (bad range), -EEXIST
 * (already present), -ENOMEM, or online()'s error (the add is undone).
 */
int sparse_add_section(int nid, unsigned long start_pfn,
		       unsigned long nr_pages);

/*
 * Remove a range added with sparse_add_section (or a whole early section).
 * Every pfn must be unused: is_free(pfn, ctx) says so for each pfn (NULL:
 * a pfn is unused when its page is PG_reserved with refcount <= 1, i.e.
 * never onlined).  Otherwise nothing changes and -EBUSY is returned after
 * an error naming the busy pfns.  Then ops->offline, depopulate the memmap,
 * free the usage map and the root when they are no longer used.
 */
int sparse_remove_section(unsigned long start_pfn, unsigned long nr_pages,
			  bool (*is_free)(unsigned long pfn, void *ctx),
			  void *ctx);

/* ---- figures and checks (mm/sparse_report.c) ---------------------------- */

#define SPARSE_MAX_NODES 64

struct sparse_stats {
	unsigned long present_sections;
	unsigned long online_sections;
	unsigned long node_present[SPARSE_MAX_NODES];
	unsigned long node_online[SPARSE_MAX_NODES];
	unsigned long root_pages; /* roots allocated */
	u64 present_bytes; /* memblock.memory inside present sections */
	u64 memmap_bytes; /* struct pages of the built model */
	u64 hole_bytes; /* of which for pfns that are not memory */
	u64 usage_bytes; /* mem_section_usage maps */
	unsigned long pgtable_pages; /* page-table pages for the vmemmap */
	u64 sparse_init_cycles;
	u64 memmap_init_cycles;
	/* What each model would spend on this machine (computed). */
	u64 cost_vmemmap_memmap, cost_vmemmap_pgtables;
	u64 cost_sparse_memmap, cost_flatmem_memmap;
	u64 cost_sparse_holes, cost_flatmem_holes;
};
/* Fill *st from the section table, memblock and the arch counters. */
void sparse_get_stats(struct sparse_stats *st);
/* Print the figures above (the boot log's "sparse:" lines). */
void sparse_print_model_costs(void);

/* Cycle counts measured by sparse_init() and memmap_init(). */
extern u64 sparse_init_cycles, memmap_init_cycles;

/*
 * For every pfn of every present section: page_to_pfn(pfn_to_page(pfn)) ==
 * pfn and the page's flags give the section and the node memblock gives
 * the pfn (the section's node for holes; and zone_for_pfn's zone when
 * 'zones'); pfns of absent sections up to the
 * highest present section are !pfn_valid.  Returns the number of
 * violations (each printed, at most 'max_report' of them).
 */
unsigned long sparse_check_pfns(bool zones, unsigned long max_report);

#endif
