// SPDX-License-Identifier: MIT
/*
 * The simulator's host memory (tools/lib/host_prefault.c, the prefaulted
 * memory source of tools/lib/sim_pipeline.c, --backing in
 * tools/lib/arch_host.c) and the stage record of mm_core_init().
 *
 * What must hold: sparse's zeroed memory (roots, usage maps) still reads
 * as zero when the RAM it is carved from held garbage, and the struct
 * pages are right (the source hands memmaps out raw after prefaulting;
 * memmap_init writes them), every struct page block is counted by the
 * prefault through both of its mappings, mm_core_init_cycles accounts for each step, and a backing
 * directory is refused when no file can live there and works when one
 * can.  Fixtures are opened relative to the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <arch/arch.h>
#include <arch/host.h>
#include <lib/config.h>
#include <mm/memblock.h>
#include <mm/setup.h>
#include <mm/sparse.h>

#include <maps/sim_pipeline.h>
#include "capture.h"

#define TEST_PHYS_BITS 36
#define MAP "tests/fixtures/qemu-q35-128m.efimap"

static struct sim_map m;
static struct sim_run run;

static int teardown(void **state)
{
	capture_stop();
	mm_reset();
	sim_pipeline_free(&run);
	sim_map_free(&m);
	host_phys_exit();
	host_phys_set_backing(NULL);
	return 0;
}

/* The map to memblock; with 'garbage', every free byte of RAM is then
 * overwritten, as a machine's RAM holds whatever it held. */
static void boot_to_memblock(bool garbage)
{
	struct sparsemm_config cfg;
	phys_addr_t start, end;
	u64 i;

	capture_start();
	sim_map_init(&m, MAP);
	if (sim_map_load(&m, SIM_FMT_AUTO))
		fail_msg("%s: %s", MAP, m.error);
	config_defaults(&cfg);
	assert_int_equal(sim_pipeline_run(&m, &cfg, TEST_PHYS_BITS, &run), 0);
	if (garbage)
		for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start,
					&end, NULL)
			memset(phys_to_virt(start), 0xa5, end - start);
}

static void boot_to_allocator(void)
{
	struct sparsemm_config cfg;
	struct run_hooks hooks;

	config_defaults(&cfg);
	sim_pipeline_hooks(&m, &hooks);
	assert_int_equal(run_memblock_to_allocator(&cfg, &hooks), 0);
}

#ifdef MODEL_vmemmap
static const unsigned long memmap_mappings = 2;
#else
static const unsigned long memmap_mappings = 1;
#endif

static void test_sparse_memory_zeroed_and_counted(void **state)
{
	const struct mm_core_init_cycles *c = &mm_core_init_cycles;
	struct host_prefault_stats pf;
	struct sparse_stats st;

	boot_to_memblock(true);
	boot_to_allocator();
	/* Section roots and usage maps carved from the garbage must read as
	 * zero: absent sections !pfn_valid, present ones consistent. */
	assert_int_equal(sparse_check_pfns(true, 8), 0);
	sparse_get_stats(&st);
	host_prefault_get(&pf);
	assert_true(pf.calls > 0);
	/* Each struct page block: once for its direct map (the memory
	 * source), and in the vmemmap model once more for its vmemmap
	 * mapping; nothing else. */
	assert_int_equal(pf.bytes, memmap_mappings * st.memmap_bytes);
	assert_true(c->total >= c->sparse_init + c->free_area_init +
					c->memmap_init + c->page_alloc_init);
	assert_true(c->sparse_init > 0 && c->memmap_init > 0);
}

static void test_backing_dir(void **state)
{
	assert_int_equal(host_phys_set_backing("/nonexistent-sparsemm-dir"),
			 -ENOENT);
	assert_null(host_phys_backing_dir());
	if (access("/dev/shm", W_OK))
		skip();
	assert_int_equal(host_phys_set_backing("/dev/shm"), 0);
	assert_string_equal(host_phys_backing_dir(), "/dev/shm");
	boot_to_memblock(true);
	boot_to_allocator();
	assert_int_equal(sparse_check_pfns(true, 8), 0);
	assert_non_null(strstr(host_prefault_backing(), "/dev/shm"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sparse_memory_zeroed_and_counted,
					  teardown),
		cmocka_unit_test_teardown(test_backing_dir, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
