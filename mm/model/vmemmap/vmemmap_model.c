// SPDX-License-Identifier: MIT
/*
 * The memory-model backend for MODEL=vmemmap (SPARSEMEM_VMEMMAP).
 *
 * What it owns: nothing of its own; the struct pages of a range are the
 * slice [pfn_to_page(start), pfn_to_page(end)) of the virtual array at
 * arch_vmemmap_base(), backed by mm/sparse_vmemmap.c.  Granularity is a
 * subsection (2 MiB of memory, 32 KiB of struct pages), as in Linux.
 *
 * Who calls it: mm/sparse.c (sparse_init) and mm/sparse_hotplug.c.
 */
#include <mm/sparse.h>

const char memory_model_name[] = "vmemmap";
const unsigned long memmap_model_granularity = PAGES_PER_SUBSECTION;

int memmap_model_prepare(void)
{
	vmemmap_reset_counts();
	return 0;
}

struct page *memmap_model_populate(unsigned long start_pfn,
				   unsigned long nr_pages, int nid)
{
	unsigned long start = (unsigned long)pfn_to_page(start_pfn);
	unsigned long end = (unsigned long)pfn_to_page(start_pfn + nr_pages);

	if (vmemmap_populate(start, end, nid)) {
		vmemmap_free(start, end);
		return NULL;
	}
	return pfn_to_page(start_pfn);
}

void memmap_model_depopulate(unsigned long start_pfn, unsigned long nr_pages)
{
	vmemmap_free((unsigned long)pfn_to_page(start_pfn),
		     (unsigned long)pfn_to_page(start_pfn + nr_pages));
}

u64 memmap_model_bytes(void)
{
	struct vmemmap_counts c;

	vmemmap_get_counts(&c);
	return c.pmd_bytes + c.pte_bytes;
}
