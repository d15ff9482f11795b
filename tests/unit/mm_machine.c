// SPDX-License-Identifier: MIT
/* Unit-test helper: boot a synthetic machine (see mm_machine.h). */
#include "mm_machine.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/host.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/deferred_init.h>
#include <mm/memmap_init.h>
#include <mm/numa.h>
#include <mm/page_alloc_internal.h>
#include <mm/setup.h>
#include <mm/sparse.h>

#include "capture.h"

void mm_machine_reset(void)
{
	capture_stop();
	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	mm_reset();
	host_set_cpu(0);
	host_phys_exit();
}

void mm_machine_boot(const struct mm_range *ram, unsigned int n,
		     const phys_addr_t (*res)[2], unsigned int n_res,
		     const struct zones_config *cfg, bool capture)
{
	static const struct zones_config dflt = { .nr_cpus = 1 };
	unsigned int i;

	mm_machine_reset();
	assert_int_equal(host_phys_init(MAX_PHYSMEM_BITS), 0);
	for (i = 0; i < n; i++) {
		phys_addr_t a = ALIGN_DOWN(ram[i].base, PAGE_SIZE);
		phys_addr_t e = ALIGN_UP(ram[i].base + ram[i].size, PAGE_SIZE);

		if (!ram[i].size) { /* a memoryless node with CPUs */
			node_set_online(ram[i].nid);
			continue;
		}

		assert_int_equal(host_phys_populate(a, e - a), 0);
		assert_int_equal(memblock_add_node(ram[i].base, ram[i].size,
						   ram[i].nid, ram[i].flags),
				 0);
	}
	for (i = 0; i < n_res; i++)
		assert_int_equal(memblock_reserve(res[i][0], res[i][1]), 0);
	memblock_allow_resize();
	if (capture) {
		capture_start();
		/* What a Linux console shows: up to KERN_INFO. */
		console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	}
	assert_int_equal(sparse_init(), 0);
	assert_int_equal(free_area_init(cfg ? cfg : &dflt), 0);
	assert_int_equal(memmap_init(), 0);
	assert_int_equal(page_alloc_init(), 0);
	deferred_init_print(); /* where mm_core_init prints it */
	assert_int_equal(mm_check_free_lists(), 0);
}

struct zone *mm_zone(int nid, int zi)
{
	assert_non_null(NODE_DATA(nid));
	return &NODE_DATA(nid)->node_zones[zi];
}
