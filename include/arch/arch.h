/* SPDX-License-Identifier: MIT */
/*
 * The small interface mm/ needs from a platform.  efi/ implements it for the
 * machine (x86-64 page tables, TSC, APIC ids); tools/sim/ implements it over
 * an mmap'd stand-in for physical memory.  mm/ never sees anything else of
 * the platform.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <lib/types.h>

/*
 * The direct map: every RAM page is reachable at phys_to_virt(pa).  Valid
 * once the platform has installed its page tables, which it does before
 * memblock is set up.
 */
void *phys_to_virt(phys_addr_t pa);
phys_addr_t virt_to_phys(const void *va);

/* Highest physical address bit the CPU supports (CPUID 0x80000008). */
unsigned int arch_phys_addr_bits(void);

/* Cycle counter and its rate (calibrated by the platform). */
u64 arch_cycles(void);
u64 arch_cycles_per_sec(void);

/*
 * Current CPU number, 0-based, dense.  Inline, one load, as Linux's
 * raw_smp_processor_id(): the allocator's per-CPU path asks for it on
 * every allocation and free.  The host keeps it in a thread-local
 * variable (tools/lib/arch_host.c); the machine in its per-CPU area at
 * GS:ARCH_PERCPU_CPU_OFFSET once arch_percpu_live (efi/post_exit/percpu.c),
 * CPU 0 before that.
 */
#ifdef SPARSEMM_FIRMWARE
#define ARCH_PERCPU_CPU_OFFSET 8
extern bool arch_percpu_live;

static inline unsigned int smp_processor_id(void)
{
	unsigned int cpu;

	if (!arch_percpu_live)
		return 0;
	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(cpu)
			 : "i"(ARCH_PERCPU_CPU_OFFSET));
	return cpu;
}
#else
extern __thread unsigned int host_cpu_id;

static inline unsigned int smp_processor_id(void)
{
	return host_cpu_id;
}
#endif

/* Spin-wait hint. */
void cpu_relax(void);

/*
 * Zero bytes (a whole number of pages, page-aligned) at addr, as fast as
 * the platform can: __GFP_ZERO's clear_pages().  The app uses rep stosq
 * (gnu-efi's memset is a byte loop), as Linux's clear_page_rep; the host
 * libc's memset.
 */
void arch_clear_pages(void *addr, size_t bytes);

/*
 * The vmemmap: struct pages at arch_vmemmap_base() + pfn * 64, mapped only
 * where sections are present.  On the machine the base is VMEMMAP_START
 * (0xffffea0000000000); on the host it is a PROT_NONE reservation.
 *
 * arch_vmemmap_map() maps one page of the vmemmap at va (aligned to
 * 1 << shift) to physical pa, with shift PAGE_SHIFT (4 KiB) or PMD_SHIFT
 * (2 MiB, only when arch_has_pmd_mappings()).  Page-table pages it needs
 * come from mm_alloc_pgtable_page(nid).  Returns 0, -EEXIST if va is
 * already mapped, or -ENOMEM.
 * arch_vmemmap_unmap() removes the mapping at va and returns in *pa and
 * *shift what it was, so mm can free the backing; page-table pages left
 * empty go back through mm_free_pgtable_page().  -ENOENT if unmapped.
 * arch_vmemmap_lookup() returns the shift of the mapping at va (0 when
 * unmapped) and its physical address in *pa.
 */
#define PMD_SHIFT 21
extern unsigned long arch_vmemmap_start; /* set by the platform */

static inline unsigned long arch_vmemmap_base(void)
{
	return arch_vmemmap_start;
}
bool arch_has_pmd_mappings(void);
int arch_vmemmap_map(unsigned long va, phys_addr_t pa, unsigned int shift,
		     int nid);
int arch_vmemmap_unmap(unsigned long va, phys_addr_t *pa, unsigned int *shift);
unsigned int arch_vmemmap_lookup(unsigned long va, phys_addr_t *pa);
/* Page-table pages spent on the vmemmap so far. */
unsigned long arch_vmemmap_pgtable_pages(void);

/* Provided by mm/ for the arch: one zeroed 4 KiB page for a page table,
 * from memblock during boot and from the page allocator after it; 0 when
 * none is left. */
phys_addr_t mm_alloc_pgtable_page(int nid);
void mm_free_pgtable_page(phys_addr_t pa);

#endif
