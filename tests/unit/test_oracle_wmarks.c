// SPDX-License-Identifier: MIT
/*
 * The Linux oracle's exact comparison: Linux's managed pages per zone, fed
 * into sparsemm's init_per_zone_wmark_min() (min_free_kbytes, watermarks,
 * lowmem_reserve, pageset high and batch), must give the numbers Linux
 * 6.1 printed on the same QEMU machine.
 *
 * The fixtures (tests/linux-oracle/linux_zones.h, written by
 * tools/linux-oracle from a real boot) hold, per zone, the managed pages
 * after Linux offlined and onlined a memory block (onlining runs
 * init_per_zone_wmark_min() with the pages Linux manages then), the high
 * watermarks of the offline step (min_free_kbytes subtracts them) and
 * Linux's results.  Each machine here has the fixture's nodes, zones and
 * CPUs per node, small; the zones' managed pages and high watermarks are
 * then set to Linux's before the call, since the formulas read nothing
 * else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <mm/mmzone.h>
#include <mm/numa.h>

#include "mm_machine.h"
#include "../linux-oracle/linux_zones.h"

#define RANGE_SIZE 0x8000000ULL /* one 128 MiB section per node and zone */

/* A small machine with the fixture's populated zones. */
static unsigned int layout(const struct oracle_fixture *f, struct mm_range *ram,
			   struct zones_config *zc)
{
	unsigned int n = 0;
	bool movable = false;

	for (unsigned int i = 0; i < f->nr_zones; i++) {
		const struct oracle_zone_fixture *z = &f->zones[i];
		phys_addr_t node_off = (phys_addr_t)z->node * RANGE_SIZE;

		switch (z->zone) {
		case ZONE_DMA:
			ram[n++] = (struct mm_range){ 0x1000, 0x9e000, z->node,
						      0 };
			ram[n++] = (struct mm_range){ 0x100000, 0xf00000,
						      z->node, 0 };
			break;
		case ZONE_DMA32:
			ram[n++] = (struct mm_range){ 0x10000000 + node_off,
						      RANGE_SIZE, z->node, 0 };
			break;
		case ZONE_NORMAL:
			ram[n++] = (struct mm_range){ 0x100000000ULL + node_off,
						      RANGE_SIZE, z->node, 0 };
			break;
		default:
			movable = true; /* carved from Normal below */
		}
	}
	memset(zc, 0, sizeof(*zc));
	if (movable)
		zc->movablecore_pages = RANGE_SIZE / 2 / PAGE_SIZE;
	for (int nid = 0; nid < f->nr_nodes; nid++)
		zc->nr_cpus += (unsigned int)f->cpus[nid];
	return n;
}

static void check_config(const struct oracle_fixture *f)
{
	struct mm_range ram[2 * ORACLE_FIXTURE_ZONES];
	struct numa_cpu cpus[64];
	struct zones_config zc;
	unsigned int n = layout(f, ram, &zc), nr_cpus = 0, populated = 0;
	struct zone *zone;

	mm_machine_boot(ram, n, NULL, 0, &zc, false);
	for (int nid = 0; nid < f->nr_nodes; nid++)
		for (int c = 0; c < f->cpus[nid]; c++, nr_cpus++)
			cpus[nr_cpus] = (struct numa_cpu){ .apic_id = nr_cpus,
							   .acpi_id = nr_cpus,
							   .node = nid,
							   .enabled = true };
	numa_cpus_set(cpus, nr_cpus);

	for_each_populated_zone(zone)
		populated++;
	assert_int_equal(populated, f->nr_zones);
	for (unsigned int i = 0; i < f->nr_zones; i++) {
		const struct oracle_zone_fixture *z = &f->zones[i];

		zone = mm_zone(z->node, z->zone);
		assert_non_null(zone);
		assert_true(populated_zone(zone));
		zone->managed_pages = z->managed;
		zone->present_pages = z->present;
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_MIN] = 0;
		zone->_watermark[WMARK_LOW] = 0;
		zone->_watermark[WMARK_HIGH] = z->prev_high;
	}

	init_per_zone_wmark_min();

	if (min_free_kbytes != f->min_free_kbytes)
		fail_msg("%s: min_free_kbytes %d, Linux %d", f->name,
			 min_free_kbytes, f->min_free_kbytes);
	for (unsigned int i = 0; i < f->nr_zones; i++) {
		const struct oracle_zone_fixture *z = &f->zones[i];
		char what[64];

		zone = mm_zone(z->node, z->zone);
		snprintf(what, sizeof(what), "%s node %d %s", f->name, z->node,
			 zone->name);
		if (min_wmark_pages(zone) != z->min ||
		    low_wmark_pages(zone) != z->low ||
		    high_wmark_pages(zone) != z->high)
			fail_msg(
				"%s: min/low/high %lu/%lu/%lu, Linux %lu/%lu/%lu",
				what, min_wmark_pages(zone),
				low_wmark_pages(zone), high_wmark_pages(zone),
				z->min, z->low, z->high);
		for (int j = 0; j < 4; j++)
			if (zone->lowmem_reserve[j] != z->protection[j])
				fail_msg("%s: protection[%d] %ld, Linux %ld",
					 what, j, zone->lowmem_reserve[j],
					 z->protection[j]);
		if (zone->pageset_high != z->pcp_high ||
		    zone->pageset_batch != z->pcp_batch)
			fail_msg("%s: pageset high/batch %d/%d, Linux %d/%d",
				 what, zone->pageset_high, zone->pageset_batch,
				 z->pcp_high, z->pcp_batch);
	}
}

static void test_fixture(void **state)
{
	check_config((const struct oracle_fixture *)*state);
}

static int teardown(void **state)
{
	(void)state;
	numa_cpus_reset();
	mm_machine_reset();
	return 0;
}

int main(void)
{
	struct CMUnitTest
		tests[sizeof(oracle_fixtures) / sizeof(oracle_fixtures[0])];

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		tests[i] = (struct CMUnitTest){
			.name = oracle_fixtures[i].name,
			.test_func = test_fixture,
			.teardown_func = teardown,
			.initial_state = (void *)&oracle_fixtures[i],
		};
	return cmocka_run_group_tests_name("oracle_wmarks", tests, NULL, NULL);
}
