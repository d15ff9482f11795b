// SPDX-License-Identifier: MIT
/*
 * memblock's diagnostics: the memblock=debug dump in Linux's format
 * (__memblock_dump_all) and memblock_check(), which verifies every
 * invariant stated atop mm/memblock.c and prints each one that is broken
 * with the values involved.  Called by the tests, the fuzzer and the boot
 * flow (with memblock=debug).
 */
#include "memblock_internal.h"

#include <arch/arch.h>
#include <lib/printk.h>

static void memblock_dump(const struct memblock_type *type)
{
	unsigned long idx;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (idx = 0; idx < type->cnt; idx++) {
		const struct memblock_region *r = &type->regions[idx];
		char nid_buf[32] = "";

		if (r->nid >= 0)
			scnprintf(nid_buf, sizeof(nid_buf), " on node %d",
				  r->nid);
		pr_info(" %s[%#x]\t[" PA "-" PA "], " PA
			" bytes%s flags: %#x\n",
			type->name, (unsigned int)idx, ULL(r->base),
			ULL(rgn_end(r) - 1), ULL(r->size), nid_buf, r->flags);
	}
}

void __memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = " PA " reserved size = " PA "\n",
		ULL(memblock.memory.total_size),
		ULL(memblock.reserved.total_size));
	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
}

void memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all();
}

/* Is [base, end) entirely covered by type's regions? */
static bool range_covered(const struct memblock_type *type, phys_addr_t base,
			  phys_addr_t end)
{
	unsigned long i = memblock_first_ending_after(type, base);

	for (; base < end && i < type->cnt; i++) {
		if (type->regions[i].base > base)
			return false;
		base = rgn_end(&type->regions[i]);
	}
	return base >= end;
}

static int memblock_check_type(const struct memblock_type *type)
{
	phys_addr_t sum = 0;
	unsigned long i;
	int bad = 0;

	if (!type->regions || type->cnt > type->max ||
	    type->max < INIT_MEMBLOCK_REGIONS) {
		pr_err("memblock: %s: cnt %lu max %lu regions %p inconsistent\n",
		       type->name, type->cnt, type->max, type->regions);
		return -EINVAL;
	}
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		const struct memblock_region *p = i ? r - 1 : NULL;

		if (!r->size || r->base + r->size < r->base) {
			pr_err("memblock: %s[%#lx] base %#llx size %#llx empty or wraps\n",
			       type->name, i, ULL(r->base), ULL(r->size));
			bad = 1;
		}
		if (p && r->base < rgn_end(p)) {
			pr_err("memblock: %s[%#lx] [%#llx-%#llx) unsorted or overlaps previous [%#llx-%#llx)\n",
			       type->name, i, ULL(r->base), ULL(rgn_end(r)),
			       ULL(p->base), ULL(rgn_end(p)));
			bad = 1;
		} else if (p && memblock_regions_mergeable(p, r)) {
			pr_err("memblock: %s[%#lx] [%#llx-%#llx) nid %d flags %#x not merged with previous [%#llx-%#llx)\n",
			       type->name, i, ULL(r->base), ULL(rgn_end(r)),
			       r->nid, r->flags, ULL(p->base), ULL(rgn_end(p)));
			bad = 1;
		}
		sum += r->size;
	}
	if (sum != type->total_size) {
		pr_err("memblock: %s total_size %#llx but regions sum to %#llx\n",
		       type->name, ULL(type->total_size), ULL(sum));
		bad = 1;
	}
	if (!memblock_is_static_array(type->regions)) {
		phys_addr_t pa = virt_to_phys(type->regions);
		phys_addr_t sz =
			ALIGN_UP(type->max * sizeof(*type->regions), PAGE_SIZE);

		if (!range_covered(&memblock.reserved, pa, pa + sz)) {
			pr_err("memblock: %s array [%#llx-%#llx) is not reserved\n",
			       type->name, ULL(pa), ULL(pa + sz));
			bad = 1;
		}
	}
	return bad ? -EINVAL : 0;
}

int memblock_check(void)
{
	int a = memblock_check_type(&memblock.memory);
	int b = memblock_check_type(&memblock.reserved);

	return a ? a : b;
}
