// SPDX-License-Identifier: MIT
/*
 * Unit tests for the vmemmap (mm/sparse_vmemmap.c) and the host side of
 * the arch vmemmap interface (tools/lib/arch_host.c): 2 MiB and 4 KiB
 * mappings, the 4 KiB fallback when memblock has no 2 MiB block, x86-64
 * page-table pages counted and returned, the vmemmap aliasing the direct
 * map, and faults on the vmemmap of absent sections.
 *
 * The populate/free cases drive the machinery directly and run in every
 * model; the cases that go through pfn_to_page() need MODEL=vmemmap and
 * are skipped otherwise.
 *
 * Picture legend:  |xxx| RAM  |r| reserved page   (S = 128 MiB)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arch/arch.h>
#include <arch/host.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/sparse.h>

#include "capture.h"

#define S (1ULL << SECTION_SIZE_BITS)
#define SZ_1T (1ULL << 40)
#define PMD_SIZE (1UL << PMD_SHIFT)
#define SECTION_MAP_BYTES (PAGES_PER_SECTION * sizeof(struct page))

static int setup(void **state)
{
	memblock_reset();
	sparse_reset();
	sparse_set_mem_source(NULL);
	sparse_set_hotplug_ops(NULL);
	memmap_set_zone_for_pfn(NULL);
	vmemmap_reset_counts();
	assert_int_equal(host_phys_init(MAX_PHYSMEM_BITS), 0);
	return 0;
}

static int teardown(void **state)
{
	capture_stop();
	sparse_reset();
	memblock_reset();
	host_phys_exit();
	return 0;
}

static void ram(phys_addr_t base, phys_addr_t size, int nid)
{
	assert_int_equal(host_phys_populate(base, size), 0);
	assert_int_equal(memblock_add_node(base, size, nid, MEMBLOCK_NONE), 0);
}

/* The vmemmap address of pfn's struct page, in any model. */
static unsigned long vaddr(unsigned long pfn)
{
	return arch_vmemmap_base() + pfn * sizeof(struct page);
}

/*
 *  0        S
 *  |xxxxxxxx|     populate section 1's memmap (2 MiB)
 *  One 2 MiB block above 16 MiB, mapped with a PMD; a PUD and a PMD page
 *  spent on tables; a write through the vmemmap shows in the direct map;
 *  vmemmap_free returns the block and the tables.
 */
static void test_populate_2m(void **state)
{
	unsigned long va = vaddr(PAGES_PER_SECTION);
	phys_addr_t reserved0, pa;
	struct vmemmap_counts c;

	ram(0, S, 0);
	reserved0 = memblock_reserved_size();
	assert_int_equal(vmemmap_populate(va, va + SECTION_MAP_BYTES, 0), 0);
	assert_int_equal(arch_vmemmap_lookup(va, &pa), PMD_SHIFT);
	assert_true(IS_ALIGNED(pa, PMD_SIZE) && pa >= SZ_16M);
	assert_int_equal(arch_vmemmap_lookup(va + PMD_SIZE - 1, &pa),
			 PMD_SHIFT);
	assert_int_equal(arch_vmemmap_lookup(va + PMD_SIZE, &pa), 0);
	assert_int_equal(arch_vmemmap_pgtable_pages(), 2);
	assert_int_equal(memblock_reserved_size() - reserved0,
			 PMD_SIZE + 2 * PAGE_SIZE);
	vmemmap_get_counts(&c);
	assert_int_equal(c.pmd_bytes, PMD_SIZE);
	assert_int_equal(c.pte_bytes, 0);

	arch_vmemmap_lookup(va, &pa);
	((struct page *)va)[100].flags = 0x5a5a;
	assert_int_equal(((struct page *)phys_to_virt(pa))[100].flags, 0x5a5a);
	assert_int_equal(arch_vmemmap_map(va, pa, PMD_SHIFT, 0), -EEXIST);

	vmemmap_free(va, va + SECTION_MAP_BYTES);
	assert_int_equal(arch_vmemmap_lookup(va, &pa), 0);
	assert_int_equal(arch_vmemmap_pgtable_pages(), 0);
	assert_int_equal(memblock_reserved_size(), reserved0);
	vmemmap_get_counts(&c);
	assert_int_equal(c.pmd_bytes + c.pte_bytes, 0);
}

/*
 *  0  1M   2M  3M   4M ...          64M
 *  |xx|r|xxxx|r|xxxx|r| ...         |   one page reserved in every 2 MiB
 *  No 2 MiB block can be had: the chunk falls back to 512 4 KiB pages and
 *  one more page-table page (the PTE page); freeing returns all of it.
 */
static void test_fallback_4k(void **state)
{
	unsigned long va = vaddr(0), a;
	phys_addr_t reserved0, pa, base;
	struct vmemmap_counts c;

	ram(0, 64 * SZ_1M, 0);
	for (base = 0; base < 64 * SZ_1M; base += PMD_SIZE)
		assert_int_equal(memblock_reserve(base + SZ_1M, PAGE_SIZE), 0);
	reserved0 = memblock_reserved_size();
	assert_int_equal(vmemmap_populate(va, va + SECTION_MAP_BYTES, 0), 0);
	for (a = va; a < va + SECTION_MAP_BYTES; a += PAGE_SIZE)
		assert_int_equal(arch_vmemmap_lookup(a, &pa), PAGE_SHIFT);
	vmemmap_get_counts(&c);
	assert_int_equal(c.pmd_bytes, 0);
	assert_int_equal(c.pte_bytes, PMD_SIZE);
	assert_int_equal(arch_vmemmap_pgtable_pages(), 3);
	assert_int_equal(memblock_reserved_size() - reserved0,
			 PMD_SIZE + 3 * PAGE_SIZE);

	vmemmap_free(va, va + SECTION_MAP_BYTES);
	assert_int_equal(arch_vmemmap_pgtable_pages(), 0);
	assert_int_equal(memblock_reserved_size(), reserved0);
}

/* A subsection's memmap (32 KiB) is mapped with 8 base pages, never a PMD. */
static void test_subsection_basepages(void **state)
{
	unsigned long va = vaddr(PAGES_PER_SECTION + PAGES_PER_SUBSECTION);
	unsigned long end = va + PAGES_PER_SUBSECTION * sizeof(struct page);
	phys_addr_t pa;
	struct vmemmap_counts c;

	ram(0, S, 0);
	assert_int_equal(vmemmap_populate(va, end, 0), 0);
	vmemmap_get_counts(&c);
	assert_int_equal(c.pte_bytes, 8 * PAGE_SIZE);
	assert_int_equal(arch_vmemmap_lookup(va, &pa), PAGE_SHIFT);
	assert_int_equal(arch_vmemmap_lookup(end, &pa), 0);
	assert_int_equal(arch_vmemmap_lookup(va - 1, &pa), 0);
	vmemmap_free(va, end);
	assert_int_equal(arch_vmemmap_pgtable_pages(), 0);
}

/* With no memory at all, populate fails with -ENOMEM and maps nothing. */
static void test_populate_nomem(void **state)
{
	unsigned long va = vaddr(0);
	phys_addr_t pa;

	ram(0, 64 * SZ_1M, 0);
	assert_int_equal(memblock_reserve(0, 64 * SZ_1M), 0);
	assert_int_equal(vmemmap_populate(va, va + SECTION_MAP_BYTES, 0),
			 -ENOMEM);
	assert_int_equal(arch_vmemmap_lookup(va, &pa), 0);
	assert_int_equal(arch_vmemmap_pgtable_pages(), 0);
}

#ifdef MEMORY_MODEL_VMEMMAP
/* Fork a child that reads pfn's struct page; true if it faulted. */
static bool touch_faults(unsigned long pfn)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sigaction sa;
		volatile unsigned long v;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		v = pfn_to_page(pfn)->flags;
		(void)v;
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) &&
	       (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS);
}
#endif

/*
 *  0   S       1T  1T+S
 *  |xxx|..//...|xxx|
 *  Through sparse_init: 4 MiB of vmemmap, 3 page-table pages (one PUD, two
 *  PMD pages); the struct pages of the 1 TiB of absent memory between cost
 *  nothing and touching them faults.
 */
static void test_absent_sections(void **state)
{
#ifdef MEMORY_MODEL_VMEMMAP
	struct sparse_stats st;
	phys_addr_t pa;

	ram(0, S, 0);
	ram(SZ_1T, S, 1);
	assert_int_equal(sparse_init(), 0);
	memmap_init();
	sparse_get_stats(&st);
	assert_int_equal(st.memmap_bytes, 2 * SECTION_MAP_BYTES);
	assert_int_equal(st.pgtable_pages, 3);
	assert_int_equal(st.cost_vmemmap_pgtables, 3 * PAGE_SIZE);
	assert_int_equal(arch_vmemmap_lookup(vaddr(PAGES_PER_SECTION), &pa), 0);
	assert_int_equal(arch_vmemmap_lookup(vaddr(PHYS_PFN(SZ_1T) - 1), &pa),
			 0);
	assert_int_equal(arch_vmemmap_lookup(vaddr(PHYS_PFN(SZ_1T)), &pa),
			 PMD_SHIFT);
	assert_false(touch_faults(PHYS_PFN(S) - 1));
	assert_true(touch_faults(PHYS_PFN(S)));
	assert_true(touch_faults(PHYS_PFN(SZ_1T / 2)));
	assert_false(touch_faults(PHYS_PFN(SZ_1T)));
#else
	skip();
#endif
}

/*
 *  0   S   8S  8S+2M
 *  |xxx|...|++|....     ++ one hot-added subsection, then removed
 *  The subsection's memmap is 8 base pages plus one PTE page (the PMD page
 *  of section 0 covers it); pfn_valid follows the subsection bit; removing
 *  returns every byte and page-table page.
 */
static void test_hotplug_subsection(void **state)
{
#ifdef MEMORY_MODEL_VMEMMAP
	unsigned long start = PHYS_PFN(8 * S);
	unsigned long pt0;
	phys_addr_t reserved0;
	struct vmemmap_counts c;

	ram(0, S, 0);
	assert_int_equal(sparse_init(), 0);
	memmap_init();
	assert_int_equal(host_phys_populate(8 * S, SZ_2M), 0);
	reserved0 = memblock_reserved_size();
	pt0 = arch_vmemmap_pgtable_pages();

	assert_int_equal(sparse_add_section(0, start, PAGES_PER_SUBSECTION), 0);
	assert_true(pfn_valid(start + PAGES_PER_SUBSECTION - 1));
	assert_false(pfn_valid(start + PAGES_PER_SUBSECTION));
	assert_int_equal(arch_vmemmap_pgtable_pages(), pt0 + 1);
	vmemmap_get_counts(&c);
	assert_int_equal(c.pte_bytes, 8 * PAGE_SIZE);
	assert_int_equal(sparse_check_pfns(true, 8), 0);
	assert_true(touch_faults(start + PAGES_PER_SUBSECTION));
	assert_false(touch_faults(start));

	assert_int_equal(sparse_remove_section(start, PAGES_PER_SUBSECTION,
					       NULL, NULL),
			 0);
	assert_false(pfn_valid(start));
	assert_int_equal(arch_vmemmap_pgtable_pages(), pt0);
	assert_int_equal(memblock_reserved_size(), reserved0);
	assert_true(touch_faults(start));
#else
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_populate_2m, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fallback_4k, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_subsection_basepages,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_populate_nomem, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_absent_sections, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hotplug_subsection, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
