// SPDX-License-Identifier: MIT
/*
 * The vmemmap: backing the virtual struct page array with memory, one
 * section (or subsection) at a time, as x86-64 Linux does.
 *
 * What it owns: the mappings of the vmemmap range it made through the arch
 * interface (arch_vmemmap_map/unmap/lookup) and the blocks backing them,
 * and the counters of mapped bytes by mapping size.
 *
 * Rules (Linux's vmemmap_populate on x86-64):
 *  - a range shorter than one section's memmap (a hot-added subsection) is
 *    mapped with 4 KiB pages (vmemmap_populate_basepages);
 *  - otherwise, when the arch has PMD mappings, each 2 MiB chunk gets a
 *    2 MiB block from the node (aligned 2 MiB, above 16 MiB when possible)
 *    mapped with one PMD; a chunk whose block cannot be had falls back to
 *    4 KiB pages for that chunk only (vmemmap_populate_hugepages);
 *  - what is already mapped is left as it is.
 * Invariant: pmd_bytes + pte_bytes is exactly the memory backing the
 * vmemmap, and every such byte came from sparse_alloc_phys_raw().  Absent
 * sections cost nothing: nothing is mapped for them, not even page tables.
 *
 * Who calls it: the vmemmap model backend (mm/model/vmemmap/), for boot
 * (sparse_init) and for hot-add/remove (mm/sparse_hotplug.c).
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <mm/memblock.h>

#define PMD_SIZE (1UL << PMD_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))

static struct vmemmap_counts counts;

void vmemmap_get_counts(struct vmemmap_counts *out)
{
	*out = counts;
}

void vmemmap_reset_counts(void)
{
	counts.pmd_bytes = 0;
	counts.pte_bytes = 0;
}

/*
 * A block of 'size' bytes, aligned to its size, for the vmemmap of nid.
 * Not zeroed (Linux's vmemmap_alloc_block): it holds struct pages only,
 * and a range is populated only for pfns that memmap_init or
 * memmap_init_range then write whole.  Page-table pages come zeroed
 * from mm_alloc_pgtable_page().
 */
static phys_addr_t vmemmap_alloc_block(unsigned long size, int nid)
{
	return sparse_alloc_phys_raw(size, size, SZ_16M, nid);
}

int vmemmap_populate_basepages(unsigned long start, unsigned long end, int nid)
{
	unsigned long addr;
	phys_addr_t pa;
	int ret;

	for (addr = ALIGN_DOWN(start, PAGE_SIZE); addr < end;
	     addr += PAGE_SIZE) {
		if (arch_vmemmap_lookup(addr, &pa))
			continue;
		pa = vmemmap_alloc_block(PAGE_SIZE, nid);
		if (!pa)
			return -ENOMEM;
		ret = arch_vmemmap_map(addr, pa, PAGE_SHIFT, nid);
		if (ret) {
			sparse_free_phys(pa, PAGE_SIZE);
			return ret;
		}
		counts.pte_bytes += PAGE_SIZE;
	}
	return 0;
}

/* True when some 4 KiB page of the 2 MiB chunk at addr is mapped. */
static bool chunk_has_basepages(unsigned long addr)
{
	unsigned long a;
	phys_addr_t pa;

	for (a = addr; a < addr + PMD_SIZE; a += PAGE_SIZE)
		if (arch_vmemmap_lookup(a, &pa) == PAGE_SHIFT)
			return true;
	return false;
}

int vmemmap_populate_hugepages(unsigned long start, unsigned long end, int nid)
{
	unsigned long addr, next;
	phys_addr_t pa;
	int ret;

	for (addr = start; addr < end; addr = next) {
		next = MIN(end, (addr & PMD_MASK) + PMD_SIZE);
		if (arch_vmemmap_lookup(addr, &pa) == PMD_SHIFT)
			continue;
		if (IS_ALIGNED(addr, PMD_SIZE) && next - addr == PMD_SIZE &&
		    !chunk_has_basepages(addr)) {
			pa = vmemmap_alloc_block(PMD_SIZE, nid);
			if (pa) {
				ret = arch_vmemmap_map(addr, pa, PMD_SHIFT,
						       nid);
				if (!ret) {
					counts.pmd_bytes += PMD_SIZE;
					pr_debug(
						" [%lx-%lx] PMD -> [%llx-%llx] on node %d\n",
						addr, addr + PMD_SIZE - 1,
						(unsigned long long)pa,
						(unsigned long long)(pa +
								     PMD_SIZE -
								     1),
						nid);
					continue;
				}
				sparse_free_phys(pa, PMD_SIZE);
			}
		}
		/* No 2 MiB block (or a partial chunk): 4 KiB pages. */
		ret = vmemmap_populate_basepages(addr, next, nid);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Back the vmemmap range [start, end) (addresses of struct pages) with
 * memory on nid.  Returns 0 or -ENOMEM; on failure what was mapped stays
 * mapped and counted (the caller frees it with vmemmap_free).
 */
int vmemmap_populate(unsigned long start, unsigned long end, int nid)
{
	if (end - start < PAGES_PER_SECTION * sizeof(struct page) ||
	    !arch_has_pmd_mappings())
		return vmemmap_populate_basepages(start, end, nid);
	return vmemmap_populate_hugepages(start, end, nid);
}

/*
 * Unmap [start, end) of the vmemmap and free its backing and any page
 * tables left empty.  2 MiB mappings must lie wholly inside the range
 * (hot-remove removes whole early sections); one that does not is kept
 * and reported.
 */
void vmemmap_free(unsigned long start, unsigned long end)
{
	unsigned long addr = ALIGN_DOWN(start, PAGE_SIZE), size;
	unsigned int shift;
	phys_addr_t pa;

	while (addr < end) {
		shift = arch_vmemmap_lookup(addr, &pa);
		if (!shift) {
			addr += PAGE_SIZE;
			continue;
		}
		size = 1UL << shift;
		if (shift == PMD_SHIFT && (addr & PMD_MASK) + PMD_SIZE > end) {
			pr_err("vmemmap: [%lx-%lx) only partly removed, PMD at %lx kept\n",
			       start, end, addr & PMD_MASK);
			break;
		}
		addr &= ~(size - 1);
		if (shift == PMD_SHIFT && addr < start) {
			pr_err("vmemmap: PMD at %lx starts before [%lx-%lx), kept\n",
			       addr, start, end);
			addr += size;
			continue;
		}
		if (arch_vmemmap_unmap(addr, &pa, &shift) == 0) {
			sparse_free_phys(pa, size);
			if (shift == PMD_SHIFT)
				counts.pmd_bytes -= size;
			else
				counts.pte_bytes -= size;
		}
		addr += size;
	}
}
