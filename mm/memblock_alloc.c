// SPDX-License-Identifier: MIT
/*
 * memblock's allocation family (include/mm/memblock.h): finding free
 * ranges top-down or bottom-up under an address limit and on a node (with
 * Linux's fallback to any node and from mirrored memory), and the
 * memblock_phys_alloc* / memblock_alloc* calls, which reserve what they
 * return.  The collections and their invariants are mm/memblock.c's.
 */
#include "memblock_internal.h"

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/pfn.h>

static phys_addr_t clamp_addr(phys_addr_t x, phys_addr_t lo, phys_addr_t hi)
{
	return MIN(MAX(x, lo), hi);
}

static phys_addr_t find_range_bottom_up(phys_addr_t start, phys_addr_t end,
					phys_addr_t size, phys_addr_t align,
					int nid, unsigned int flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = clamp_addr(this_start, start, end);
		this_end = clamp_addr(this_end, start, end);
		cand = ALIGN_UP(this_start, align);
		if (cand >= this_start && cand < this_end &&
		    this_end - cand >= size)
			return cand;
	}
	return 0;
}

static phys_addr_t find_range_top_down(phys_addr_t start, phys_addr_t end,
				       phys_addr_t size, phys_addr_t align,
				       int nid, unsigned int flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range_reverse(i, nid, flags, &this_start, &this_end,
					NULL)
	{
		this_start = clamp_addr(this_start, start, end);
		this_end = clamp_addr(this_end, start, end);
		if (this_end < size)
			continue;
		cand = ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

phys_addr_t memblock_find_in_range_node(phys_addr_t size, phys_addr_t align,
					phys_addr_t start, phys_addr_t end,
					int nid, unsigned int flags)
{
	if (!size || !is_power_of_2(align))
		return 0;
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock.current_limit;
	/* Never the first page: 0 means failure to every caller. */
	start = MAX(start, (phys_addr_t)PAGE_SIZE);
	end = MAX(start, end);
	if (memblock.bottom_up)
		return find_range_bottom_up(start, end, size, align, nid,
					    flags);
	return find_range_top_down(start, end, size, align, nid, flags);
}

static unsigned int choose_memblock_flags(void)
{
	return memblock_has_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
}

/* Any node, mirrored memory first when there is some. */
phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
				   phys_addr_t size, phys_addr_t align)
{
	unsigned int flags = choose_memblock_flags();
	phys_addr_t ret;

	for (;;) {
		ret = memblock_find_in_range_node(size, align, start, end,
						  NUMA_NO_NODE, flags);
		if (ret || !(flags & MEMBLOCK_MIRROR))
			return ret;
		flags &= ~MEMBLOCK_MIRROR;
		pr_warn("memblock: Could not allocate %#018llx bytes of mirrored memory\n",
			ULL(size));
	}
}

phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid)
{
	unsigned int flags = choose_memblock_flags();
	phys_addr_t found;

	if (!align) {
		pr_warn("memblock: %s: align 0 (a caller bug), using SMP_CACHE_BYTES (%d)\n",
			__func__, SMP_CACHE_BYTES);
		align = SMP_CACHE_BYTES;
	}
	if (!is_power_of_2(align)) {
		pr_err("memblock: %s: align %#llx is not a power of two\n",
		       __func__, ULL(align));
		return 0;
	}
	if (!size)
		return 0;
	for (;;) {
		found = memblock_find_in_range_node(size, align, start, end,
						    nid, flags);
		if (found && !memblock_reserve(found, size))
			return found;
		if (nid != NUMA_NO_NODE && !exact_nid) {
			memblock_dbg(
				"memblock: %s: %llu bytes not available on node %d, falling back to any node\n",
				__func__, ULL(size), nid);
			found = memblock_find_in_range_node(
				size, align, start, end, NUMA_NO_NODE, flags);
			if (found && !memblock_reserve(found, size))
				return found;
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return 0;
		flags &= ~MEMBLOCK_MIRROR;
		pr_warn("memblock: Could not allocate %#018llx bytes of mirrored memory\n",
			ULL(size));
	}
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	memblock_dbg("%s: %llu bytes align=0x%llx from=" PA " max_addr=" PA
		     "\n",
		     __func__, ULL(size), ULL(align), ULL(start), ULL(end));
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE,
					false);
}

phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid)
{
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d\n", __func__,
		     ULL(size), ULL(align), nid);
	return memblock_alloc_range_nid(size, align, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
}

static void *memblock_alloc_internal(phys_addr_t size, phys_addr_t align,
				     phys_addr_t min_addr, phys_addr_t max_addr,
				     int nid)
{
	phys_addr_t alloc;

	if (max_addr > memblock.current_limit)
		max_addr = memblock.current_limit;
	alloc = memblock_alloc_range_nid(size, align, min_addr, max_addr, nid,
					 false);
	/* Retry without the lower limit. */
	if (!alloc && min_addr)
		alloc = memblock_alloc_range_nid(size, align, 0, max_addr, nid,
						 false);
	return alloc ? phys_to_virt(alloc) : NULL;
}

void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=" PA
		     " max_addr=" PA "\n",
		     __func__, ULL(size), ULL(align), nid, ULL(min_addr),
		     ULL(max_addr));
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid);
}

void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid)
{
	void *ptr;

	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=" PA
		     " max_addr=" PA "\n",
		     __func__, ULL(size), ULL(align), nid, ULL(min_addr),
		     ULL(max_addr));
	ptr = memblock_alloc_internal(size, align, min_addr, max_addr, nid);
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}
