/* SPDX-License-Identifier: MIT */
/*
 * What mm/memblock.c shares with mm/memblock_iter.c (the range walkers)
 * and mm/memblock_debug.c (the dump and the invariant check).  Not for
 * other users: they have include/mm/memblock.h.
 */
#ifndef MM_MEMBLOCK_INTERNAL_H
#define MM_MEMBLOCK_INTERNAL_H

#include <mm/memblock.h>

/* Physical addresses printed as Linux's %pa does. */
#define PA "%#018llx"
#define ULL(x) ((unsigned long long)(x))

static inline phys_addr_t rgn_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

static inline bool is_power_of_2(phys_addr_t x)
{
	return x && !(x & (x - 1));
}

/* Mirrored memory exists: allocations prefer it (memblock_alloc.c). */
extern bool memblock_has_mirror;
/* A free range of size at align in [start, end), or 0 (memblock_alloc.c);
 * memblock.c uses it to grow its arrays. */
phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
				   phys_addr_t size, phys_addr_t align);
/* movable_node: allocations skip hot-pluggable memory. */
extern bool memblock_movable_node;
/* True for the static initial regions[] arrays (never freed). */
bool memblock_is_static_array(const struct memblock_region *r);
/* Index of the first region of type whose end lies above addr. */
unsigned long memblock_first_ending_after(const struct memblock_type *type,
					  phys_addr_t addr);

/* True when neighbours a and b (a ending where b starts) would merge. */
bool memblock_regions_mergeable(const struct memblock_region *a,
				const struct memblock_region *b);

#endif
