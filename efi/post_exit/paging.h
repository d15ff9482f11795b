/* SPDX-License-Identifier: MIT */
/*
 * sparsemm's own x86-64 page tables: 4-level, or 5-level when the firmware
 * runs with CR4.LA57 (a PML5 whose entries 0 and 511 both point at the
 * one PML4, so the layout below is the same; lib/x86_cr4.h).  Memory
 * types come from Linux's PAT layout, programmed into IA32_PAT on every
 * CPU: RAM, the image and ACPI tables write-back, the framebuffer
 * write-combining, device registers uncached (UC), EFI runtime ranges
 * without the WB attribute UC- (as Linux's EFI runtime mapping).
 * Layout, as in Linux:
 *
 *   0x0000000000000000 ...  identity maps of what must stay at its physical
 *                           address: the image (text RX, rest RW NX), its
 *                           stack and boot-time buffers, the low page, the
 *                           runtime services regions, ACPI tables
 *   0xffff888000000000      PAGE_OFFSET: the direct map of all e820 RAM
 *   0xffffc90000000000      (vmalloc range: left empty; selftest=fault
 *                           writes here)
 *   0xffffea0000000000      VMEMMAP_START: struct pages, mapped per
 *                           present section by mm/ through arch_vmemmap_*
 */
#ifndef EFI_PAGING_H
#define EFI_PAGING_H

#include <lib/types.h>
#include <mm/e820.h>

/* Page-table entry bits (Intel SDM vol. 3, 4-level paging). */
#define PTE_P (1ULL << 0)
#define PTE_RW (1ULL << 1)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_PS (1ULL << 7) /* large page in a PDPT / PD entry */
#define PTE_PAT_4K (1ULL << 7) /* PAT bit of a 4 KiB leaf */
#define PTE_PAT_LARGE (1ULL << 12) /* PAT bit of a 2 MiB / 1 GiB leaf */
#define PTE_G (1ULL << 8)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

/* Memory types by PAT index (PCD, PWT) under Linux's PAT (lib/x86_cr4.h). */
#define PTE_CACHE_WB 0ULL /* PA0 */
#define PTE_CACHE_WC PTE_PWT /* PA1 */
#define PTE_CACHE_UC_MINUS PTE_PCD /* PA2 */
#define PTE_CACHE_UC (PTE_PCD | PTE_PWT) /* PA3 */

#define PAGE_OFFSET 0xffff888000000000ULL
#define VMEMMAP_START 0xffffea0000000000ULL
#define VMEMMAP_SIZE (1ULL << 40) /* 1 TiB: 2^46 bytes / 4 KiB * 64 */

/*
 * Before ExitBootServices (efi/pre_exit/paging_pool.c): choose 4- or
 * 5-level tables (paging_choose_levels: the firmware's depth; -EINVAL,
 * said why, for a CR4/CPUID combination to refuse), then reserve the pool
 * page tables are built from, sized from the map's extent (top) and its
 * number of descriptors; 0, -EINVAL or -ENOMEM with the firmware's status
 * printed.
 */
int paging_choose_levels(void);
int paging_reserve_pool(u64 top, u32 nr_desc);
/* The pool paging_reserve_pool() got: the tables are carved from it. */
void paging_set_pool(phys_addr_t start, u64 pages);
/* The pool's physical range, for memblock to keep reserved. */
void paging_pool_range(phys_addr_t *start, u64 *size);

/* After ExitBootServices: build the tables from the e820 table and the
 * firmware map (runtime and ACPI identity maps), load CR3, and switch
 * phys_to_virt() to the direct map.  Returns 0 or -ENOMEM (pool too
 * small: a bug, reported with the figures). */
int paging_init(const struct e820_table *e820);

/*
 * After paging_init: identity-map, read-write and non-executable, the 4 KiB
 * pages of [pa, pa + size) that nothing maps yet, as Linux's
 * early_memremap maps firmware data wherever it lies (ACPI tables in
 * Reserved or boot-services memory).  Returns the number of pages added
 * (0 before paging_init: the firmware's tables map everything), -ENOMEM or
 * -EEXIST (a page mapped elsewhere).
 */
long paging_map_identity_missing(phys_addr_t pa, u64 size);

/* The address at which a page-table page is reached: its identity map for
 * the pre-allocated pool, the direct map for later tables. */
void *paging_table_virt(phys_addr_t pa);

/* After paging_init: identity-map device registers (the xAPIC page)
 * uncached.  Returns 0, -ENOMEM or -EEXIST (mapped differently). */
int paging_map_mmio(phys_addr_t pa, u64 size);

/* The cache bits (PTE_CACHE_*) for an EFI range of this type and
 * attribute, and for the framebuffer (WC; UC- without PAT). */
u64 paging_efi_cache(u32 type, u64 attr);
u64 paging_fb_cache(void);

/* The checks that must hold after the switch (KTAP subtest "paging" at
 * depth 1); true when all passed. */
bool paging_suite_run(const struct e820_table *e820);

/* For fault reports: name the region of the address space va lies in.
 * Returns false when va is not in the kernel half's known regions. */
bool paging_describe(u64 va, char *buf, size_t len);

/* Level 4 = PML4 ... 1 = PT: the shift and size of what one entry maps. */
static inline unsigned int pt_level_shift(int level)
{
	return 12 + 9 * (level - 1);
}

static inline u64 pt_level_size(int level)
{
	return 1ULL << pt_level_shift(level);
}

/* The physical address a leaf entry at 'level' maps va to. */
static inline phys_addr_t pt_leaf_phys(u64 entry, int level, u64 va)
{
	u64 mask = pt_level_size(level) - 1;

	return (entry & PTE_ADDR & ~mask) + (va & mask);
}

/* The leaf entry mapping va and its level, or NULL when unmapped. */
u64 *paging_lookup(u64 va, int *level);
bool paging_have_nx(void);
/* Physical address of sparsemm's PML4 (below the PML5 when 5-level). */
u64 paging_pml4_phys(void);
/* 4 or 5, once paging_init has run. */
int paging_levels(void);
/* The CPU has PAT and paging_init programmed Linux's layout. */
bool paging_have_pat(void);
/* The PAT index (0..7) of a leaf entry at 'level'. */
static inline unsigned int pte_pat_index(u64 entry, int level)
{
	u64 pat = level == 1 ? PTE_PAT_4K : PTE_PAT_LARGE;

	return (entry & pat ? 4 : 0) | (entry & PTE_PCD ? 2 : 0) |
	       (entry & PTE_PWT ? 1 : 0);
}

#endif
