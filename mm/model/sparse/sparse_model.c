// SPDX-License-Identifier: MIT
/*
 * The memory-model backend for MODEL=sparse (classic SPARSEMEM).
 *
 * What it owns: one memmap per present section, PAGES_PER_SECTION struct
 * pages (2 MiB), allocated from the section's node above 16 MiB when
 * possible and aligned to 2 MiB; the section's encoded section_mem_map is
 * the only pointer to it.  Granularity is a whole section (Linux's classic
 * sparse hot-plugs whole sections too).  Invariant: memmap_bytes is
 * 2 MiB times the number of maps handed out and not yet freed.
 *
 * Who calls it: mm/sparse.c (sparse_init) and mm/sparse_hotplug.c.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>

#define SECTION_MEMMAP_BYTES (PAGES_PER_SECTION * sizeof(struct page))

const char memory_model_name[] = "sparse";
const unsigned long memmap_model_granularity = PAGES_PER_SECTION;

static u64 memmap_bytes;

int memmap_model_prepare(void)
{
	memmap_bytes = 0;
	return 0;
}

struct page *memmap_model_populate(unsigned long start_pfn,
				   unsigned long nr_pages, int nid)
{
	phys_addr_t pa;

	if (start_pfn & ~PAGE_SECTION_MASK || nr_pages != PAGES_PER_SECTION) {
		pr_err("sparse: memmap for pfns [%#lx-%#lx) is not a whole section\n",
		       start_pfn, start_pfn + nr_pages);
		return NULL;
	}
	/* Not zeroed: memmap_init writes every struct page of it. */
	pa = sparse_alloc_phys_raw(SECTION_MEMMAP_BYTES, SECTION_MEMMAP_BYTES,
				   SZ_16M, nid);
	if (!pa)
		return NULL;
	memmap_bytes += SECTION_MEMMAP_BYTES;
	return phys_to_virt(pa);
}

void memmap_model_depopulate(unsigned long start_pfn, unsigned long nr_pages)
{
	struct mem_section *ms = __pfn_to_section(start_pfn);

	if (!valid_section(ms))
		return;
	sparse_free_phys(
		virt_to_phys(pfn_to_page(start_pfn & PAGE_SECTION_MASK)),
		SECTION_MEMMAP_BYTES);
	memmap_bytes -= SECTION_MEMMAP_BYTES;
}

u64 memmap_model_bytes(void)
{
	return memmap_bytes;
}
