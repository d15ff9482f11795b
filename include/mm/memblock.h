/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time memory manager, with Linux's names and semantics.
 *
 * Two collections of physical ranges: memblock.memory (RAM the machine has)
 * and memblock.reserved (RAM that is in use: the image, stacks, tables and
 * every memblock allocation).  "Free" memory is memory minus reserved.
 * Regions are kept sorted, non-overlapping, non-empty and minimal (touching
 * neighbours with the same nid and flags are merged); mm/memblock.c states
 * the invariants and memblock_check() verifies them.
 *
 * Two API families:
 *  - the range API: memblock_add/remove/reserve/phys_free, flag and node
 *    setters, queries and the for_each_* iterators;
 *  - the allocation API: memblock_phys_alloc*() returning a physical address
 *    (0 on failure) and memblock_alloc*() returning a zeroed direct-map
 *    pointer (NULL on failure).
 *
 * memblock lives from the first memblock_add until memory is handed to the
 * buddy allocator; it is single-threaded and has no locking.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include <lib/types.h>
#include <lib/printk.h>
#include <mm/pfn.h>

#define INIT_MEMBLOCK_REGIONS 128
#define INIT_MEMBLOCK_RESERVED_REGIONS INIT_MEMBLOCK_REGIONS

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif
#ifndef SMP_CACHE_BYTES
#define SMP_CACHE_BYTES 64
#endif

#define PHYS_ADDR_MAX (~(phys_addr_t)0)

/* Limits for the allocation API's end / max_addr argument. */
#define MEMBLOCK_ALLOC_ANYWHERE (~(phys_addr_t)0) /* ignore current_limit */
#define MEMBLOCK_ALLOC_ACCESSIBLE 0 /* up to memblock.current_limit */
#define MEMBLOCK_LOW_LIMIT 0

/* Region flags (memblock.memory only), values as in Linux. */
#define MEMBLOCK_NONE 0x0
#define MEMBLOCK_HOTPLUG \
	0x1 /* hot-pluggable (SRAT); skipped with movable_node */
#define MEMBLOCK_MIRROR \
	0x2 /* mirrored: preferred for allocations when any exists */
#define MEMBLOCK_NOMAP \
	0x4 /* not in the direct map: never allocated, skipped by for_each_mem_range */

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	unsigned int flags;
	int nid; /* NUMA_NO_NODE until memblock_set_node() or memblock_add_node() */
};

struct memblock_type {
	unsigned long cnt; /* regions in use */
	unsigned long max; /* capacity of regions[] */
	phys_addr_t total_size; /* sum of the regions' sizes */
	struct memblock_region *regions;
	const char *name; /* "memory" or "reserved" */
};

struct memblock {
	bool bottom_up; /* allocation direction; top-down by default */
	phys_addr_t
		current_limit; /* MEMBLOCK_ALLOC_ACCESSIBLE resolves to this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* memblock=debug: when non-zero, every operation logs a line at KERN_INFO. */
extern int memblock_debug;

#define memblock_dbg(fmt, ...)                       \
	do {                                         \
		if (memblock_debug)                  \
			pr_info(fmt, ##__VA_ARGS__); \
	} while (0)

/* ---- lifetime ------------------------------------------------------------ */

/*
 * Forget everything: both collections empty and back in their static
 * arrays, top-down, no current limit, resizing not allowed, no mirror, no
 * movable_node.  Arrays allocated by doubling are simply abandoned.
 */
void memblock_reset(void);

/*
 * Allow the region arrays to grow past INIT_MEMBLOCK_REGIONS.  Growing
 * allocates the new array from free memory, so, as in Linux, call this only
 * once everything in use (image, stack, firmware map, page tables) is
 * reserved; until then a full array makes the operation fail with -ENOMEM
 * and an error message naming this function.
 */
void memblock_allow_resize(void);

/* The movable_node boot parameter: allocations skip MEMBLOCK_HOTPLUG memory. */
void memblock_set_movable_node(bool enable);

/* ---- the range API ------------------------------------------------------- */

/*
 * All of these take a half-open range [base, base + size), clipped at
 * PHYS_ADDR_MAX, and return 0 or -ENOMEM (a region array could not grow; the
 * collection is then unchanged).  A zero size is a successful no-op.
 */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      unsigned int flags);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
/* memblock_phys_free() of a direct-map pointer (Linux 6.x memblock_free). */
void memblock_free(void *ptr, size_t size);

int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size);
/* Set the node of every part of [base, base + size) that lies in type. */
int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid);

/* mem=: keep the first 'limit' bytes of memory, drop memory and reserved
 * above where they end.  0 or more than all memory does nothing. */
void memblock_enforce_memory_limit(phys_addr_t limit);
/* Drop all mapped memory outside [base, base + size) and reserved outside it;
 * NOMAP regions stay. */
void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size);

/* ---- queries ------------------------------------------------------------- */

phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void); /* 0 when there is no memory */
phys_addr_t memblock_end_of_DRAM(void); /* end (exclusive) of the last region */
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_map_memory(phys_addr_t addr); /* memory and not NOMAP */
bool memblock_is_reserved(phys_addr_t addr);
/* True when [base, base + size) lies inside one memory region. */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
/* True when [base, base + size) overlaps any reserved region. */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size);

void memblock_set_bottom_up(bool enable);
bool memblock_bottom_up(void);
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);

/* ---- the allocation API -------------------------------------------------- */

/*
 * Find (without reserving) a free, aligned range of 'size' bytes inside
 * [start, end), on node nid (NUMA_NO_NODE: any), among memory regions with
 * 'flags' (see MEMBLOCK_MIRROR/NOMAP/HOTPLUG).  end MEMBLOCK_ALLOC_ACCESSIBLE
 * means memblock.current_limit.  The first page is never returned.  align
 * must be a power of two.  Returns the base, or 0 when nothing fits.
 */
phys_addr_t memblock_find_in_range_node(phys_addr_t size, phys_addr_t align,
					phys_addr_t start, phys_addr_t end,
					int nid, unsigned int flags);

/*
 * Allocate and reserve 'size' bytes aligned to 'align' inside [start, end),
 * top-down unless memblock_set_bottom_up(true).  A node preference that
 * cannot be met falls back to any node unless exact_nid.  Mirrored memory
 * is preferred when any exists.  align 0 is a caller bug that, as in Linux,
 * is warned about and treated as SMP_CACHE_BYTES; an align that is not a
 * power of two, or size 0, fails.  Returns the physical base, or 0.
 */
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid);
/* Any node, inside [start, end); end may be MEMBLOCK_ALLOC_ANYWHERE. */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
/* Below current_limit, node nid preferred. */
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid);
static inline phys_addr_t memblock_phys_alloc(phys_addr_t size,
					      phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0,
					 MEMBLOCK_ALLOC_ACCESSIBLE);
}

/*
 * Allocate inside [min_addr, max_addr) (max_addr capped at current_limit;
 * MEMBLOCK_ALLOC_ACCESSIBLE means that limit), node nid preferred; if
 * nothing fits above min_addr, retry from 0.  Returns the direct-map
 * pointer, zeroed (not for the _raw variant), or NULL.
 */
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid);
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid);
static inline void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}
static inline void *memblock_alloc_node(phys_addr_t size, phys_addr_t align,
					int nid)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* ---- diagnostics --------------------------------------------------------- */

/* Print the configuration in Linux's format, if memblock_debug. */
void memblock_dump_all(void);
/* The same, unconditionally. */
void __memblock_dump_all(void);
/*
 * Verify every invariant of both collections (see mm/memblock.c).  Returns
 * 0, or -EINVAL after printing each broken invariant with its values.
 */
int memblock_check(void);

/* ---- region accessors ---------------------------------------------------- */

static inline bool memblock_is_hotpluggable(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_HOTPLUG;
}
static inline bool memblock_is_mirror(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_MIRROR;
}
static inline bool memblock_is_nomap(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_NOMAP;
}
static inline int memblock_get_region_node(const struct memblock_region *r)
{
	return r->nid;
}
/* First whole pfn of the region, and the pfn after its last whole page. */
static inline unsigned long
memblock_region_memory_base_pfn(const struct memblock_region *r)
{
	return PFN_UP(r->base);
}
static inline unsigned long
memblock_region_memory_end_pfn(const struct memblock_region *r)
{
	return PFN_DOWN(r->base + r->size);
}

/* ---- iterators ----------------------------------------------------------- */

/*
 * The walkers behind the for_each_* macros.  *idx starts at 0 (forward) or
 * ~0ULL (reverse) and is ~0ULL when the walk is over.  Each step yields the
 * next part of type_a that lies outside every type_b region (all of it when
 * type_b is NULL), on node nid (NUMA_NO_NODE: any) and not excluded by
 * flags.  out_* may be NULL.
 */
void __next_mem_range(u64 *idx, int nid, unsigned int flags,
		      struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start,
		      phys_addr_t *out_end, int *out_nid);
void __next_mem_range_rev(u64 *idx, int nid, unsigned int flags,
			  struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start,
			  phys_addr_t *out_end, int *out_nid);
/* *idx starts at -1; ends at -1.  Yields memory regions holding at least
 * one whole page, on node nid (NUMA_NO_NODE: any), as pfns. */
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid);

#define MEMBLOCK_ITER_END (~(u64)0)

#define __for_each_mem_range(i, type_a, type_b, nid, flags, p_start, p_end,   \
			     p_nid)                                           \
	for (i = 0, __next_mem_range(&i, nid, flags, type_a, type_b, p_start, \
				     p_end, p_nid);                           \
	     i != MEMBLOCK_ITER_END; __next_mem_range(                        \
		     &i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

#define __for_each_mem_range_rev(i, type_a, type_b, nid, flags, p_start,  \
				 p_end, p_nid)                            \
	for (i = MEMBLOCK_ITER_END,                                       \
	    __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start, \
				 p_end, p_nid);                           \
	     i != MEMBLOCK_ITER_END; __next_mem_range_rev(                \
		     &i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* Every memory range except NOMAP ones, in address order (u64 i). */
#define for_each_mem_range(i, p_start, p_end)                         \
	__for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE, \
			     MEMBLOCK_HOTPLUG, p_start, p_end, NULL)

#define for_each_mem_range_rev(i, p_start, p_end)                         \
	__for_each_mem_range_rev(i, &memblock.memory, NULL, NUMA_NO_NODE, \
				 MEMBLOCK_HOTPLUG, p_start, p_end, NULL)

/* Every reserved range, in address order. */
#define for_each_reserved_mem_range(i, p_start, p_end)                  \
	__for_each_mem_range(i, &memblock.reserved, NULL, NUMA_NO_NODE, \
			     MEMBLOCK_NONE, p_start, p_end, NULL)

/* Free ranges (memory minus reserved), ascending / descending. */
#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid)      \
	__for_each_mem_range(i, &memblock.memory, &memblock.reserved, nid, \
			     flags, p_start, p_end, p_nid)

#define for_each_free_mem_range_reverse(i, nid, flags, p_start, p_end, p_nid)  \
	__for_each_mem_range_rev(i, &memblock.memory, &memblock.reserved, nid, \
				 flags, p_start, p_end, p_nid)

/* Memory regions as pfn ranges (int i). */
#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid)              \
	for (i = -1, __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid); \
	     i >= 0; __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid))

#define for_each_memblock_type(i, memblock_type, rgn)   \
	for (i = 0, rgn = &(memblock_type)->regions[0]; \
	     i < (memblock_type)->cnt;                  \
	     i++, rgn = &(memblock_type)->regions[i])

#define for_each_mem_region(region)                                    \
	for (region = memblock.memory.regions;                         \
	     region < (memblock.memory.regions + memblock.memory.cnt); \
	     region++)

#define for_each_reserved_mem_region(region)                               \
	for (region = memblock.reserved.regions;                           \
	     region < (memblock.reserved.regions + memblock.reserved.cnt); \
	     region++)

#endif
