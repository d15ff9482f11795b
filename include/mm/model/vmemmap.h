/* SPDX-License-Identifier: MIT */
/*
 * SPARSEMEM_VMEMMAP: every pfn's struct page at a fixed virtual address,
 * vmemmap + pfn, where vmemmap is arch_vmemmap_base() (0xffffea0000000000
 * on the machine).  Only the parts of that array that cover present
 * sections (subsections, for hot-added memory) are mapped; the rest of the
 * range has no page tables, so touching it faults.  Included by
 * <mm/page.h> after struct page; do not include directly.
 */
#ifndef MM_MODEL_VMEMMAP_H
#define MM_MODEL_VMEMMAP_H

#include <arch/arch.h>

#define MEMORY_MODEL_VMEMMAP 1
#define vmemmap ((struct page *)arch_vmemmap_base())

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - vmemmap);
}

#endif
