// SPDX-License-Identifier: MIT
/*
 * memblock's range walkers behind the for_each_mem_range /
 * for_each_free_mem_range / for_each_mem_pfn_range iterators
 * (include/mm/memblock.h): memory, or memory minus reserved ("free"), in
 * address order or in reverse, filtered by node and flags as Linux's
 * __next_mem_range does.  Read-only over the collections kept by
 * mm/memblock.c.
 */
#include "memblock_internal.h"

#include <mm/pfn.h>

static bool should_skip_region(struct memblock_type *type,
			       const struct memblock_region *m, int nid,
			       unsigned int flags)
{
	if (type != &memblock.memory)
		return false; /* reserved ranges are never skipped */
	if (nid != NUMA_NO_NODE && nid != m->nid)
		return true;
	if (memblock_movable_node && memblock_is_hotpluggable(m) &&
	    !(flags & MEMBLOCK_HOTPLUG))
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !memblock_is_mirror(m))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && memblock_is_nomap(m))
		return true;
	return false;
}

/*
 * Gap g of type_b is the space before region g: [end of region g-1, base of
 * region g), with gap 0 starting at 0 and gap cnt ending at PHYS_ADDR_MAX.
 */
static void gap_bounds(const struct memblock_type *b, long g,
		       phys_addr_t *start, phys_addr_t *end)
{
	*start = g ? rgn_end(&b->regions[g - 1]) : 0;
	*end = (unsigned long)g < b->cnt ? b->regions[g].base : PHYS_ADDR_MAX;
}

static void emit(phys_addr_t start, phys_addr_t end, int nid,
		 phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	if (out_start)
		*out_start = start;
	if (out_end)
		*out_end = end;
	if (out_nid)
		*out_nid = nid;
}

/*
 * Two pointers: ia over type_a's regions, ib over type_b's gaps.  Each call
 * yields the next non-empty intersection of region ia and gap ib, then
 * advances whichever of the two ends first.  Both indices live in *idx
 * (ia in the low 32 bits, ib in the high 32 bits).
 */
void __next_mem_range(u64 *idx, int nid, unsigned int flags,
		      struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start,
		      phys_addr_t *out_end, int *out_nid)
{
	unsigned long ia = (u32)*idx, ib = (u32)(*idx >> 32);

	for (; ia < type_a->cnt; ia++) {
		const struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t m_start = m->base, m_end = rgn_end(m);

		if (should_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			emit(m_start, m_end, m->nid, out_start, out_end,
			     out_nid);
			*idx = (u64)(ia + 1);
			return;
		}
		for (; ib <= type_b->cnt; ib++) {
			phys_addr_t g_start, g_end;

			gap_bounds(type_b, ib, &g_start, &g_end);
			if (g_start >= m_end)
				break; /* this gap is past m: next region */
			if (g_end <= m_start)
				continue;
			emit(MAX(m_start, g_start), MIN(m_end, g_end), m->nid,
			     out_start, out_end, out_nid);
			if (m_end <= g_end)
				ia++;
			else
				ib++;
			*idx = (u64)ia | ((u64)ib << 32);
			return;
		}
	}
	*idx = MEMBLOCK_ITER_END;
}

/* The same walk from the top: ia and ib count down. */
void __next_mem_range_rev(u64 *idx, int nid, unsigned int flags,
			  struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start,
			  phys_addr_t *out_end, int *out_nid)
{
	long ia, ib;

	if (*idx == MEMBLOCK_ITER_END) {
		ia = (long)type_a->cnt - 1;
		ib = type_b ? (long)type_b->cnt : 0;
	} else {
		ia = (long)(s32)(u32)*idx;
		ib = (long)(s32)(u32)(*idx >> 32);
	}

	for (; ia >= 0; ia--) {
		const struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t m_start = m->base, m_end = rgn_end(m);

		if (should_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			emit(m_start, m_end, m->nid, out_start, out_end,
			     out_nid);
			ia--;
			goto save;
		}
		for (; ib >= 0; ib--) {
			phys_addr_t g_start, g_end;

			gap_bounds(type_b, ib, &g_start, &g_end);
			if (g_end <= m_start)
				break; /* this gap is below m: next region */
			if (g_start >= m_end)
				continue;
			emit(MAX(m_start, g_start), MIN(m_end, g_end), m->nid,
			     out_start, out_end, out_nid);
			if (m_start >= g_start)
				ia--;
			else
				ib--;
			goto save;
		}
	}
	*idx = MEMBLOCK_ITER_END;
	return;
save:
	/*
	 * ia may now be -1 (the next call ends the walk); ib never is, as
	 * gap 0 starts at 0, so the packed value is never MEMBLOCK_ITER_END.
	 */
	*idx = (u64)(u32)ia | ((u64)(u32)ib << 32);
}

void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid)
{
	struct memblock_type *type = &memblock.memory;
	const struct memblock_region *r = NULL;

	while ((unsigned long)++*idx < type->cnt) {
		r = &type->regions[*idx];
		if (PFN_UP(r->base) >= PFN_DOWN(rgn_end(r)))
			continue;
		if (nid == NUMA_NO_NODE || nid == r->nid)
			break;
	}
	if ((unsigned long)*idx >= type->cnt) {
		*idx = -1;
		return;
	}
	if (out_start_pfn)
		*out_start_pfn = PFN_UP(r->base);
	if (out_end_pfn)
		*out_end_pfn = PFN_DOWN(rgn_end(r));
	if (out_nid)
		*out_nid = r->nid;
}
