// SPDX-License-Identifier: MIT
/*
 * Unit tests for the GFP flags (include/mm/gfp.h, mm/gfp.c) and the
 * allocator's formulas that need no machine: gfp_zone() for all sixteen
 * zone-modifier combinations, gfp_migratetype(), the %pGg names, int_sqrt
 * and min_free_kbytes, the watermark check at its boundaries, and the
 * per-CPU batch and high values (each expected figure computed by hand
 * with Linux's formula, shown next to it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mm/page_alloc_internal.h>

/* Every combination of __GFP_DMA (1), __GFP_HIGHMEM (2), __GFP_DMA32 (4),
 * __GFP_MOVABLE (8): the zone, or -1 for an impossible one. */
static void test_gfp_zone_table(void **state)
{
	static const int want[16] = {
		[0] = ZONE_NORMAL,
		[__GFP_DMA] = ZONE_DMA,
		[__GFP_HIGHMEM] = ZONE_NORMAL,
		[__GFP_DMA | __GFP_HIGHMEM] = -1,
		[__GFP_DMA32] = ZONE_DMA32,
		[__GFP_DMA | __GFP_DMA32] = -1,
		[__GFP_DMA32 | __GFP_HIGHMEM] = -1,
		[__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM] = -1,
		[__GFP_MOVABLE] = ZONE_NORMAL,
		[__GFP_MOVABLE | __GFP_DMA] = ZONE_DMA,
		[__GFP_MOVABLE | __GFP_HIGHMEM] = ZONE_MOVABLE,
		[__GFP_MOVABLE | __GFP_DMA | __GFP_HIGHMEM] = -1,
		[__GFP_MOVABLE | __GFP_DMA32] = ZONE_DMA32,
		[__GFP_MOVABLE | __GFP_DMA | __GFP_DMA32] = -1,
		[__GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM] = -1,
		[__GFP_MOVABLE | __GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM] = -1,
	};
	gfp_t bits;

	for (bits = 0; bits < 16; bits++) {
		/* Other bits never change the answer. */
		gfp_t gfp = bits | GFP_KERNEL | __GFP_ZERO | __GFP_RECLAIMABLE;

		if (want[bits] < 0) {
			assert_false(gfp_zone_valid(gfp));
			assert_int_equal(gfp_zone(gfp),
					 ZONE_DMA); /* Linux's 0 */
		} else {
			assert_true(gfp_zone_valid(gfp));
			assert_int_equal(gfp_zone(gfp), want[bits]);
		}
	}
	assert_int_equal(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	assert_int_equal(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	assert_int_equal(gfp_zone(GFP_USER), ZONE_NORMAL);
	assert_int_equal(gfp_zone(GFP_DMA), ZONE_DMA);
	assert_int_equal(gfp_zone(GFP_TRANSHUGE), ZONE_MOVABLE);
}

/* The fast path's one-table test refuses exactly what the two rules
 * refuse: an impossible zone, or both mobility bits; other bits never
 * matter. */
static void test_gfp_request_valid(void **state)
{
	gfp_t low, other[] = { 0, GFP_KERNEL, GFP_ATOMIC | __GFP_ZERO,
			       __GFP_COMP | __GFP_NOWARN | __GFP_THISNODE };
	unsigned int i, refused = 0;

	for (low = 0; low < 32; low++) {
		bool both = (low & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK;
		bool want = gfp_zone_valid(low) && !both;

		for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
			assert_int_equal(gfp_request_valid(low |
							   (other[i] & ~0x1fu)),
					 want);
		refused += !want;
	}
	/* The 8 impossible zone values, with and without __GFP_RECLAIMABLE
	 * (16), and the 4 possible zone values with __GFP_MOVABLE that
	 * __GFP_RECLAIMABLE makes refused. */
	assert_int_equal(refused, 16 + 4);
}

static void test_gfp_values_and_migratetype(void **state)
{
	/* Linux's values as printed in real logs. */
	assert_int_equal(GFP_KERNEL, 0xcc0);
	assert_int_equal(GFP_ATOMIC, 0x820);
	assert_int_equal(GFP_NOWAIT, 0x2800);
	assert_int_equal(GFP_NOIO, 0xc00);
	assert_int_equal(GFP_NOFS, 0xc40);
	assert_int_equal(GFP_USER, 0x100cc0);
	assert_int_equal(GFP_HIGHUSER_MOVABLE, 0x100cca);
	assert_int_equal(GFP_TRANSHUGE_LIGHT, 0x1c20ca);
	assert_int_equal(GFP_TRANSHUGE, 0x1c24ca);
	assert_int_equal(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	assert_int_equal(gfp_migratetype(GFP_HIGHUSER_MOVABLE),
			 MIGRATE_MOVABLE);
	assert_int_equal(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE),
			 MIGRATE_RECLAIMABLE);
	assert_true(gfpflags_allow_blocking(GFP_KERNEL));
	assert_false(gfpflags_allow_blocking(GFP_ATOMIC));
}

static void expect_names(gfp_t gfp, const char *want)
{
	char buf[256];

	assert_int_equal(gfp_flags_string(buf, sizeof(buf), gfp),
			 (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_gfp_names(void **state)
{
	expect_names(0, "");
	expect_names(GFP_KERNEL, "GFP_KERNEL");
	expect_names(GFP_KERNEL | __GFP_ZERO, "GFP_KERNEL|__GFP_ZERO");
	expect_names(GFP_ATOMIC, "GFP_ATOMIC");
	expect_names(GFP_ATOMIC | __GFP_NOWARN | __GFP_COMP,
		     "GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP");
	expect_names(GFP_NOWAIT, "GFP_NOWAIT");
	expect_names(GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE");
	expect_names(GFP_TRANSHUGE, "GFP_TRANSHUGE");
	expect_names(GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT");
	expect_names(GFP_DMA | __GFP_HIGHMEM, "GFP_DMA|__GFP_HIGHMEM");
	expect_names(GFP_KERNEL | GFP_DMA32 | __GFP_THISNODE,
		     "GFP_KERNEL|GFP_DMA32|__GFP_THISNODE");
	expect_names(__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM");
	expect_names(0x200, "0x200");
	expect_names(GFP_KERNEL | 0x200, "GFP_KERNEL|0x200");
	/* Truncation keeps the terminator. */
	{
		char small[8];

		gfp_flags_string(small, sizeof(small), GFP_KERNEL);
		assert_string_equal(small, "GFP_KER");
	}
}

static void test_int_sqrt_and_min_free_kbytes(void **state)
{
	assert_int_equal(int_sqrt(0), 0);
	assert_int_equal(int_sqrt(1), 1);
	assert_int_equal(int_sqrt(15), 3);
	assert_int_equal(int_sqrt(16), 4);
	assert_int_equal(int_sqrt(1000000), 1000);
	assert_int_equal(int_sqrt(999999), 999);
	assert_int_equal(int_sqrt(~0UL), 0xffffffffUL);
	/* 2 GiB of lowmem: sqrt(2097152 * 16) = 5792 kB (Linux: 5792). */
	assert_int_equal(int_sqrt(2097152UL * 16), 5792);
	/* 16 GiB: 16384 kB; 8 MiB: 362 kB. */
	assert_int_equal(int_sqrt(16777216UL * 16), 16384);
	assert_int_equal(int_sqrt(8192UL * 16), 362);
}

/* A zone with only what the check reads; free blocks given per order. */
static struct zone wm_zone;
static struct page wm_pages[NR_PAGE_ORDERS];

static void wm_setup(unsigned int with_block_order, int mt)
{
	unsigned int o;
	int t;

	memset(&wm_zone, 0, sizeof(wm_zone));
	memset(wm_pages, 0, sizeof(wm_pages));
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		for (t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&wm_zone.free_area[o].free_list[t]);
	if (with_block_order < NR_PAGE_ORDERS) {
		list_add(&wm_pages[0].lru,
			 &wm_zone.free_area[with_block_order].free_list[mt]);
		wm_zone.free_area[with_block_order].nr_free = 1;
	}
}

static void test_watermark_boundaries(void **state)
{
	struct zone *z = &wm_zone;

	wm_setup(NR_PAGE_ORDERS, 0);
	/* Plain: free must exceed the mark. */
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL, 0, 101));
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL, 0, 100));
	/* __GFP_HIGH: half of min (100 -> 50). */
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL,
					ALLOC_MIN_RESERVE, 51));
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL,
					 ALLOC_MIN_RESERVE, 50));
	/* GFP_ATOMIC (MIN_RESERVE + NON_BLOCK): 50 - 50/4 = 38. */
	assert_int_equal(gfp_to_alloc_flags(GFP_ATOMIC, 0) &
				 (ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK),
			 ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK);
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL,
					gfp_to_alloc_flags(GFP_ATOMIC, 0), 39));
	assert_false(__zone_watermark_ok(
		z, 0, 100, ZONE_NORMAL, gfp_to_alloc_flags(GFP_ATOMIC, 0), 38));
	/* GFP_NOWAIT cannot block but has no __GFP_HIGH: no reserve. */
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL,
					 gfp_to_alloc_flags(GFP_NOWAIT, 0),
					 100));
	/* GFP_KERNEL: the plain min. */
	assert_int_equal(gfp_to_alloc_flags(GFP_KERNEL, 0) & ALLOC_WMARK_MASK,
			 ALLOC_WMARK_MIN);
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL,
					 gfp_to_alloc_flags(GFP_KERNEL, 0),
					 100));
	/* lowmem_reserve of the request's highest zone is added. */
	z->lowmem_reserve[ZONE_NORMAL] = 10;
	assert_false(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL, 0, 110));
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_NORMAL, 0, 111));
	assert_true(__zone_watermark_ok(z, 0, 100, ZONE_DMA32, 0, 101));
	z->lowmem_reserve[ZONE_NORMAL] = 0;
	/* Order 2: the block itself (3 more pages) and a free block. */
	assert_false(__zone_watermark_ok(z, 2, 100, ZONE_NORMAL, 0, 1000));
	wm_setup(3, MIGRATE_MOVABLE);
	assert_false(__zone_watermark_ok(z, 2, 100, ZONE_NORMAL, 0, 103));
	assert_true(__zone_watermark_ok(z, 2, 100, ZONE_NORMAL, 0, 104));
	assert_false(__zone_watermark_ok(z, 4, 100, ZONE_NORMAL, 0, 1000));
	/* A HighAtomic block serves only ALLOC_HIGHATOMIC / ALLOC_OOM. */
	wm_setup(3, MIGRATE_HIGHATOMIC);
	assert_false(__zone_watermark_ok(z, 2, 100, ZONE_NORMAL, 0, 1000));
	assert_true(__zone_watermark_ok(z, 2, 100, ZONE_NORMAL,
					ALLOC_HIGHATOMIC, 1000));
}

/*
 * zone_batchsize: b = min(managed >> 10, 256) / 4 (at least 1);
 * batch = rounddown_pow_of_two(b + b / 2) - 1.
 */
static void test_pcp_batch_and_high(void **state)
{
	static const struct {
		unsigned long managed;
		int batch;
	} cases[] = {
		{ 3840, 0 }, /* 3 / 4 = 0 -> 1; 1 + 0 = 1 -> 1 - 1 = 0 */
		{ 16384, 3 }, /* 16 / 4 = 4; 4 + 2 = 6 -> 4 - 1 */
		{ 40000, 7 }, /* 39 / 4 = 9; 9 + 4 = 13 -> 8 - 1 */
		{ 100000, 31 }, /* 97 / 4 = 24; 24 + 12 = 36 -> 32 - 1 */
		{ 262144, 63 }, /* 256 / 4 = 64; 96 -> 64 - 1 */
		{ 4194304, 63 }, /* capped at 256 */
		{ 0, 0 },
	};
	struct zone z;
	unsigned int i, saved = nr_cpu_ids;

	memset(&z, 0, sizeof(z));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		z.managed_pages = cases[i].managed;
		assert_int_equal(zone_batchsize(&z), cases[i].batch);
	}
	/* high = max(low watermark / CPUs, 4 * batch). */
	z._watermark[WMARK_LOW] = 5000;
	nr_cpu_ids = 2;
	assert_int_equal(zone_highsize(&z, 63), 2500);
	nr_cpu_ids = 4;
	assert_int_equal(zone_highsize(&z, 63), 1250);
	nr_cpu_ids = 64;
	assert_int_equal(zone_highsize(&z, 63), 252); /* 78 < 4 * 63 */
	z._watermark[WMARK_LOW] = 0;
	nr_cpu_ids = 1;
	assert_int_equal(zone_highsize(&z, 1), 4);
	nr_cpu_ids = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gfp_zone_table),
		cmocka_unit_test(test_gfp_request_valid),
		cmocka_unit_test(test_gfp_values_and_migratetype),
		cmocka_unit_test(test_gfp_names),
		cmocka_unit_test(test_int_sqrt_and_min_free_kbytes),
		cmocka_unit_test(test_watermark_boundaries),
		cmocka_unit_test(test_pcp_batch_and_high),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
