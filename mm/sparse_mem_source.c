// SPDX-License-Identifier: MIT
/*
 * Memory for sparse's own structures: memmaps, usage maps, section roots
 * and the page-table pages of the vmemmap.
 *
 * What it owns: the current sparse_mem_source.  Until the buddy allocator
 * installs its own (sparse_set_mem_source), everything comes from memblock
 * and goes back to memblock.  Invariant: every byte handed out lies in
 * memory the source manages, and is zeroed when it came from
 * sparse_alloc_phys() (sparse_alloc_phys_raw() is for memmaps, which
 * memmap_init writes whole); frees give the exact (pa, size) back.
 *
 * Who calls it: mm/sparse.c, mm/sparse_vmemmap.c, mm/sparse_hotplug.c, the model
 * backends, and the arch layer (mm_alloc_pgtable_page) when it needs a
 * page-table page for the vmemmap.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>

static const struct sparse_mem_source *mem_source;

/* Replace the source; NULL restores memblock. */
void sparse_set_mem_source(const struct sparse_mem_source *src)
{
	mem_source = src;
}

phys_addr_t sparse_memblock_alloc(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, int nid, bool zero)
{
	void *va = zero ? memblock_alloc_try_nid(size, align, min_addr,
						 MEMBLOCK_ALLOC_ACCESSIBLE,
						 nid) :
			  memblock_alloc_try_nid_raw(size, align, min_addr,
						     MEMBLOCK_ALLOC_ACCESSIBLE,
						     nid);

	return va ? virt_to_phys(va) : 0;
}

static phys_addr_t alloc_phys(phys_addr_t size, phys_addr_t align,
			      phys_addr_t min_addr, int nid, bool zero)
{
	if (mem_source)
		return mem_source->alloc(size, align, min_addr, nid, zero);
	return sparse_memblock_alloc(size, align, min_addr, nid, zero);
}

/*
 * size bytes aligned to align, at or above min_addr when possible, on nid
 * when possible (NUMA_NO_NODE: any).  Zeroed.  Returns 0 when nothing fits.
 */
phys_addr_t sparse_alloc_phys(phys_addr_t size, phys_addr_t align,
			      phys_addr_t min_addr, int nid)
{
	return alloc_phys(size, align, min_addr, nid, true);
}

/*
 * Linux poisons raw memmaps with all ones under CONFIG_DEBUG_VM
 * (page_init_poison), so that a struct page read before it was
 * initialized shows.  The simulator and the unit tests do the same (with
 * SPARSEMM_DEBUG_VM, as page_alloc_internal.h sets it): on the host the
 * backing memory starts zeroed, which would hide such a read.  The app and
 * the benchmarks do not pay for it.
 */
#if defined(SPARSEMM_HOST) && (!defined(SPARSEMM_DEBUG_VM) || SPARSEMM_DEBUG_VM)
#define MEMMAP_POISON 1
#else
#define MEMMAP_POISON 0
#endif

/* The same, not zeroed: for memmaps, which memmap_init writes whole. */
phys_addr_t sparse_alloc_phys_raw(phys_addr_t size, phys_addr_t align,
				  phys_addr_t min_addr, int nid)
{
	phys_addr_t pa = alloc_phys(size, align, min_addr, nid, false);

	if (MEMMAP_POISON && pa)
		memset(phys_to_virt(pa), 0xff, size);
	return pa;
}

/* Give back exactly what sparse_alloc_phys() returned. */
void sparse_free_phys(phys_addr_t pa, phys_addr_t size)
{
	if (!pa || !size)
		return;
	if (mem_source)
		mem_source->free(pa, size);
	else
		memblock_phys_free(pa, size);
}

/* One zeroed page for a page table, preferably on nid; 0 when none. */
phys_addr_t mm_alloc_pgtable_page(int nid)
{
	return sparse_alloc_phys(PAGE_SIZE, PAGE_SIZE, 0, nid);
}

void mm_free_pgtable_page(phys_addr_t pa)
{
	sparse_free_phys(pa, PAGE_SIZE);
}
