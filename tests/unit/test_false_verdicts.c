// SPDX-License-Identifier: MIT
/*
 * The stress suites' oracles follow the allocator's documented rules
 * (Linux's), not a simpler picture of them: on machines where Linux's
 * allocator makes a choice that looks wrong at first sight, the suites
 * must pass, and the choice must really happen here (else the case proves
 * nothing).  Each case is a false FAIL seen on a real machine's map.
 *
 *  - small_normal_zone: a Normal zone of 6 MiB above 4 GiB (a 4 GiB
 *    Chromebook's).  Boot allocations leave it only small Movable blocks,
 *    so GFP_KERNEL is served from DMA32 although Normal passes its low
 *    watermark (ALLOC_NOFRAGMENT).  zone_constraints, exhaustion, pcp and
 *    migratetype must pass.
 *  - memoryless_node: a node with CPUs and no memory (a Sapphire Rapids
 *    server's): its pg_data_t, zonelist and line are Linux's, and numa,
 *    zone_constraints, pcp and exhaustion pass.
 *  - interleaved_nodes: node boundaries inside pageblocks (tools/machines
 *    found it): pageblock stealing moves only its own zone's free blocks.
 *  - tiny_normal_zone: a Normal zone of 25 pages (tools/machines): pcp
 *    and reclaim's kswapd check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <lib/config.h>
#include <lib/ktap.h>
#include <mm/fail_page_alloc.h>
#include <mm/gfp.h>
#include <mm/shrinker.h>
#include <stress/stress.h>

#include "../../mm/stress/st_mm.h"
#include "capture.h"
#include "mm_machine.h"

#define MIB 0x100000ULL
#define GIB (1024 * MIB)

static struct sparsemm_config cfg;
static struct ktap_suite top;

static int teardown(void **state)
{
	mm_machine_reset();
	return 0;
}

/* Run the suites named in 'suites' over the booted machine; 0 = pass. */
static int run_suites(const char *suites)
{
	struct stress_env env = { .cfg = &cfg, .top = &top };
	char words[200];
	const struct stress_results *r;
	int err;

	shrinker_reset();
	fail_page_alloc_disable();
	config_defaults(&cfg);
	cfg.seed = 0x5eed;
	cfg.seed_given = true;
	snprintf(words, sizeof(words), "suites=%s", suites);
	assert_int_equal(config_parse(&cfg, words, strlen(words), "test"), 0);
	capture_start();
	ktap_begin(&top, "sparsemm", 0, (int)stress_nr_results(&env));
	err = stress_run_all(&env);
	capture_stop();
	r = stress_last_results();
	for (unsigned int i = 0; i < r->nr_errors; i++)
		fprintf(stderr, "  %s/%s: %s\n", r->errors[i].suite,
			r->errors[i].case_name, r->errors[i].what);
	return err;
}

static void test_small_normal_zone(void **state)
{
	static const struct mm_range ram[] = {
		{ 0x1000, 0x9f000, 0, 0 },
		{ MIB, 255 * MIB, 0, 0 },
		{ 4 * GIB, 6 * MIB, 0, 0 },
	};
	struct zone *normal, *dma32;
	struct page *page;

	mm_machine_boot(ram, ARRAY_SIZE(ram), NULL, 0, NULL, false);
	normal = mm_zone(0, ZONE_NORMAL);
	dma32 = mm_zone(0, ZONE_DMA32);
	assert_true(populated_zone(normal));

	/* The situation under test: Linux's choice of DMA32 over a Normal
	 * zone that passes its low watermark. */
	assert_true(st_alloc_nofragment(0, GFP_KERNEL));
	assert_true(zone_watermark_ok(normal, 0, low_wmark_pages(normal),
				      ZONE_NORMAL, 0));
	assert_false(st_zone_serves_unfragmented(normal, GFP_KERNEL, 0));
	page = alloc_pages(GFP_KERNEL, 0);
	assert_non_null(page);
	assert_ptr_equal(page_zone(page), dma32);
	assert_null(st_zone_passed_over(0, GFP_KERNEL, 0, dma32));
	/* A movable request has Normal's own blocks: Normal serves it, and
	 * DMA32 would have been a wrong choice the oracle names. */
	assert_true(
		st_zone_serves_unfragmented(normal, GFP_HIGHUSER_MOVABLE, 0));
	assert_ptr_equal(st_zone_passed_over(0, GFP_HIGHUSER_MOVABLE, 0, dma32),
			 normal);
	__free_pages(page, 0);

	assert_int_equal(
		run_suites("zone_constraints,exhaustion,pcp,migratetype"), 0);
	assert_true(capture_contains("ok 1 zone_constraints"));
}

/*
 * A memoryless node with CPUs (a Sapphire Rapids server's node 2): Linux
 * gives it a pg_data_t with empty zones, counts it online, prints
 * "Initmem setup node 2 as memoryless", and its zonelist is the nodes with
 * memory, nearest first; its requests are served there.  The numa and
 * zone_constraints suites must pass.
 */
static void test_memoryless_node(void **state)
{
	static const struct mm_range ram[] = {
		{ 0x1000, 0x9f000, 0, 0 },
		{ MIB, 127 * MIB, 0, 0 },
		{ 128 * MIB, 128 * MIB, 1, 0 },
		{ 0, 0, 2, 0 },
	};
	struct zonelist *zl;
	struct page *page;

	mm_machine_boot(ram, ARRAY_SIZE(ram), NULL, 0, NULL, true);
	capture_stop();
	assert_true(capture_contains("Initmem setup node 2 as memoryless\n"));
	assert_true(capture_contains("Built 3 zonelists"));
	assert_int_equal(nr_online_nodes, 3);
	assert_non_null(NODE_DATA(2));
	assert_int_equal(NODE_DATA(2)->node_present_pages, 0);
	for (int zi = 0; zi < MAX_NR_ZONES; zi++)
		assert_false(populated_zone(mm_zone(2, zi)));
	/* Its zonelist: nodes with memory only, the lower id first at equal
	 * distance (Linux's find_next_best_node). */
	zl = node_zonelist(2, GFP_KERNEL);
	assert_non_null(zl->_zonerefs[0].zone);
	assert_int_not_equal(zone_to_nid(zl->_zonerefs[0].zone), 2);
	for (struct zoneref *z = zl->_zonerefs; z->zone; z++)
		assert_true(populated_zone(z->zone));
	page = alloc_pages_node(2, GFP_KERNEL, 0);
	assert_non_null(page);
	assert_int_not_equal(page_to_nid(page), 2);
	__free_pages(page, 0);
	/* __GFP_THISNODE on a node without memory fails. */
	assert_null(alloc_pages_node(
		2, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0));

	assert_int_equal(run_suites("zone_constraints,numa,pcp,exhaustion"), 0);
	assert_true(capture_contains("ok 7 numa # passes"));
}

/*
 * Two nodes whose boundaries fall inside pageblocks (interleaved SRAT
 * ranges; found by tools/machines): a pageblock holds free blocks of two
 * zones, and stealing it for another migrate type must move only its own
 * zone's blocks (move_freepages), else the other zone's free lists and
 * counts disagree and requests skip a zone with free memory.  Every suite
 * that checks the free lists and the zonelist walk must pass.
 */
static void test_interleaved_nodes(void **state)
{
	static const struct mm_range ram[] = {
		{ 0x1000, 0x9f000, 0, 0 },
		{ MIB, 0x40000, 0, 0 },
		{ MIB + 0x40000, 37 * MIB - 0x40000 + 0x3000, 1, 0 },
		{ 38 * MIB + 0x3000, 40 * MIB - 0x3000 + 0x5000, 0, 0 },
		{ 78 * MIB + 0x5000, 50 * MIB - 0x5000, 1, 0 },
		{ 128 * MIB, 96 * MIB + 0x9000, 2, 0 },
		{ 224 * MIB + 0x9000, 32 * MIB - 0x9000, 0, 0 },
	};

	mm_machine_boot(ram, ARRAY_SIZE(ram), NULL, 0, NULL, false);
	assert_int_equal(nr_online_nodes, 3);
	assert_int_equal(
		run_suites(
			"zone_constraints,exhaustion,churn,migratetype,numa"),
		0);
	assert_int_equal(mm_check_free_lists(), 0);
}

/*
 * A Normal zone of 25 pages above 4 GiB (tools/machines seed 3): its
 * watermarks are a page or two and other zones serve its requests.  The
 * pcp suite must count only the zone's own pages, and kswapd's check must
 * allow the page the waking request takes after it (high - 1).
 */
static void test_tiny_normal_zone(void **state)
{
	static const struct mm_range ram[] = {
		{ 0x1000, 0x9f000, 0, 0 },
		{ MIB, 127 * MIB, 0, 0 },
		{ 4 * GIB, 25 * 4096, 0, 0 },
	};

	mm_machine_boot(ram, ARRAY_SIZE(ram), NULL, 0, NULL, false);
	assert_true(populated_zone(mm_zone(0, ZONE_NORMAL)));
	assert_int_equal(run_suites("pcp,reclaim,zone_constraints,exhaustion"),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_small_normal_zone, teardown),
		cmocka_unit_test_teardown(test_memoryless_node, teardown),
		cmocka_unit_test_teardown(test_interleaved_nodes, teardown),
		cmocka_unit_test_teardown(test_tiny_normal_zone, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
