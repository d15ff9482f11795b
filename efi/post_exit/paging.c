// SPDX-License-Identifier: MIT
/*
 * Building sparsemm's page tables and switching to them.
 *
 * Page-table pages come from a pool reserved before ExitBootServices
 * (efi/pre_exit/paging_pool.c hands it over with paging_set_pool(), so
 * the tables exist before memblock does, and memblock can rely on the
 * direct map from its first allocation); vmemmap tables built later come
 * from mm_alloc_pgtable_page().  Leaves use the largest size that fits:
 * 1 GiB where the CPU has PDPE1GB, 2 MiB (PSE), and 4 KiB at unaligned
 * edges.  A large page is only used when the whole of it lies inside one
 * range, so nothing outside the ranges is ever mapped.
 *
 * Memory types: Linux's PAT is written to IA32_PAT before CR3 is loaded
 * (APs write the same value in the trampoline); RAM is WB, the
 * framebuffer WC, device registers UC (paging_map_mmio, an MMIO UART),
 * EFI runtime ranges WB when the firmware allows it (EFI_MEMORY_WB) and
 * UC- otherwise.  A CPU without PAT keeps its power-on PAT, in which the
 * framebuffer's PWT would mean WT: it gets UC- instead, as Linux does.
 *
 * W^X: the image's text is mapped read-only and executable; everything
 * else is non-executable (EFER.NXE) and CR0.WP makes read-only binding for
 * supervisor writes too.  The firmware's tables are never touched.
 */
#include "paging.h"
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <lib/x86_cr4.h>
#include <mm/pfn.h>

#define PROT_DATA (PTE_P | PTE_RW | PTE_NX)
#define PROT_TEXT (PTE_P)

extern u64 direct_map_offset; /* arch_efi.c */
extern char _text[], _etext[]; /* gnu-efi's linker script */

static phys_addr_t pool_start;
static u64 pool_pages, pool_used;
static u64 *pml4;
static phys_addr_t pml4_phys;
static int levels = 4;
static bool have_nx, have_gbpages, have_pat;
static bool tables_live; /* CR3 holds our tables */
static unsigned long vmemmap_tables; /* tables allocated for the vmemmap */

void paging_set_pool(phys_addr_t start, u64 pages)
{
	pool_start = start;
	pool_pages = pages;
	pool_used = 0;
}

/*
 * Before ExitBootServices: how deep sparsemm's tables must be, from the
 * firmware's CR4 (lib/x86_cr4.h), said in the log.  A combination no CPU
 * should show is refused here, while the firmware can still take over.
 */
int paging_choose_levels(void)
{
	u32 a, b, c = 0, d;
	const char *why;

	cpuid(0, 0, &a, &b, &c, &d);
	c = 0;
	if (a >= 7)
		cpuid(7, 0, &a, &b, &c, &d);
	levels = x86_paging_levels(read_cr4(), c, &why);
	if (levels < 0)
		pr_err("paging: %s: not leaving the firmware\n", why);
	else
		pr_info("paging: %s\n", why);
	return levels;
}

void paging_pool_range(phys_addr_t *start, u64 *size)
{
	*start = pool_start;
	*size = pool_pages * PAGE_SIZE;
}

static bool in_pool(phys_addr_t pa)
{
	return pa >= pool_start && pa < pool_start + pool_pages * PAGE_SIZE;
}

/*
 * A table's address.  Pool pages are always reached by their identity
 * map (the firmware's before the switch, ours after): the pool lies
 * wherever the firmware put it, which mem= or memmap= may have cut out of
 * the direct map.  Tables allocated later come from memblock, which only
 * hands out memory that the direct map covers.
 */
static void *table_virt(phys_addr_t pa)
{
	return tables_live && !in_pool(pa) ? phys_to_virt(pa) : (void *)pa;
}

void *paging_table_virt(phys_addr_t pa)
{
	return table_virt(pa);
}

static phys_addr_t table_alloc(bool for_vmemmap)
{
	phys_addr_t pa;

	if (pool_used < pool_pages) {
		pa = pool_start + pool_used++ * PAGE_SIZE;
		memset(table_virt(pa), 0, PAGE_SIZE);
	} else {
		pa = mm_alloc_pgtable_page(-1);
		if (!pa)
			return 0;
	}
	if (for_vmemmap)
		vmemmap_tables++;
	return pa;
}

/* The entry for va at 'level' (4 = PML4 ... 1 = PT), creating tables on
 * the way down; NULL when a table cannot be allocated or a large page is
 * in the way. */
static u64 *walk_create(u64 va, int level, bool for_vmemmap)
{
	u64 *table = pml4;

	for (int l = 4; l > level; l--) {
		u64 *e = &table[(va >> pt_level_shift(l)) & 511];

		if (!(*e & PTE_P)) {
			phys_addr_t t = table_alloc(for_vmemmap);

			if (!t)
				return NULL;
			*e = t | PTE_P | PTE_RW;
		} else if (*e & PTE_PS) {
			return NULL;
		}
		table = table_virt(*e & PTE_ADDR);
	}
	return &table[(va >> pt_level_shift(level)) & 511];
}

/* The leaf entry mapping va and its level, or NULL when unmapped. */
static u64 *walk_lookup(u64 va, int *level)
{
	u64 *table = pml4;

	for (int l = 4; l >= 1; l--) {
		u64 *e = &table[(va >> pt_level_shift(l)) & 511];

		if (!(*e & PTE_P))
			return NULL;
		if (l == 1 || (*e & PTE_PS)) {
			*level = l;
			return e;
		}
		table = table_virt(*e & PTE_ADDR);
	}
	return NULL;
}

static int map_range(u64 va, phys_addr_t pa, u64 size, u64 prot)
{
	if (!have_nx)
		prot &= ~PTE_NX;
	while (size) {
		int level = 1;
		u64 *e;

		if (have_gbpages && IS_ALIGNED(va | pa, SZ_1G) && size >= SZ_1G)
			level = 3;
		else if (IS_ALIGNED(va | pa, SZ_2M) && size >= SZ_2M)
			level = 2;
		e = walk_create(va, level, false);
		if (!e)
			return -ENOMEM;
		if (*e & PTE_P) {
			/* Already mapped (overlapping identity ranges): it must
			 * be the same frame. */
			if ((*e & PTE_ADDR) != (pa & PTE_ADDR))
				return -EEXIST;
		} else {
			*e = pa | prot | (level > 1 ? PTE_PS : 0);
		}
		va += pt_level_size(level);
		pa += pt_level_size(level);
		size -= pt_level_size(level);
	}
	return 0;
}

static int identity_map(phys_addr_t start, u64 size, u64 prot)
{
	phys_addr_t s = ALIGN_DOWN(start, PAGE_SIZE);

	return map_range(s, s, ALIGN_UP(start + size, PAGE_SIZE) - s, prot);
}

static void detect_cpu_features(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	have_pat = d & (1u << 16);
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		have_nx = d & (1u << 20);
		have_gbpages = d & (1u << 26);
	}
}

static int map_image(void)
{
	u64 text = (u64)_text, etext = ALIGN_UP((u64)_etext, PAGE_SIZE);
	u64 base = boot.image_base,
	    end = base + ALIGN_UP(boot.image_size, PAGE_SIZE);
	int err;

	err = identity_map(base, text - base, PROT_DATA);
	err = err ?: identity_map(text, etext - text, PROT_TEXT);
	err = err ?: identity_map(etext, end - etext, PROT_DATA);
	return err;
}

/* Identity maps of firmware ranges that stay in use: runtime services
 * (code must stay executable), ACPI tables and NVS.  Write-back where
 * the firmware says the range can be (EFI_MEMORY_WB), else UC- (Linux's
 * efi_map_region: PCD); memory-mapped I/O is never WB. */
static int map_firmware_ranges(void)
{
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);
		u64 size = md.num_pages * PAGE_SIZE;
		u64 cache = paging_efi_cache(md.type, md.attr);
		int err = 0;

		if (md.type == EFI_MT_RUNTIME_SERVICES_CODE)
			err = identity_map(md.phys_addr, size,
					   PTE_P | PTE_RW | cache);
		else if ((md.attr & EFI_MEMORY_RUNTIME) ||
			 md.type == EFI_MT_ACPI_RECLAIM ||
			 md.type == EFI_MT_ACPI_NVS)
			err = identity_map(md.phys_addr, size,
					   PROT_DATA | cache);
		if (err)
			return err;
	}
	return 0;
}

u64 paging_efi_cache(u32 type, u64 attr)
{
	if (type == EFI_MT_MMIO || type == EFI_MT_MMIO_PORT_SPACE ||
	    !(attr & EFI_MEMORY_WB))
		return PTE_CACHE_UC_MINUS;
	return PTE_CACHE_WB;
}

u64 paging_fb_cache(void)
{
	return have_pat ? PTE_CACHE_WC : PTE_CACHE_UC_MINUS;
}

/* The serial console's registers when they are memory-mapped. */
static int map_uart(void)
{
	if (!boot.uart_present || boot.uart.iotype == UART_IO)
		return 0;
	return identity_map(boot.uart.base, 8 * uart_reg_stride(&boot.uart),
			    PROT_DATA | PTE_CACHE_UC);
}

/* Linux's PAT, with caches written back first (SDM 11.12.4); the TLB is
 * flushed by the CR3 load that follows. */
static void pat_init(void)
{
	if (!have_pat)
		return;
	__asm__ volatile("wbinvd" ::: "memory");
	wrmsr(MSR_IA32_PAT, x86_linux_pat());
}

/* The root CR3 gets: the PML4, or under LA57 a PML5 above it. */
static phys_addr_t make_root(void)
{
	phys_addr_t pml5;
	u64 *t;

	if (levels == 4)
		return pml4_phys;
	pml5 = table_alloc(false);
	if (!pml5)
		return 0;
	/* Entry 0 covers the low identity maps, entry 511 the kernel half
	 * (bits 56:48 of 0xffff888000000000 are all ones): the same PML4
	 * serves both, so every address keeps its 4-level meaning. */
	t = table_virt(pml5);
	t[0] = pml4_phys | PTE_P | PTE_RW;
	t[511] = pml4_phys | PTE_P | PTE_RW;
	return pml5;
}

int paging_init(const struct e820_table *e820)
{
	u64 t0 = rdtsc();
	unsigned int pos = 0;
	u64 start, end;
	phys_addr_t root;
	int err;

	detect_cpu_features();
	pml4_phys = table_alloc(false);
	if (!pml4_phys)
		return -ENOMEM;
	pml4 = table_virt(pml4_phys);
	root = make_root();
	if (!root)
		return -ENOMEM;

	while (e820_next_ram_range(e820, &pos, &start, &end)) {
		start = ALIGN_UP(start, PAGE_SIZE);
		end = ALIGN_DOWN(end, PAGE_SIZE);
		if (end > start) {
			err = map_range(PAGE_OFFSET + start, start, end - start,
					PROT_DATA | PTE_G);
			if (err)
				goto fail;
		}
	}
	err = map_image();
	err = err ?: identity_map(boot.stack_base, boot.stack_size, PROT_DATA);
	err = err ?: identity_map((u64)boot.map, boot.map_buf_size, PROT_DATA);
	err = err   ?:
		      identity_map(pool_start, pool_pages * PAGE_SIZE,
				   PROT_DATA);
	err = err ?:
		      boot.work ?
		      identity_map((u64)boot.work, boot.work_size, PROT_DATA) :
		      0;
	/* The AP trampoline turns paging on while it runs from the low page
	 * (efi/post_exit/trampoline.S): executable; the BSP writes it through the
	 * direct map. */
	err = err ?:
		      boot.low_page ?
		      identity_map(boot.low_page, PAGE_SIZE, PROT_TEXT) :
		      0;
	err = err ?: map_firmware_ranges();
	err = err ?:
		      boot.fb.base ?
		      identity_map(boot.fb.base, boot.fb.size,
				   PROT_DATA | paging_fb_cache()) :
		      0;
	err = err ?: map_uart();
	if (err)
		goto fail;

	if (have_nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | CR0_WP);
	pat_init();
	write_cr3(root);
	/* The root is a pool page: identity-mapped, like the rest of it. */
	direct_map_offset = PAGE_OFFSET;
	tables_live = true;
	pr_info("paging: own page tables loaded: CR3 %#llx (%d-level), %llu of %llu pool pages used, %s pages, NX %s, PAT %s (%llu us)\n",
		(unsigned long long)root, levels, (unsigned long long)pool_used,
		(unsigned long long)pool_pages,
		have_gbpages ? "1 GiB" : "2 MiB",
		have_nx ? "on" : "unavailable",
		have_pat ? "WB WC UC- UC WB WP UC- WT" :
			   "unavailable (framebuffer UC-)",
		(unsigned long long)((rdtsc() - t0) * 1000000 /
				     arch_cycles_per_sec()));
	return 0;
fail:
	pr_err("paging: building the page tables failed (%d) with %llu of %llu pool pages used\n",
	       err, (unsigned long long)pool_used,
	       (unsigned long long)pool_pages);
	return err;
}

long paging_map_identity_missing(phys_addr_t pa, u64 size)
{
	u64 end = ALIGN_UP(pa + size, PAGE_SIZE);
	u64 va = ALIGN_DOWN(pa, PAGE_SIZE);
	long added = 0;

	if (!tables_live)
		return 0; /* the firmware's tables map everything */
	for (; va < end; va += PAGE_SIZE) {
		int level;
		u64 *e = walk_lookup(va, &level);

		if (e) {
			if (pt_leaf_phys(*e, level, va) != va)
				return -EEXIST;
			continue;
		}
		e = walk_create(va, 1, false);
		if (!e)
			return -ENOMEM;
		*e = va | (have_nx ? PROT_DATA : PROT_DATA & ~PTE_NX);
		added++;
	}
	return added;
}

int paging_map_mmio(phys_addr_t pa, u64 size)
{
	/* Strong uncacheable: PA3 in Linux's PAT and in the power-on one. */
	return identity_map(pa, size, PROT_DATA | PTE_CACHE_UC);
}

/* ---- the vmemmap, for mm/ (include/arch/arch.h) ------------------------- */

unsigned long arch_vmemmap_start = VMEMMAP_START;

bool arch_has_pmd_mappings(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return d & (1u << 3); /* PSE */
}

int arch_vmemmap_map(unsigned long va, phys_addr_t pa, unsigned int shift,
		     int nid)
{
	int level = shift == PMD_SHIFT ? 2 : 1;
	u64 *e;

	if (va < VMEMMAP_START || va >= VMEMMAP_START + VMEMMAP_SIZE ||
	    (shift != PAGE_SHIFT && shift != PMD_SHIFT) ||
	    !IS_ALIGNED(va | pa, 1ULL << shift))
		return -EINVAL;
	e = walk_create(va, level, true);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_P)
		return -EEXIST;
	*e = pa | PROT_DATA | (level == 2 ? PTE_PS : 0);
	if (!have_nx)
		*e &= ~PTE_NX;
	return 0;
}

static void invlpg(u64 va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

int arch_vmemmap_unmap(unsigned long va, phys_addr_t *pa, unsigned int *shift)
{
	int level;
	u64 *e = walk_lookup(va, &level);

	if (!e || va < VMEMMAP_START || va >= VMEMMAP_START + VMEMMAP_SIZE)
		return -ENOENT;
	*pa = pt_leaf_phys(*e, level, 0); /* the mapping's base */
	*shift = pt_level_shift(level);
	*e = 0;
	invlpg(va);
	/* Empty tables stay: they cost a page each and hot-add reuses them. */
	return 0;
}

unsigned int arch_vmemmap_lookup(unsigned long va, phys_addr_t *pa)
{
	int level;
	u64 *e = walk_lookup(va, &level);

	if (!e)
		return 0;
	*pa = pt_leaf_phys(*e, level, va);
	return pt_level_shift(level);
}

unsigned long arch_vmemmap_pgtable_pages(void)
{
	return vmemmap_tables;
}

/* ---- for fault reports --------------------------------------------------- */

bool paging_describe(u64 va, char *buf, size_t len)
{
	if (va >= PAGE_OFFSET && va < PAGE_OFFSET + (1ULL << 46)) {
		scnprintf(buf, len, "the direct map (phys %#llx)",
			  (unsigned long long)(va - PAGE_OFFSET));
		return true;
	}
	if (va >= VMEMMAP_START && va < VMEMMAP_START + VMEMMAP_SIZE) {
		u64 pfn = (va - VMEMMAP_START) / 64;

		scnprintf(
			buf, len,
			"the vmemmap: struct page of pfn %#llx, section %llu%s",
			(unsigned long long)pfn,
			(unsigned long long)(pfn >> (27 - PAGE_SHIFT)),
			tables_live && !arch_vmemmap_lookup(
					       va, &(phys_addr_t){ 0 }) ?
				" (not populated: an absent section)" :
				"");
		return true;
	}
	if (va >= 0xffffc90000000000ULL && va < 0xffffe90000000000ULL) {
		scnprintf(buf, len,
			  "the vmalloc range, which sparsemm leaves unmapped");
		return true;
	}
	return false;
}

u64 *paging_lookup(u64 va, int *level)
{
	return walk_lookup(va, level);
}

bool paging_have_nx(void)
{
	return have_nx;
}

u64 paging_pml4_phys(void)
{
	return pml4_phys;
}

int paging_levels(void)
{
	return levels;
}

bool paging_have_pat(void)
{
	return have_pat;
}
