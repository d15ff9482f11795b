/* SPDX-License-Identifier: MIT */
/*
 * sparsemm's own x86-64 page tables (4-level).  Layout, as in Linux:
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
#define PTE_PS (1ULL << 7)	/* large page in a PDPT / PD entry */
#define PTE_G (1ULL << 8)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

#define PAGE_OFFSET 0xffff888000000000ULL
#define VMEMMAP_START 0xffffea0000000000ULL
#define VMEMMAP_SIZE (1ULL << 40)	/* 1 TiB: 2^46 bytes / 4 KiB * 64 */

/*
 * Before ExitBootServices (efi/pre_exit/paging_pool.c): reserve the pool
 * page tables are built from, sized from the map's extent (top) and its
 * number of descriptors; 0 or -ENOMEM with the firmware's status printed.
 */
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
/* Physical address of the loaded PML4. */
u64 paging_pml4_phys(void);

#endif
