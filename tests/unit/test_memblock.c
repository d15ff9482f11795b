// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/memblock.c, in the manner of Linux's
 * tools/testing/memblock: each case draws the regions it builds and says in
 * one sentence what it expects.  "Physical memory" is the host arch layer's
 * simulated space; only ranges added as RAM are populated, so a write by
 * memblock anywhere else faults.  memblock_check() runs after every step.
 *
 * Picture legend:  |xxx| memory region  |rrr| reserved  ^ result address
 */
#include "memblock_cases.h"

/* ---- add ------------------------------------------------------------------------ */

/*
 *  |  A  |  B  |        ->   |   A + B   |
 *  0x1000 0x2000 0x3000
 * Touching ranges with the same nid and flags become one region, whichever
 * is added first.
 */
static void test_add_adjacent_merges(void **state)
{
	assert_int_equal(memblock_add(0x2000, 0x1000), 0);
	CHECK();
	assert_int_equal(memblock_add(0x1000, 0x1000), 0);
	EXPECT(mem, R(0x1000, 0x2000));
	assert_int_equal(memblock_add(0x3000, 0x1000), 0);
	EXPECT(mem, R(0x1000, 0x3000));
	assert_int_equal(memblock_phys_mem_size(), 0x3000);
}

/*
 *  |   A   |
 *      |   B   |        ->   |    A u B    |
 * Overlapping ranges become their union, counted once in total_size.
 */
static void test_add_overlapping_merges(void **state)
{
	assert_int_equal(memblock_add(0x10000, 0x8000), 0);
	assert_int_equal(memblock_add(0x14000, 0x8000), 0);
	EXPECT(mem, R(0x10000, 0xc000));
	/* B below A, overlapping its start. */
	assert_int_equal(memblock_add(0xe000, 0x4000), 0);
	EXPECT(mem, R(0xe000, 0xe000));
}

/*
 *  |     A     |
 *     | B |           ->   |     A     |  (unchanged)
 *  |       C        |  ->  |     C      |
 * A range inside a region changes nothing; a range covering it absorbs it.
 */
static void test_add_contained(void **state)
{
	assert_int_equal(memblock_add(0x10000, 0x10000), 0);
	assert_int_equal(memblock_add(0x12000, 0x1000), 0);
	EXPECT(mem, R(0x10000, 0x10000));
	assert_int_equal(memblock_add(0x8000, 0x20000), 0);
	EXPECT(mem, R(0x8000, 0x20000));
	/* A zero size is a no-op. */
	assert_int_equal(memblock_add(0x100000, 0), 0);
	EXPECT(mem, R(0x8000, 0x20000));
}

/*
 *  |A|   |C|   |B|  added as B, A, C -> sorted;  then the gaps are filled:
 *  |A|xxx|C|xxx|B|  -> one region
 * Disjoint ranges are kept sorted; filling the holes merges all of them.
 */
static void test_add_sorted_and_bridged(void **state)
{
	assert_int_equal(memblock_add(0x5000, 0x1000), 0);
	assert_int_equal(memblock_add(0x1000, 0x1000), 0);
	assert_int_equal(memblock_add(0x3000, 0x1000), 0);
	EXPECT(mem, R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x1000));
	assert_int_equal(memblock_start_of_DRAM(), 0x1000);
	assert_int_equal(memblock_end_of_DRAM(), 0x6000);
	/* One range covering both holes and the middle region. */
	assert_int_equal(memblock_add(0x2000, 0x3000), 0);
	EXPECT(mem, R(0x1000, 0x5000));
}

/*
 *  |  n0  ||  n1  |      different nid: two regions
 *  |  n0  ||  HP  |      different flags: two regions
 *    |   n1 over n0   |  -> |n1| n0 |n1|: the existing part keeps node 0
 * Touching regions that differ in nid or flags stay apart, and adding over
 * an existing region fills only the gaps around it.
 */
static void test_add_different_nid_not_merged(void **state)
{
	assert_int_equal(memblock_add_node(0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(memblock_add_node(0x20000, 0x10000, 1, 0), 0);
	EXPECT(mem, RN(0x10000, 0x10000, 0, 0), RN(0x20000, 0x10000, 1, 0));
	assert_int_equal(
		memblock_add_node(0x30000, 0x1000, 1, MEMBLOCK_HOTPLUG), 0);
	EXPECT(mem, RN(0x10000, 0x10000, 0, 0), RN(0x20000, 0x10000, 1, 0),
	       RN(0x30000, 0x1000, 1, MEMBLOCK_HOTPLUG));

	memblock_reset();
	assert_int_equal(memblock_add_node(0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(memblock_add_node(0x8000, 0x20000, 1, 0), 0);
	EXPECT(mem, RN(0x8000, 0x8000, 1, 0), RN(0x10000, 0x10000, 0, 0),
	       RN(0x20000, 0x8000, 1, 0));
}

/*
 * A range running into the top of the address space is clipped at
 * PHYS_ADDR_MAX instead of wrapping.
 */
static void test_add_clips_at_top(void **state)
{
	assert_int_equal(memblock_add(PHYS_ADDR_MAX - 0xfff, 0x2000), 0);
	EXPECT(mem, R(PHYS_ADDR_MAX - 0xfff, 0xfff));
}

/* ---- remove ----------------------------------------------------------------------- */

/*
 *  |      A (n1, HP)      |
 *          |rm|
 *  | A1   |    |   A2     |  both still node 1, hot-pluggable
 * Removing the middle splits the region and keeps nid and flags.
 */
static void test_remove_middle_splits(void **state)
{
	assert_int_equal(
		memblock_add_node(0x10000, 0x10000, 1, MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(memblock_remove(0x14000, 0x4000), 0);
	EXPECT(mem, RN(0x10000, 0x4000, 1, MEMBLOCK_HOTPLUG),
	       RN(0x18000, 0x8000, 1, MEMBLOCK_HOTPLUG));
	assert_false(memblock_is_memory(0x14000));
	assert_false(memblock_is_memory(0x17fff));
	assert_true(memblock_is_memory(0x13fff));
	assert_true(memblock_is_memory(0x18000));
}

/*
 *  |  A  |    |   B   |
 *      |---- rm ---|
 *  |A'|           |B'|
 * A removal spanning a hole trims both sides; one in a hole changes nothing.
 */
static void test_remove_across_hole(void **state)
{
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	assert_int_equal(memblock_add(0x5000, 0x3000), 0);
	assert_int_equal(memblock_remove(0x2000, 0x4000), 0);
	EXPECT(mem, R(0x1000, 0x1000), R(0x6000, 0x2000));
	assert_int_equal(memblock_remove(0x3000, 0x2000), 0);
	EXPECT(mem, R(0x1000, 0x1000), R(0x6000, 0x2000));
	assert_int_equal(memblock_remove(0, PHYS_ADDR_MAX), 0);
	EXPECT(mem);
	assert_int_equal(memblock_start_of_DRAM(), 0);
	assert_int_equal(memblock_end_of_DRAM(), 0);
}

/* ---- reserve / free ---------------------------------------------------------------- */

/*
 *  |r3|  then |r1| then |r2| between them  -> |r1 r2 r3| one region
 *  free the middle                          -> |r1|  |r3|
 * Reservations merge like memory, need no memory under them, and freeing
 * the middle splits them.
 */
static void test_reserve_free(void **state)
{
	assert_int_equal(memblock_reserve(0x3000, 0x1000), 0);
	assert_int_equal(memblock_reserve(0x1000, 0x1000), 0);
	EXPECT(rsv, R(0x1000, 0x1000), R(0x3000, 0x1000));
	assert_int_equal(memblock_reserve(0x2000, 0x1000), 0);
	EXPECT(rsv, R(0x1000, 0x3000));
	assert_int_equal(memblock_reserved_size(), 0x3000);
	assert_true(memblock_is_reserved(0x2fff));
	assert_false(memblock_is_reserved(0x4000));

	assert_int_equal(memblock_phys_free(0x2000, 0x1000), 0);
	EXPECT(rsv, R(0x1000, 0x1000), R(0x3000, 0x1000));
	/* Freeing what is not reserved is harmless. */
	assert_int_equal(memblock_phys_free(0x8000, 0x1000), 0);
	EXPECT(rsv, R(0x1000, 0x1000), R(0x3000, 0x1000));
	memblock_free(NULL, 0x1000);
	EXPECT(rsv, R(0x1000, 0x1000), R(0x3000, 0x1000));
	EXPECT(mem);
}

/* ---- allocation ------------------------------------------------------------------- */

/*
 *  |                memory                 |
 *  1M                                  1M+16M
 *                                 |a2|a1|     top-down
 *  |b1|b2|                                    bottom-up
 * Top-down allocations stack down from the top, bottom-up ones up from the
 * bottom; neighbouring allocations merge into one reserved region.
 */
static void test_alloc_top_down_and_bottom_up(void **state)
{
	const phys_addr_t end = SZ_1M + SZ_16M;
	u8 *p;

	add_ram(SZ_1M, SZ_16M);
	memset(phys_to_virt(end - 0x3000), 0xaa, 0x3000);

	assert_false(memblock_bottom_up());
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), end - 0x1000);
	EXPECT(rsv, R(end - 0x1000, 0x1000));
	p = memblock_alloc(0x2000, 0x1000);
	assert_ptr_equal(p, phys_to_virt(end - 0x3000));
	for (size_t i = 0; i < 0x2000; i++)
		assert_int_equal(p[i], 0); /* memblock_alloc zeroes */
	EXPECT(rsv, R(end - 0x3000, 0x3000));

	memblock_set_bottom_up(true);
	assert_true(memblock_bottom_up());
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), SZ_1M);
	assert_int_equal(memblock_phys_alloc(0x3000, 0x1000), SZ_1M + 0x1000);
	EXPECT(rsv, R(SZ_1M, 0x4000), R(end - 0x3000, 0x3000));
	EXPECT(mem, R(SZ_1M, SZ_16M));
}

/*
 *  |  memory [0x10800, 0x110000)  |
 * Top-down rounds the candidate down to the alignment, bottom-up rounds the
 * start up; align 0 means SMP_CACHE_BYTES (64) with a warning, as Linux;
 * an alignment that is not a power of two fails.
 */
static void test_alloc_alignment(void **state)
{
	add_ram(0x10800, 0x110000 - 0x10800);

	assert_int_equal(memblock_phys_alloc(0x100, 0x10000), 0x100000);
	memblock_set_bottom_up(true);
	assert_int_equal(memblock_phys_alloc(0x100, 0x4000), 0x14000);
	capture_start();
	assert_int_equal(memblock_phys_alloc(0x10, 0), 0x10800);
	assert_true(capture_contains("align 0"));
	capture_stop();
	assert_int_equal(memblock_phys_alloc(0x10, 0), 0x10840);
	assert_int_equal(memblock_phys_alloc(0x10, 3), 0);
	EXPECT(rsv, R(0x10800, 0x10), R(0x10840, 0x10), R(0x14000, 0x100),
	       R(0x100000, 0x100));
}

/*
 *  |             memory [1M, 8G)                  |
 *            ^16M-..     ^4G-4K                 ^8G-4K
 * The end argument, current_limit (for ACCESSIBLE and for
 * memblock_alloc_try_nid's max_addr) and MEMBLOCK_ALLOC_ANYWHERE each bound
 * the allocation exactly; a min_addr that cannot be met is dropped.
 */
static void test_alloc_limits(void **state)
{
	const phys_addr_t top = 8 * SZ_1G;

	add_ram(SZ_1M, top - SZ_1M);
	assert_int_equal(memblock_phys_alloc_range(0x1000, 0x1000, 0, SZ_4G),
			 SZ_4G - 0x1000);
	memblock_set_current_limit(SZ_16M);
	assert_int_equal(memblock_get_current_limit(), SZ_16M);
	assert_int_equal(virt_to_phys(memblock_alloc(0x1000, 0x1000)),
			 SZ_16M - 0x1000);
	assert_int_equal(memblock_phys_alloc_range(0x1000, 0x1000, 0,
						   MEMBLOCK_ALLOC_ANYWHERE),
			 top - 0x1000);
	/* max_addr above the limit is capped to it. */
	assert_int_equal(virt_to_phys(memblock_alloc_try_nid(
				 0x1000, 0x1000, 0, SZ_4G, NUMA_NO_NODE)),
			 SZ_16M - 0x2000);
	/* min_addr above the limit: retried from 0. */
	assert_int_equal(virt_to_phys(memblock_alloc_try_nid(
				 0x1000, 0x1000, 2 * SZ_16M, 0, NUMA_NO_NODE)),
			 SZ_16M - 0x3000);
	/* min_addr honoured when it can be. */
	assert_int_equal(virt_to_phys(memblock_alloc_try_nid(
				 0x1000, 0x1000, 0, SZ_2M, NUMA_NO_NODE)),
			 SZ_2M - 0x1000);
	/* A window outside memory finds nothing. */
	assert_int_equal(
		memblock_phys_alloc_range(0x1000, 0x1000, top, top + SZ_1G), 0);
	assert_int_equal(memblock_phys_alloc_range(0x1000, 0x1000, 0, SZ_1M),
			 0);
	/* Bottom-up inside a window. */
	memblock_set_bottom_up(true);
	assert_int_equal(
		memblock_phys_alloc_range(0x1000, 0x1000, SZ_1G, SZ_4G), SZ_1G);
	EXPECT(rsv, R(SZ_2M - 0x1000, 0x1000), R(SZ_16M - 0x3000, 0x3000),
	       R(SZ_1G, 0x1000), R(SZ_4G - 0x1000, 0x1000),
	       R(top - 0x1000, 0x1000));
}

/*
 *  | node 0: [1M, 1M+16M) |  ...  | node 1: [1G, 1G+16M) |
 * An allocation goes to the node asked for; when that node has no room (or
 * does not exist) it falls back to any node and says so with memblock=debug;
 * exact_nid refuses to fall back.
 */
static void test_alloc_node_preference_and_fallback(void **state)
{
	const phys_addr_t end0 = SZ_1M + SZ_16M;

	add_ram_node(SZ_1M, SZ_16M, 0, 0);
	add_ram_node(SZ_1G, SZ_16M, 1, 0);

	assert_int_equal(memblock_phys_alloc_try_nid(0x1000, 0x1000, 0),
			 end0 - 0x1000);
	assert_int_equal(memblock_phys_alloc_try_nid(0x1000, 0x1000, 1),
			 TOP_1G - 0x1000);
	assert_int_equal(memblock_phys_alloc_try_nid(0x1000, 0x1000,
						     NUMA_NO_NODE),
			 TOP_1G - 0x2000);
	assert_int_equal(memblock_alloc_range_nid(0x1000, 0x1000, 0,
						  MEMBLOCK_ALLOC_ACCESSIBLE, 2,
						  true),
			 0);
	memblock_debug = 1;
	capture_start();
	assert_int_equal(memblock_phys_alloc_try_nid(0x1000, 0x1000, 2),
			 TOP_1G - 0x3000);
	assert_true(capture_contains(
		"4096 bytes not available on node 2, falling back to any node"));
	capture_stop();
	memblock_debug = 0;

	/* Fill what is left of node 0, then ask node 0 again. */
	assert_int_equal(
		memblock_phys_alloc_try_nid(SZ_16M - 0x1000, 0x1000, 0), SZ_1M);
	assert_int_equal(memblock_phys_alloc_try_nid(0x1000, 0x1000, 0),
			 TOP_1G - 0x4000);
	EXPECT(rsv, R(SZ_1M, SZ_16M), R(TOP_1G - 0x4000, 0x4000));
	EXPECT(mem, RN(SZ_1M, SZ_16M, 0, 0), RN(SZ_1G, SZ_16M, 1, 0));
}

/*
 *  |rrrr| 16K of memory, all allocated
 * When nothing fits, allocation returns 0 / NULL and leaves both
 * collections exactly as they were.
 */
static void test_alloc_exhaustion(void **state)
{
	struct memblock_region before[2];

	add_ram(SZ_1M, 0x4000);
	assert_null(memblock_alloc(0x5000, 0x1000));
	assert_int_equal(memblock_phys_alloc(0x4000, 0x1000), SZ_1M);
	memcpy(before, rsv->regions, sizeof(before));
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), 0);
	assert_null(memblock_alloc(1, 1));
	assert_null(memblock_alloc_try_nid(0x1000, 0x1000, SZ_1M, 0, 0));
	assert_int_equal(memblock_phys_alloc(0, 0x1000), 0);
	assert_memory_equal(before, rsv->regions, sizeof(before));
	EXPECT(rsv, R(SZ_1M, 0x4000));
	EXPECT(mem, R(SZ_1M, 0x4000));
}

/*
 *  |pg0|pg1|pg2|   memory [0, 0x3000)
 *        ^   ^     the two allocations; page 0 stays free
 * The first page is never handed out, top-down or bottom-up, since 0
 * means failure.
 */
static void test_alloc_never_first_page(void **state)
{
	phys_addr_t s, e;
	u64 i;
	int n = 0;

	add_ram(0, 0x3000);
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), 0x2000);
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), 0x1000);
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), 0);
	assert_int_equal(memblock_phys_alloc(0x10, 0x10), 0);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		assert_int_equal(s, 0);
		assert_int_equal(e, 0x1000);
		n++;
	}
	assert_int_equal(n, 1);

	memblock_reset();
	memblock_set_bottom_up(true);
	add_ram(0, 0x2000);
	assert_int_equal(memblock_phys_alloc(0x800, 0x800), 0x1000);
	assert_int_equal(memblock_phys_alloc(0x800, 0x800), 0x1800);
	assert_int_equal(memblock_phys_alloc(0x800, 0x800), 0);
	EXPECT(rsv, R(0x1000, 0x1000));
}

/*
 *  | mirrored [1M, +16M) |  ...  | plain [1G, +16M) |
 * Once some memory is mirrored, allocations prefer it even though it is
 * lower; when it is full they fall back to plain memory with a warning.
 */
static void test_alloc_prefers_mirror(void **state)
{
	add_ram(SZ_1M, SZ_16M);
	add_ram(SZ_1G, SZ_16M);
	assert_int_equal(memblock_mark_mirror(SZ_1M, SZ_16M), 0);
	EXPECT(mem, RN(SZ_1M, SZ_16M, NUMA_NO_NODE, MEMBLOCK_MIRROR),
	       R(SZ_1G, SZ_16M));
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000),
			 SZ_1M + SZ_16M - 0x1000);
	assert_int_equal(memblock_phys_alloc(SZ_16M - 0x1000, 0x1000), SZ_1M);
	capture_start();
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), TOP_1G - 0x1000);
	assert_true(capture_contains("of mirrored memory"));
	capture_stop();
	CHECK();
}

/*
 *  | plain [1M, +16M) | ... | hotplug [1G, +16M) |
 * With movable_node, allocations stay off hot-pluggable memory; NOMAP
 * memory is never allocated and is skipped by for_each_mem_range.
 */
static void test_alloc_skips_hotplug_and_nomap(void **state)
{
	phys_addr_t s, e;
	u64 i;
	int n = 0;

	add_ram(SZ_1M, SZ_16M);
	add_ram_node(SZ_1G, SZ_16M, NUMA_NO_NODE, MEMBLOCK_HOTPLUG);
	memblock_set_movable_node(true);
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000),
			 SZ_1M + SZ_16M - 0x1000);
	memblock_set_movable_node(false);
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), TOP_1G - 0x1000);

	assert_int_equal(memblock_mark_nomap(SZ_1G, SZ_16M), 0);
	EXPECT(mem, R(SZ_1M, SZ_16M),
	       RN(SZ_1G, SZ_16M, NUMA_NO_NODE,
		  MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP));
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000),
			 SZ_1M + SZ_16M - 0x2000);
	assert_true(memblock_is_memory(SZ_1G));
	assert_false(memblock_is_map_memory(SZ_1G));
	assert_true(memblock_is_map_memory(SZ_1M));
	for_each_mem_range(i, &s, &e) {
		assert_int_equal(s, SZ_1M);
		assert_int_equal(e, SZ_1M + SZ_16M);
		n++;
	}
	assert_int_equal(n, 1);
	assert_int_equal(memblock_clear_nomap(SZ_1G, SZ_16M), 0);
	assert_int_equal(memblock_clear_hotplug(SZ_1G, SZ_16M), 0);
	EXPECT(mem, R(SZ_1M, SZ_16M), R(SZ_1G, SZ_16M));
}

/* ---- flags and nodes ---------------------------------------------------------------- */

/*
 *  |          A          |
 *      |HP|                  mark_hotplug  -> |A|HP|A|
 *      |  |                  clear_hotplug -> |  A  |
 *           |--- node 1 ---)  set_node     -> |A (-1)|A (1)|
 * Setting and clearing flags and nodes split exactly at the range ends and
 * merge back when the difference goes away.
 */
static void test_flags_and_nodes_split_and_merge(void **state)
{
	assert_int_equal(memblock_add(0x10000, 0x10000), 0);
	assert_int_equal(memblock_mark_hotplug(0x14000, 0x4000), 0);
	EXPECT(mem, R(0x10000, 0x4000),
	       RN(0x14000, 0x4000, NUMA_NO_NODE, MEMBLOCK_HOTPLUG),
	       R(0x18000, 0x8000));
	assert_int_equal(memblock_clear_hotplug(0x10000, 0x10000), 0);
	EXPECT(mem, R(0x10000, 0x10000));

	assert_int_equal(memblock_set_node(0x18000, 0x10000, mem, 1), 0);
	EXPECT(mem, R(0x10000, 0x8000), RN(0x18000, 0x8000, 1, 0));
	assert_int_equal(memblock_set_node(0, PHYS_ADDR_MAX, mem, 1), 0);
	EXPECT(mem, RN(0x10000, 0x10000, 1, 0));

	/* Reserved regions take a node too. */
	assert_int_equal(memblock_reserve(0x11000, 0x2000), 0);
	assert_int_equal(memblock_set_node(0x12000, 0x1000, rsv, 1), 0);
	EXPECT(rsv, R(0x11000, 0x1000), RN(0x12000, 0x1000, 1, 0));
}

/* ---- queries ------------------------------------------------------------------------ */

/*
 *  |  A [0x1000,0x3000)  |   |n1: B [0x3000,0x5000)|      |C [0x8000,0x9000)|
 *                 |r [0x4000,0x4800)|
 * is_region_memory needs the range inside one region; is_region_reserved
 * and overlaps_region need any overlap.
 */
static void test_queries(void **state)
{
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	assert_int_equal(memblock_add_node(0x3000, 0x2000, 1, 0), 0);
	assert_int_equal(memblock_add(0x8000, 0x1000), 0);
	assert_int_equal(memblock_reserve(0x4000, 0x800), 0);
	CHECK();

	assert_true(memblock_is_memory(0x1000));
	assert_true(memblock_is_memory(0x4fff));
	assert_false(memblock_is_memory(0x5000));
	assert_false(memblock_is_memory(0xfff));
	assert_true(memblock_is_region_memory(0x1000, 0x2000));
	assert_false(memblock_is_region_memory(0x2000, 0x2000)); /* two nodes */
	assert_false(memblock_is_region_memory(0x8000, 0x1001));
	assert_true(memblock_is_region_reserved(0x3000, 0x1001));
	assert_false(memblock_is_region_reserved(0x3000, 0x1000));
	assert_false(memblock_is_region_reserved(0x4800, 0x1000));
	assert_true(memblock_overlaps_region(mem, 0x5000, 0x3001));
	assert_false(memblock_overlaps_region(mem, 0x5000, 0x3000));
	assert_false(memblock_overlaps_region(mem, 0x5000, 0));
	assert_int_equal(memblock_phys_mem_size(), 0x5000);
	assert_int_equal(memblock_reserved_size(), 0x800);
	assert_int_equal(memblock_start_of_DRAM(), 0x1000);
	assert_int_equal(memblock_end_of_DRAM(), 0x9000);
}

/*
 *  mem:  |A [0x1000,0x3000)|   |B [0x5000,0x9000)|
 *  rsv:                            |r [0x6000,0x8000)|
 *  mem=0x4000:  |A|   |B' [0x5000,0x7000)|   r' [0x6000,0x7000)
 * enforce_memory_limit keeps the first 'limit' bytes of memory and drops
 * memory and reservations above where they end; cap_memory_range keeps only
 * the mapped memory and reservations inside a window (NOMAP stays).
 */
static void test_memory_limit_and_cap(void **state)
{
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	assert_int_equal(memblock_add(0x5000, 0x4000), 0);
	assert_int_equal(memblock_reserve(0x6000, 0x2000), 0);
	memblock_enforce_memory_limit(0x100000); /* more than all: no-op */
	EXPECT(mem, R(0x1000, 0x2000), R(0x5000, 0x4000));
	memblock_enforce_memory_limit(0x4000);
	EXPECT(mem, R(0x1000, 0x2000), R(0x5000, 0x2000));
	EXPECT(rsv, R(0x6000, 0x1000));

	memblock_reset();
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	assert_int_equal(memblock_add(0x5000, 0x4000), 0);
	assert_int_equal(memblock_add_node(0x10000, 0x1000, NUMA_NO_NODE,
					   MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(memblock_reserve(0x1000, 0x8000), 0);
	memblock_cap_memory_range(0x2000, 0x4000);
	EXPECT(mem, R(0x2000, 0x1000), R(0x5000, 0x1000),
	       RN(0x10000, 0x1000, NUMA_NO_NODE, MEMBLOCK_NOMAP));
	EXPECT(rsv, R(0x2000, 0x4000));
}

/* ---- iterators ------------------------------------------------------------------------- */

/*
 *  mem:  |A [0x1000,0x3000)|B n1 [0x3000,0x5000)|  |C [0x8000,0xa000)|  |D [0xc800,0xf800)|
 *  rsv:  |r0 [0,0x1800)|            |r1 [0x4800,0x9000)|
 * Free ranges are memory minus reserved, in address order (and reversed),
 * split where the memory regions split; pfn ranges cover whole pages only.
 */
static void test_iterators(void **state)
{
	static const struct {
		phys_addr_t s, e;
		int nid;
	} free_want[] = {
		{ 0x1800, 0x3000, NUMA_NO_NODE },
		{ 0x3000, 0x4800, 1 },
		{ 0x9000, 0xa000, NUMA_NO_NODE },
		{ 0xc800, 0xf800, NUMA_NO_NODE },
	};
	struct memblock_region *r;
	phys_addr_t s, e;
	unsigned long ps, pe;
	int nid, n, j;
	u64 i;

	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	assert_int_equal(memblock_add_node(0x3000, 0x2000, 1, 0), 0);
	assert_int_equal(memblock_add(0x8000, 0x2000), 0);
	assert_int_equal(memblock_add(0xc800, 0x3000), 0);
	assert_int_equal(memblock_add(0x10100, 0xe00), 0); /* no whole page */
	assert_int_equal(memblock_reserve(0, 0x1800), 0);
	assert_int_equal(memblock_reserve(0x4800, 0x4800), 0);
	assert_int_equal(memblock_reserve(0x20000, 0x1000), 0); /* no memory */
	CHECK();

	n = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid) {
		assert_true(n < 5);
		assert_int_equal(s, n < 4 ? free_want[n].s : 0x10100);
		assert_int_equal(e, n < 4 ? free_want[n].e : 0x10f00);
		assert_int_equal(nid, n < 4 ? free_want[n].nid : NUMA_NO_NODE);
		n++;
	}
	assert_int_equal(n, 5);

	n = 5;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					&nid)
	{
		n--;
		assert_true(n >= 0);
		assert_int_equal(s, n < 4 ? free_want[n].s : 0x10100);
		assert_int_equal(e, n < 4 ? free_want[n].e : 0x10f00);
	}
	assert_int_equal(n, 0);

	/* Node filter. */
	n = 0;
	for_each_free_mem_range(i, 1, MEMBLOCK_NONE, &s, &e, &nid) {
		assert_int_equal(s, 0x3000);
		assert_int_equal(e, 0x4800);
		assert_int_equal(nid, 1);
		n++;
	}
	assert_int_equal(n, 1);

	n = 0;
	for_each_mem_range(i, &s, &e) {
		static const phys_addr_t want[][2] = {
			{ 0x1000, 0x3000 },   { 0x3000, 0x5000 },
			{ 0x8000, 0xa000 },   { 0xc800, 0xf800 },
			{ 0x10100, 0x10f00 },
		};
		assert_true(n < 5);
		assert_int_equal(s, want[n][0]);
		assert_int_equal(e, want[n][1]);
		n++;
	}
	assert_int_equal(n, 5);

	n = 0;
	for_each_reserved_mem_range(i, &s, &e) {
		static const phys_addr_t want[][2] = {
			{ 0, 0x1800 },
			{ 0x4800, 0x9000 },
			{ 0x20000, 0x21000 },
		};
		assert_true(n < 3);
		assert_int_equal(s, want[n][0]);
		assert_int_equal(e, want[n][1]);
		n++;
	}
	assert_int_equal(n, 3);

	n = 0;
	for_each_mem_pfn_range(j, NUMA_NO_NODE, &ps, &pe, &nid) {
		static const unsigned long want[][2] = {
			{ 1, 3 },
			{ 3, 5 },
			{ 8, 0xa },
			{ 0xd, 0xf },
		};
		assert_true(n < 4);
		assert_int_equal(ps, want[n][0]);
		assert_int_equal(pe, want[n][1]);
		assert_int_equal(nid, n == 1 ? 1 : NUMA_NO_NODE);
		n++;
	}
	assert_int_equal(n, 4);
	n = 0;
	for_each_mem_pfn_range(j, 1, &ps, &pe, NULL) {
		assert_int_equal(ps, 3);
		assert_int_equal(pe, 5);
		n++;
	}
	assert_int_equal(n, 1);

	n = 0;
	for_each_mem_region(r) n++;
	assert_int_equal(n, 5);
	n = 0;
	for_each_reserved_mem_region(r) n++;
	assert_int_equal(n, 3);
}

/* An empty memblock yields nothing from any iterator. */
static void test_iterators_empty(void **state)
{
	phys_addr_t s, e;
	u64 i;
	int j, n = 0;
	unsigned long ps, pe;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					NULL) n++;
	for_each_mem_range(i, &s, &e)
		n++;
	for_each_mem_pfn_range(j, NUMA_NO_NODE, &ps, &pe, NULL)
		n++;
	assert_int_equal(n, 0);
	/* Reserved only: still no free memory. */
	assert_int_equal(memblock_reserve(0x1000, 0x1000), 0);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_add_adjacent_merges),
		T(test_add_overlapping_merges),
		T(test_add_contained),
		T(test_add_sorted_and_bridged),
		T(test_add_different_nid_not_merged),
		T(test_add_clips_at_top),
		T(test_remove_middle_splits),
		T(test_remove_across_hole),
		T(test_reserve_free),
		T(test_alloc_top_down_and_bottom_up),
		T(test_alloc_alignment),
		T(test_alloc_limits),
		T(test_alloc_node_preference_and_fallback),
		T(test_alloc_exhaustion),
		T(test_alloc_never_first_page),
		T(test_alloc_prefers_mirror),
		T(test_alloc_skips_hotplug_and_nomap),
		T(test_flags_and_nodes_split_and_merge),
		T(test_queries),
		T(test_memory_limit_and_cap),
		T(test_iterators),
		T(test_iterators_empty),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
