// SPDX-License-Identifier: MIT
/*
 * memblock: the boot-time memory manager (see include/mm/memblock.h).
 *
 * What it owns: memblock.memory, the RAM the machine has, and
 * memblock.reserved, the RAM in use.  Free memory is memory minus reserved;
 * allocations carve it out of free memory and add it to reserved.
 *
 * Invariants, for each of the two collections (memblock_check() checks them
 * all, and the unit tests and fuzzer call it after every step):
 *  - cnt <= max, and max is at least INIT_MEMBLOCK_REGIONS;
 *  - every region is non-empty and base + size does not wrap;
 *  - regions are sorted by base and do not overlap: each starts at or after
 *    the end of the one before it;
 *  - the collection is minimal: two neighbours that touch have a different
 *    nid or different flags (otherwise they would have been merged);
 *  - total_size is the sum of the sizes;
 *  - a regions[] array that is not the static initial one lies in reserved
 *    memory (it was allocated from memblock when the array doubled).
 *
 * Adding a range fills only the parts not already present (existing
 * regions keep their nid and flags) and then merges; removing, setting
 * flags or setting the node first isolates the range (splits the regions
 * that cross its ends, keeping nid and flags) and then works on whole
 * regions.  An empty collection has cnt 0 (Linux keeps one empty dummy).
 *
 * Growth: each collection starts in a static array of INIT_MEMBLOCK_REGIONS
 * and doubles when full by allocating the new array from memblock itself
 * (memblock_double_array); nothing is ever dropped.  Growth must be allowed
 * with memblock_allow_resize() once memory in use is reserved.
 *
 * Two API families: ranges (add, remove, reserve, free, flags, nodes,
 * queries; the iterators' walkers are in memblock_iter.c, the dump and
 * memblock_check() in memblock_debug.c) and allocation
 * (memblock_phys_alloc*, memblock_alloc*: memblock_alloc.c).  Lifetime: from early boot until memory is released to
 * the buddy allocator; memblock_reset() starts over (tests, simulator).
 * Single-threaded.
 */
#include "memblock_internal.h"

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <lib/types.h>
#include <mm/pfn.h>

static struct memblock_region
	memblock_memory_init_regions[INIT_MEMBLOCK_REGIONS];
static struct memblock_region
	memblock_reserved_init_regions[INIT_MEMBLOCK_RESERVED_REGIONS];

struct memblock memblock = {
	.memory.regions = memblock_memory_init_regions,
	.memory.max = INIT_MEMBLOCK_REGIONS,
	.memory.name = "memory",
	.reserved.regions = memblock_reserved_init_regions,
	.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS,
	.reserved.name = "reserved",
	.bottom_up = false,
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
};

int memblock_debug;
static bool memblock_can_resize;
bool memblock_has_mirror;
bool memblock_movable_node;

void memblock_reset(void)
{
	struct memblock_type *types[] = { &memblock.memory,
					  &memblock.reserved };
	struct memblock_region *init[] = { memblock_memory_init_regions,
					   memblock_reserved_init_regions };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		types[i]->regions = init[i];
		types[i]->cnt = 0;
		types[i]->max = INIT_MEMBLOCK_REGIONS;
		types[i]->total_size = 0;
	}
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_can_resize = false;
	memblock_has_mirror = false;
	memblock_movable_node = false;
}

void memblock_allow_resize(void)
{
	memblock_can_resize = true;
}

void memblock_set_movable_node(bool enable)
{
	memblock_movable_node = enable;
}

/* ---- helpers --------------------------------------------------------------- */

/* Clip size so that base + size does not wrap; returns the new size. */
static inline phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	return *size = MIN(*size, PHYS_ADDR_MAX - base);
}

bool memblock_is_static_array(const struct memblock_region *r)
{
	return r == memblock_memory_init_regions ||
	       r == memblock_reserved_init_regions;
}

/* Index of the first region whose end lies above addr (cnt if none). */
unsigned long memblock_first_ending_after(const struct memblock_type *type,
					  phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (rgn_end(&type->regions[mid]) <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the region containing addr, or -1. */
static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long i = memblock_first_ending_after(type, addr);

	if (i < type->cnt && type->regions[i].base <= addr)
		return (long)i;
	return -1;
}

static void memblock_insert_region(struct memblock_type *type,
				   unsigned long idx, phys_addr_t base,
				   phys_addr_t size, int nid,
				   unsigned int flags)
{
	struct memblock_region *r = &type->regions[idx];

	memmove(r + 1, r, (type->cnt - idx) * sizeof(*r));
	r->base = base;
	r->size = size;
	r->nid = nid;
	r->flags = flags;
	type->cnt++;
	type->total_size += size;
}

/* Remove regions [start, end) of type. */
static void memblock_remove_regions(struct memblock_type *type,
				    unsigned long start, unsigned long end)
{
	unsigned long i;

	for (i = start; i < end; i++)
		type->total_size -= type->regions[i].size;
	memmove(&type->regions[start], &type->regions[end],
		(type->cnt - end) * sizeof(type->regions[0]));
	type->cnt -= end - start;
}

bool memblock_regions_mergeable(const struct memblock_region *a,
				const struct memblock_region *b)
{
	return rgn_end(a) == b->base && a->nid == b->nid &&
	       a->flags == b->flags;
}

/* Merge every run of mergeable neighbours, in one compacting pass. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long r, w = 0;

	if (!type->cnt)
		return;
	for (r = 1; r < type->cnt; r++) {
		if (memblock_regions_mergeable(&type->regions[w],
					       &type->regions[r]))
			type->regions[w].size += type->regions[r].size;
		else
			type->regions[++w] = type->regions[r];
	}
	type->cnt = w + 1;
}

static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid, unsigned int flags);
static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size);

/*
 * Double type's regions[] by allocating a new array from free memory.
 * [new_area_start, +new_area_size) is the range being reserved when the
 * reserved array is the one growing: the new array must not land on it.
 * The new array is reserved before the old one is released, so a nested
 * growth of the reserved array can never pick either.  Returns 0 or -ENOMEM
 * with type unchanged.
 */
static int memblock_double_array(struct memblock_type *type,
				 phys_addr_t new_area_start,
				 phys_addr_t new_area_size)
{
	size_t old_size = type->max * sizeof(struct memblock_region);
	size_t new_size = old_size << 1;
	phys_addr_t old_alloc = ALIGN_UP(old_size, PAGE_SIZE);
	phys_addr_t new_alloc = ALIGN_UP(new_size, PAGE_SIZE);
	struct memblock_region *old_array = type->regions, *new_array;
	phys_addr_t addr;

	if (!memblock_can_resize) {
		pr_err("memblock: %s array is full (%lu entries) and resizing is not allowed yet: call memblock_allow_resize() once memory in use is reserved\n",
		       type->name, type->max);
		return -ENOMEM;
	}
	if (type != &memblock.reserved)
		new_area_start = new_area_size = 0;

	addr = memblock_find_in_range(new_area_start + new_area_size,
				      memblock.current_limit, new_alloc,
				      PAGE_SIZE);
	if (!addr && new_area_size && new_area_start)
		addr = memblock_find_in_range(
			0, MIN(new_area_start, memblock.current_limit),
			new_alloc, PAGE_SIZE);
	if (!addr) {
		pr_err("memblock: Failed to double %s array from %ld to %ld entries !\n",
		       type->name, (long)type->max, (long)type->max * 2);
		return -ENOMEM;
	}
	memblock_dbg("memblock: %s is doubled to %ld at [" PA "-" PA "]\n",
		     type->name, (long)type->max * 2, ULL(addr),
		     ULL(addr + new_size - 1));

	/* Growing memory: reserve first (reserved may grow in turn). */
	if (type != &memblock.reserved &&
	    memblock_add_range(&memblock.reserved, addr, new_alloc,
			       NUMA_NO_NODE, MEMBLOCK_NONE))
		return -ENOMEM;

	new_array = phys_to_virt(addr);
	memcpy(new_array, old_array, old_size);
	memset(new_array + type->max, 0, old_size);
	type->regions = new_array;
	type->max <<= 1;

	/* Growing reserved: it now has room for its own new array. */
	if (type == &memblock.reserved)
		memblock_add_range(&memblock.reserved, addr, new_alloc,
				   NUMA_NO_NODE, MEMBLOCK_NONE);

	if (!memblock_is_static_array(old_array))
		memblock_remove_range(&memblock.reserved,
				      virt_to_phys(old_array), old_alloc);
	return 0;
}

/*
 * Walk the parts of [base, end) not covered by type's regions; insert each
 * as a region when 'insert'.  Returns how many parts there are.
 */
static unsigned long memblock_fill_gaps(struct memblock_type *type,
					phys_addr_t base, phys_addr_t end,
					int nid, unsigned int flags,
					bool insert)
{
	unsigned long i = memblock_first_ending_after(type, base), parts = 0;
	phys_addr_t pos = base;

	while (pos < end) {
		struct memblock_region *r = &type->regions[i];
		phys_addr_t gap_end;

		if (i < type->cnt && r->base <= pos) {
			pos = rgn_end(r); /* covered up to r's end */
			i++;
			continue;
		}
		gap_end = i < type->cnt ? MIN(r->base, end) : end;
		if (insert)
			memblock_insert_region(type, i++, pos, gap_end - pos,
					       nid, flags);
		parts++;
		pos = gap_end;
	}
	return parts;
}

/*
 * Add [base, base + size) to type: the parts not yet present become regions
 * with nid and flags, then neighbours merge.  Grows the array first if the
 * new parts do not fit.  Returns 0 or -ENOMEM (type unchanged).
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid, unsigned int flags)
{
	phys_addr_t end;

	if (!size)
		return 0;
	end = base + memblock_cap_size(base, &size);
	while (type->cnt +
		       memblock_fill_gaps(type, base, end, nid, flags, false) >
	       type->max) {
		if (memblock_double_array(type, base, size))
			return -ENOMEM;
	}
	memblock_fill_gaps(type, base, end, nid, flags, true);
	memblock_merge_regions(type);
	return 0;
}

/* Does addr lie strictly inside a region (so that isolating splits it)? */
static bool splits_region(const struct memblock_type *type, phys_addr_t addr)
{
	long i = memblock_search(type, addr);

	return i >= 0 && type->regions[i].base < addr;
}

static void split_at(struct memblock_type *type, phys_addr_t addr)
{
	long i = memblock_search(type, addr);
	struct memblock_region *r;
	phys_addr_t head;

	if (i < 0 || type->regions[i].base == addr)
		return;
	r = &type->regions[i];
	head = addr - r->base;
	type->total_size -= r->size - head; /* re-added by the insert */
	memblock_insert_region(type, i + 1, addr, r->size - head, r->nid,
			       r->flags);
	type->regions[i].size = head;
}

/*
 * Split the regions crossing base or base + size so that the range is made
 * of whole regions [*start_rgn, *end_rgn).  Returns 0 or -ENOMEM.
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
				  phys_addr_t size, unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end;

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;
	end = base + memblock_cap_size(base, &size);
	while (type->cnt + splits_region(type, base) +
		       splits_region(type, end) >
	       type->max) {
		if (memblock_double_array(type, base, size))
			return -ENOMEM;
	}
	split_at(type, base);
	split_at(type, end);
	*start_rgn = memblock_first_ending_after(type, base);
	*end_rgn = memblock_first_ending_after(type, end);
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	unsigned long start, end;
	int ret = memblock_isolate_range(type, base, size, &start, &end);

	if (ret)
		return ret;
	memblock_remove_regions(type, start, end);
	return 0;
}

static int memblock_setclr_flag(struct memblock_type *type, phys_addr_t base,
				phys_addr_t size, bool set, unsigned int flag)
{
	unsigned long start, end, i;
	int ret = memblock_isolate_range(type, base, size, &start, &end);

	if (ret)
		return ret;
	for (i = start; i < end; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	memblock_merge_regions(type);
	return 0;
}

/* ---- the range API ----------------------------------------------------------- */

#define dbg_range(func, base, size)                            \
	memblock_dbg("%s: [" PA "-" PA "]\n", func, ULL(base), \
		     ULL((base) + (size)-1))

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      unsigned int flags)
{
	memblock_dbg("%s: [" PA "-" PA "] nid=%d flags=%x\n", __func__,
		     ULL(base), ULL(base + size - 1), nid, flags);
	if (flags & MEMBLOCK_MIRROR)
		memblock_has_mirror = true;
	return memblock_add_range(&memblock.memory, base, size, nid, flags);
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	dbg_range(__func__, base, size);
	return memblock_add_range(&memblock.memory, base, size, NUMA_NO_NODE,
				  MEMBLOCK_NONE);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	dbg_range(__func__, base, size);
	return memblock_remove_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	dbg_range(__func__, base, size);
	return memblock_add_range(&memblock.reserved, base, size, NUMA_NO_NODE,
				  MEMBLOCK_NONE);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	dbg_range(__func__, base, size);
	return memblock_remove_range(&memblock.reserved, base, size);
}

void memblock_free(void *ptr, size_t size)
{
	if (ptr)
		memblock_phys_free(virt_to_phys(ptr), size);
}

int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_HOTPLUG);
}

int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false,
				    MEMBLOCK_HOTPLUG);
}

int memblock_mark_mirror(phys_addr_t base, phys_addr_t size)
{
	memblock_has_mirror = true;
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_MIRROR);
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true,
				    MEMBLOCK_NOMAP);
}

int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false,
				    MEMBLOCK_NOMAP);
}

int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid)
{
	unsigned long start, end, i;
	int ret = memblock_isolate_range(type, base, size, &start, &end);

	if (ret)
		return ret;
	for (i = start; i < end; i++)
		type->regions[i].nid = nid;
	memblock_merge_regions(type);
	return 0;
}

void memblock_enforce_memory_limit(phys_addr_t limit)
{
	struct memblock_region *r;
	phys_addr_t max_addr = PHYS_ADDR_MAX;

	if (!limit)
		return;
	for_each_mem_region(r)
	{
		if (limit <= r->size) {
			max_addr = r->base + limit;
			break;
		}
		limit -= r->size;
	}
	if (max_addr == PHYS_ADDR_MAX)
		return;
	memblock_remove_range(&memblock.memory, max_addr, PHYS_ADDR_MAX);
	memblock_remove_range(&memblock.reserved, max_addr, PHYS_ADDR_MAX);
}

void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *mem = &memblock.memory;
	unsigned long start, end, i;

	if (!size)
		return;
	if (!mem->total_size) {
		pr_warn("%s: No memory registered yet\n", __func__);
		return;
	}
	if (memblock_isolate_range(mem, base, size, &start, &end))
		return;
	/* Drop mapped regions after the range, then before it. */
	for (i = mem->cnt; i-- > end;)
		if (!memblock_is_nomap(&mem->regions[i]))
			memblock_remove_regions(mem, i, i + 1);
	for (i = start; i-- > 0;)
		if (!memblock_is_nomap(&mem->regions[i]))
			memblock_remove_regions(mem, i, i + 1);
	/* A NOMAP region that crossed base or base + size stays, split in
	 * two touching halves: join them again. */
	memblock_merge_regions(mem);
	memblock_remove_range(&memblock.reserved, 0, base);
	memblock_remove_range(&memblock.reserved, base + size, PHYS_ADDR_MAX);
}

/* ---- queries ------------------------------------------------------------------ */

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	unsigned long n = memblock.memory.cnt;

	return n ? rgn_end(&memblock.memory.regions[n - 1]) : 0;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) >= 0;
}

bool memblock_is_map_memory(phys_addr_t addr)
{
	long i = memblock_search(&memblock.memory, addr);

	return i >= 0 && !memblock_is_nomap(&memblock.memory.regions[i]);
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) >= 0;
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	long i = memblock_search(&memblock.memory, base);
	phys_addr_t end = base + memblock_cap_size(base, &size);

	return i >= 0 && rgn_end(&memblock.memory.regions[i]) >= end;
}

bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	unsigned long i = memblock_first_ending_after(type, base);
	phys_addr_t end = base + memblock_cap_size(base, &size);

	return size && i < type->cnt && type->regions[i].base < end;
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

void memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

bool memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

phys_addr_t memblock_get_current_limit(void)
{
	return memblock.current_limit;
}
