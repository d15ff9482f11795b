/* SPDX-License-Identifier: MIT */
/*
 * Nodes and zones: pg_data_t, struct zone, the buddy allocator's free
 * areas, the per-CPU page lists, watermarks and the zonelists, with
 * Linux's names and field meanings.
 *
 * Boot order (each step prints Linux's lines):
 *   sparse_init()                       sections and memmaps
 *   free_area_init(&cfg)                zone limits, ZONE_MOVABLE, nodes,
 *                                       spanned/present pages; installs
 *                                       zone_idx_for_pfn for memmap_init
 *   memmap_init()                       struct pages get zone/node links
 *   page_alloc_init()                   zonelists, memblock_free_all(),
 *                                       watermarks, lowmem_reserve, pcp
 * After page_alloc_init() the allocator API of <mm/gfp.h> works and
 * memblock no longer hands out memory.
 *
 * Zone boundaries on x86-64: DMA below 16 MiB, DMA32 below 4 GiB, Normal
 * above; Movable is carved out of the highest zone from movablecore= /
 * kernelcore= or from hot-pluggable memblock ranges (movable_node).
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include <lib/list.h>
#include <lib/spinlock.h>
#include <lib/types.h>
#include <mm/gfp.h>
#include <mm/migratetype.h>
#include <mm/mmzone_sections.h>
#include <mm/page.h>

/* ---- CPUs ----------------------------------------------------------------- */

#define NR_CPUS 64 /* compile-time maximum */
extern unsigned int nr_cpu_ids; /* CPUs in use, 1..NR_CPUS (zones_config) */

/* ---- zones ---------------------------------------------------------------- */

enum zone_type {
	ZONE_DMA, /* [0, 16 MiB): ISA DMA */
	ZONE_DMA32, /* [16 MiB, 4 GiB): 32-bit DMA */
	ZONE_NORMAL, /* everything else */
	ZONE_MOVABLE, /* only movable allocations (hot-unpluggable) */
	MAX_NR_ZONES
};
BUILD_BUG_ON(MAX_NR_ZONES > (1 << ZONES_WIDTH));
BUILD_BUG_ON(ZONE_DMA != GFP_Z_DMA || ZONE_DMA32 != GFP_Z_DMA32);
BUILD_BUG_ON(ZONE_NORMAL != GFP_Z_NORMAL || ZONE_MOVABLE != GFP_Z_MOVABLE);

#define MAX_DMA_PFN (SZ_16M >> PAGE_SHIFT) /* 4096 */
#define MAX_DMA32_PFN (SZ_4G >> PAGE_SHIFT) /* 1 << 20 */
#define PAGE_ALLOC_COSTLY_ORDER 3

extern const char *const zone_names[MAX_NR_ZONES];

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/* Per-zone counters (Linux's zone_stat_item; names in /proc/zoneinfo). */
enum zone_stat_item {
	NR_FREE_PAGES, /* pages in free_area[] (not on pcp lists,
				 * not in isolated pageblocks) */
	NR_ZONE_PCP_PAGES, /* sparsemm: pages on this zone's pcp lists,
				 * derived from the pcp counts when read
				 * (no counter on the per-CPU path) */
	NR_VM_ZONE_STAT_ITEMS
};

/*
 * One list per migrate type of free blocks of one order.  A block on
 * free_list[mt] is PageBuddy with buddy_order == this order; nr_free
 * counts the blocks on all lists of this order.
 */
struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

/*
 * Per-CPU page lists: orders 0..PAGE_ALLOC_COSTLY_ORDER for each of the
 * MIGRATE_PCPTYPES types, plus one list for pageblock_order (Linux's THP
 * list).  count is in pages (a block of order o counts 1 << o).  Pages on
 * a list are not PageBuddy, have refcount 0 and keep their order in
 * private and their migrate type in index.
 */
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + 1)

struct per_cpu_pages {
	spinlock_t lock;
	int count; /* pages on the lists */
	int high; /* free down when count reaches this */
	int batch; /* chunk moved to and from the buddy lists */
	short free_factor; /* frees since the last allocation (log2) */
	struct list_head lists[NR_PCP_LISTS];
};

struct pglist_data;

/*
 * struct zone.  Page counts (Linux's definitions):
 *   spanned_pages = zone_end_pfn - zone_start_pfn, holes included;
 *   present_pages = spanned_pages - pages in holes (not memblock.memory);
 *   managed_pages = present_pages - pages never given to the buddy
 *                   allocator (reserved); exact after memblock_free_all,
 *                   an estimate (present - memmap) before it, as Linux.
 * Invariants: managed <= present <= spanned; NR_FREE_PAGES equals the sum
 * over free_area[o].nr_free << o; every free block lies inside
 * [zone_start_pfn, zone_end_pfn) and its pages link to this zone.
 * free_area and vm_stat[NR_FREE_PAGES] change only under lock.
 */
struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost; /* always 0: no boosting here */
	/*
	 * lowmem_reserve[j]: pages this zone keeps back from requests whose
	 * highest allowed zone is j (computed from lowmem_reserve_ratio).
	 */
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset; /* nr_cpu_ids entries */
	int pageset_high;
	int pageset_batch;

	unsigned long zone_start_pfn;
	unsigned long managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	const char *name;
	bool initialized;

	spinlock_t lock;
	struct free_area free_area[NR_PAGE_ORDERS];
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

/* ---- zonelists ------------------------------------------------------------ */

enum {
	ZONELIST_FALLBACK, /* every node, own first, then by distance */
	ZONELIST_NOFALLBACK, /* own node only (__GFP_THISNODE) */
	MAX_ZONELISTS
};

#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)

/* One entry of a zonelist; zone NULL ends the list. */
struct zoneref {
	struct zone *zone;
	int zone_idx;
};

/*
 * Zones to try, best first: for each node in order, its populated zones
 * from the highest index down (Linux's node ordering).  An allocation
 * allowed up to zone index h skips entries with zone_idx > h.
 */
struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

/* ---- nodes ------------------------------------------------------------------ */

/*
 * node_spanned_pages = node end pfn - node_start_pfn (holes included);
 * node_present_pages = the sum of its zones' present_pages.
 */
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones; /* highest populated zone index + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;
} pg_data_t;

/* Nodes with memory; NULL for the others.  Allocated by free_area_init. */
extern struct pglist_data *node_data[MAX_NUMNODES];
#define NODE_DATA(nid) (node_data[(nid)])
extern unsigned int nr_online_nodes;

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

/* ---- zone helpers ----------------------------------------------------------- */

static inline int zone_idx(const struct zone *zone)
{
	return (int)(zone - zone->zone_pgdat->node_zones);
}
static inline int zone_to_nid(const struct zone *zone)
{
	return zone->node;
}
static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}
static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}
static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}
static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return __atomic_load_n(&zone->managed_pages, __ATOMIC_RELAXED);
}
static inline bool managed_zone(const struct zone *zone)
{
	return zone_managed_pages(zone) != 0;
}
static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN] + z->watermark_boost;
}
static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW] + z->watermark_boost;
}
static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH] + z->watermark_boost;
}
static inline unsigned long wmark_pages(const struct zone *z, int i)
{
	return z->_watermark[i] + z->watermark_boost;
}
static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}
/* Pages on the zone's per-CPU lists: the sum of their counts, read
 * without the pcp locks (exact when no CPU is changing them, as Linux's
 * folded vmstat counters). */
unsigned long zone_pcp_pages(const struct zone *zone);
/* The pages the zone's per-CPU lists hold, counted by walking them under
 * their locks (what the counts must add up to; mm/pcp.c). */
unsigned long zone_pcp_listed_pages(struct zone *zone);
/* NR_FREE_PAGES as stored, for the watermark checks: compared with a
 * mark that is never negative, a transiently negative count fails as
 * zone_page_state's 0 would, without the clamp. */
static inline long zone_free_pages_raw(const struct zone *zone)
{
	return __atomic_load_n(&zone->vm_stat[NR_FREE_PAGES], __ATOMIC_RELAXED);
}
static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x;

	if (item == NR_ZONE_PCP_PAGES)
		return zone_pcp_pages(zone);
	x = __atomic_load_n(&zone->vm_stat[item], __ATOMIC_RELAXED);
	return x < 0 ? 0 : (unsigned long)x;
}
static inline void __mod_zone_page_state(struct zone *zone,
					 enum zone_stat_item item, long delta)
{
	__atomic_add_fetch(&zone->vm_stat[item], delta, __ATOMIC_RELAXED);
}
static inline bool free_area_empty(const struct free_area *area, int mt)
{
	return list_empty(&area->free_list[mt]);
}

/* ---- iterators ---------------------------------------------------------------- */

struct pglist_data *first_online_pgdat(void);
struct pglist_data *next_online_pgdat(struct pglist_data *pgdat);
struct zone *next_zone(struct zone *zone);

#define for_each_online_pgdat(pgdat)              \
	for (pgdat = first_online_pgdat(); pgdat; \
	     pgdat = next_online_pgdat(pgdat))

/* Every zone of every node, populated or not. */
#define for_each_zone(zone)                                                   \
	for (zone = first_online_pgdat() ? first_online_pgdat()->node_zones : \
					   NULL;                              \
	     zone; zone = next_zone(zone))

#define for_each_populated_zone(zone)      \
	for_each_zone(zone)                \
		if (!populated_zone(zone)) \
			;                  \
		else

static inline struct zone *zonelist_zone(struct zoneref *z)
{
	return z->zone;
}
static inline int zonelist_zone_idx(const struct zoneref *z)
{
	return z->zone_idx;
}
static inline int zonelist_node_idx(const struct zoneref *z)
{
	return zone_to_nid(z->zone);
}
static inline bool node_isset_mask(int nid, const nodemask_t *mask)
{
	return (mask->bits >> nid) & 1;
}

/* The first entry at or after z with zone_idx <= highest_zoneidx whose
 * node is in nodes (NULL: any); the terminator when there is none. */
struct zoneref *__next_zones_zonelist(struct zoneref *z, int highest_zoneidx,
				      const nodemask_t *nodes);
static inline struct zoneref *next_zones_zonelist(struct zoneref *z,
						  int highest_zoneidx,
						  const nodemask_t *nodes)
{
	if (likely(!nodes && zonelist_zone_idx(z) <= highest_zoneidx))
		return z;
	return __next_zones_zonelist(z, highest_zoneidx, nodes);
}
static inline struct zoneref *first_zones_zonelist(struct zonelist *zonelist,
						   int highest_zoneidx,
						   const nodemask_t *nodes)
{
	return next_zones_zonelist(zonelist->_zonerefs, highest_zoneidx, nodes);
}

#define for_each_zone_zonelist_nodemask(zone, z, zlist, highidx, nodemask) \
	for (z = first_zones_zonelist(zlist, highidx, nodemask),           \
	    zone = zonelist_zone(z);                                       \
	     zone; z = next_zones_zonelist(++z, highidx, nodemask),        \
	    zone = zonelist_zone(z))

/* Continue from z (already positioned) to the end. */
#define for_next_zone_zonelist_nodemask(zone, z, highidx, nodemask) \
	for (zone = z->zone; zone;                                  \
	     z = next_zones_zonelist(++z, highidx, nodemask),       \
	    zone = zonelist_zone(z))

#define for_each_zone_zonelist(zone, z, zlist, highidx) \
	for_each_zone_zonelist_nodemask(zone, z, zlist, highidx, NULL)

/* The zonelist of a node for gfp: NOFALLBACK with __GFP_THISNODE. */
static inline struct zonelist *pgdat_zonelist(pg_data_t *pgdat, gfp_t flags)
{
	return pgdat->node_zonelists + ((flags & __GFP_THISNODE) ?
						ZONELIST_NOFALLBACK :
						ZONELIST_FALLBACK);
}
static inline struct zonelist *node_zonelist(int nid, gfp_t flags)
{
	/* nid is an online node: callers resolve NUMA_NO_NODE and check
	 * the range first (cppcheck cannot see it across the call). */
	// cppcheck-suppress [arrayIndexOutOfBoundsCond, negativeIndex]
	return pgdat_zonelist(NODE_DATA(nid), flags);
}

/* ---- set-up (mm/mm_init_zones.c, mm/zonelist.c, mm/memblock_free_all.c) --- */

struct zones_config {
	/* movablecore= / kernelcore=, in pages (0: not given), or as a
	 * percentage of all memory (0: not given; takes precedence). */
	unsigned long movablecore_pages;
	unsigned int movablecore_percent;
	unsigned long kernelcore_pages;
	unsigned int kernelcore_percent;
	/* movable_node: hot-pluggable memblock ranges become ZONE_MOVABLE
	 * (and movablecore/kernelcore are ignored, as in Linux). */
	bool movable_node;
	/* CPUs the per-CPU lists are set up for (0 means 1). */
	unsigned int nr_cpus;
};

/*
 * Compute zone limits and ZONE_MOVABLE, allocate and fill a pg_data_t for
 * every node with memory (spanned/present pages, initial managed
 * estimates, empty free areas, per-CPU lists), print Linux's "Zone
 * ranges:" ... "On node N, zone X: N pages in unavailable ranges" lines,
 * and install zone_idx_for_pfn() as memmap_init's zone lookup.  Call once
 * memblock is final (nodes set) and after sparse_init().  Returns 0 or
 * -ENOMEM (a pg_data_t or pageset could not be allocated from memblock).
 */
int free_area_init(const struct zones_config *cfg);

/* Zone index of pfn on nid (for memmap_init); ZONE_NORMAL... by limits for
 * a pfn outside every zone of the node. */
unsigned int zone_idx_for_pfn(unsigned long pfn, int nid,
			      unsigned long *end_pfn);

/*
 * After memmap_init(): build the zonelists (prints "Built N zonelists,
 * mobility grouping on.  Total pages: N"), free memblock's free memory to
 * the buddy allocator, compute min_free_kbytes, the watermarks and
 * lowmem_reserve, and size the per-CPU lists.  Returns 0.
 */
int page_alloc_init(void);

/* Forget every node and zone (host tests build several machines). */
void zones_reset(void);

/* ZONE_MOVABLE's first pfn on nid (0: none) and movable_zone. */
extern unsigned long zone_movable_pfn[MAX_NUMNODES];
extern int movable_zone;
/* Zone limits from free_area_init (pfns, [lowest, highest)). */
extern unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
extern unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];

/* Build every node's zonelists and print the "Built" line. */
void build_all_zonelists(void);
/* Distance used to order zonelists: include/mm/numa.h's when present. */
int zonelist_node_distance(int a, int b);
extern unsigned long vm_total_pages;

/*
 * memblock_free_all: give every free memblock range to the buddy allocator
 * in the largest naturally aligned blocks; recounts managed_pages from
 * zero.  Returns the number of pages freed.  After it memblock must not
 * be used to allocate (sparse and the page-table code get their memory
 * from the page allocator).
 */
unsigned long memblock_free_all(void);
/* Linux's __free_pages_core: pages leave PG_reserved, refcount 0, count
 * as managed, and are freed to the tail of the lists (memory onlining uses
 * it too). */
void __free_pages_core(struct page *page, unsigned int order);
extern bool memblock_released;

/* ---- watermarks (mm/watermark.c) ------------------------------------------ */

/* Allocation flags (Linux's ALLOC_*, mm/internal.h values). */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04 /* __GFP_MEMALLOC: ignore them */
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM 0x08
#define ALLOC_NON_BLOCK 0x10 /* cannot block: a further quarter */
#define ALLOC_MIN_RESERVE 0x20 /* __GFP_HIGH: half of min */
#define ALLOC_CPUSET 0x40
#define ALLOC_CMA 0x80
#define ALLOC_NOFRAGMENT 0x100 /* no stealing below pageblock order */
#define ALLOC_HIGHATOMIC 0x200
#define ALLOC_KSWAPD 0x800 /* == __GFP_KSWAPD_RECLAIM */
/* Linux <= 6.2 names for the same two adjustments. */
#define ALLOC_HARDER ALLOC_NON_BLOCK
#define ALLOC_HIGH ALLOC_MIN_RESERVE
BUILD_BUG_ON(ALLOC_KSWAPD != __GFP_KSWAPD_RECLAIM);

extern int min_free_kbytes;
extern int watermark_scale_factor; /* 10: 0.1% of the zone */
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];

/* Integer square root (floor). */
unsigned long int_sqrt(unsigned long x);
/* min_free_kbytes from lowmem, then the watermarks, lowmem_reserve and the
 * per-CPU list sizes (Linux's init_per_zone_wmark_min). */
void init_per_zone_wmark_min(void);
void setup_per_zone_wmarks(void);
void setup_per_zone_lowmem_reserve(void);

/*
 * Is there enough free memory in z for a 2^order request whose highest
 * zone is highest_zoneidx?  free must stay above mark (reduced by half for
 * ALLOC_MIN_RESERVE, then by a quarter for ALLOC_NON_BLOCK, by half more
 * for ALLOC_OOM) plus lowmem_reserve[highest_zoneidx]; for order > 0 a
 * free block of at least that order must exist in a usable list.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
/* The slow path's flags for gfp: ALLOC_WMARK_MIN, MIN_RESERVE for
 * __GFP_HIGH, NON_BLOCK without __GFP_DIRECT_RECLAIM, KSWAPD, CPUSET. */
unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order);
/* Managed minus high watermark over the zones up to highest_zoneidx in
 * node 0's zonelist (Linux's nr_free_zone_pages). */
unsigned long nr_free_zone_pages(int highest_zoneidx);

/* ---- per-CPU lists (mm/pcp.c) --------------------------------------------- */

/* Linux's zone_batchsize / zone_highsize (before the max(1, ...)). */
int zone_batchsize(const struct zone *zone);
int zone_highsize(const struct zone *zone, int batch);
/* Recompute every populated zone's pcp high and batch. */
void setup_per_zone_pcp(void);
/* Give the calling CPU's (or every CPU's) listed pages back to the buddy
 * allocator; zone NULL: every zone. */
void drain_local_pages(struct zone *zone);
void drain_all_pages(struct zone *zone);

/* ---- checks and dumps (mm/vmstat.c, mm/page_alloc_check.c) ---------------- */

/* /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo, printed. */
/*
 * Linux's mm_page_alloc_extfrag tracepoint: when not NULL, called under the
 * zone lock each time the allocator takes a free block of another migrate
 * type (mm/page_alloc.c, after the steal, with Linux's arguments).  The
 * oracle suite (mm/stress/oracle.c) counts fallbacks with it.
 */
extern void (*trace_mm_page_alloc_extfrag)(struct page *page, int alloc_order,
					   int fallback_order,
					   int alloc_migratetype,
					   int fallback_migratetype);

void show_buddyinfo(void);
void show_pagetypeinfo(void);
void show_zoneinfo(void);
/* The files of dump= (enum dump_files bits) in that order, each line given
 * to emit without its newline (NULL: printed at KERN_INFO). */
void vmstat_dump(unsigned int files, void (*emit)(const char *line));
/* The counts /proc/pagetypeinfo shows: free blocks of one type and order
 * (counting stops at 100000, as Linux's), pageblocks per type. */
unsigned long pagetype_free_blocks(struct zone *zone, unsigned int order,
				   int mt);
void pageblock_type_counts(struct zone *zone,
			   unsigned long count[MIGRATE_TYPES]);
/* Linux's show_free_areas summary (the allocation-failure report's). */
void show_free_areas(void);
/*
 * Walk every free list of every zone: each entry PageBuddy, of the list's
 * order, in the zone, of the list's migrate type (for blocks below
 * pageblock order: the list is the block's own or a stolen one), aligned,
 * not seen twice; nr_free and NR_FREE_PAGES match; pcp counts match.
 * Returns 0 or the number of problems (each printed, up to 20).
 */
long mm_check_free_lists(void);

/*
 * Misuse counters, read by the stress suites.  bad_pages counts every
 * bad_page() report (the page is leaked); the others count rejected
 * requests.
 */
struct page_alloc_errors {
	unsigned long bad_pages;
	unsigned long bad_gfp; /* impossible zone or mobility bits */
	unsigned long bad_order; /* order > MAX_PAGE_ORDER */
	unsigned long alloc_failures; /* requests that returned NULL */
};
extern struct page_alloc_errors page_alloc_errors;
/* debug_nolock=on: rmqueue_buddy() runs without zone->lock (a negative
 * test of the concurrent suite; never for real use). */
extern bool page_alloc_debug_nolock;
/*
 * Other CPUs may call the allocator while this one does.  Whoever starts
 * them sets it for as long as they run (every suite's multi-CPU job goes
 * through stress_smp_run(), mm/stress/concurrent.c; a host program sets
 * it around its threads).
 * While it is false only one CPU runs mm code, so nothing remote can hold
 * a per-CPU list lock and its owner takes it with plain stores instead of
 * an atomic exchange (as a Linux kernel built without CONFIG_SMP; Linux
 * SMP kernels always exchange).  Every other lock is taken as always.
 */
extern bool page_alloc_concurrent;
static inline void page_alloc_set_concurrent(bool on)
{
	__atomic_store_n(&page_alloc_concurrent, on, __ATOMIC_SEQ_CST);
}

/* The "process" named in bad-page and failure reports (default
 * "swapper/0"); suites set their own name. */
void page_alloc_set_comm(const char *comm);
extern const char *page_alloc_comm;

/* Free pages of all zones (NR_FREE_PAGES summed). */
unsigned long global_free_pages(void);

#endif
