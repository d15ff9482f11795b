// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/memblock.c, continued (tests/unit/test_memblock.c has
 * the range and allocation cases): array doubling, the memblock=debug
 * output, memblock_check() catching corruption, and a random-operation run
 * compared page by page with a simple model.  Same conventions: a picture
 * of the regions and one sentence of what each case expects.
 */
#include "memblock_cases.h"

/* ---- array doubling --------------------------------------------------------------------- */

#define MANY 3000
/* Visit 0..MANY-1 in a scrambled order (7919 is prime, coprime to MANY). */
#define SCRAMBLE(k) (((unsigned long)(k)*7919UL) % MANY)
#define SMALL(k) (SZ_1M + (phys_addr_t)(k)*SZ_8K)

/*
 * Where the doubled arrays land, with the big RAM region [1G, TOP_1G) as the
 * only free memory above them, top-down: 128->256 takes 8K at TOP-8K;
 * 256->512 takes 12K below it and frees the 8K; 512->1024 (24K) does not fit
 * in that 8K so goes below the 12K, which is then freed; likewise 48K and
 * 96K.  The final 4096-entry array is [TOP-0x2f000, TOP-0x17000).
 */
#define FINAL_ARRAY_BASE (TOP_1G - 0x2f000)
#define FINAL_ARRAY_SIZE 0x18000ULL

/*
 * Before memblock_allow_resize() a full array refuses the 129th region
 * with -ENOMEM and a message, and keeps the 128 it has.
 */
static void test_resize_needs_permission(void **state)
{
	unsigned long k;

	add_ram(SZ_1G, SZ_16M);
	for (k = 0; k < INIT_MEMBLOCK_REGIONS - 1; k++)
		assert_int_equal(memblock_add(SMALL(k), SZ_4K), 0);
	for (k = 0; k < INIT_MEMBLOCK_REGIONS; k++)
		assert_int_equal(memblock_reserve(SMALL(k), SZ_4K), 0);
	capture_start();
	assert_int_equal(memblock_add(SMALL(200), SZ_4K), -ENOMEM);
	assert_int_equal(memblock_reserve(SMALL(200), SZ_4K), -ENOMEM);
	assert_true(capture_contains("memblock_allow_resize()"));
	capture_stop();
	/* Splitting a full array needs room too; nothing new does not. */
	assert_int_equal(memblock_phys_free(SMALL(5) + 0x800, 0x100), -ENOMEM);
	assert_int_equal(memblock_reserve(SMALL(5), SZ_4K), 0);
	assert_int_equal(memblock_add(SZ_1G + SZ_1M, SZ_4K), 0);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(mem->max, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(rsv->max, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(rsv->total_size, INIT_MEMBLOCK_REGIONS * SZ_4K);
	CHECK();
}

/*
 *  |m|  |m|  |m| ... 3000 small regions ...        | big RAM [1G, 1G+16M) |
 *                                                          |arr|
 * The memory array doubles as often as needed and drops nothing; each
 * region is exact, and the current array is the one reserved region.
 */
static void test_double_memory_array(void **state)
{
	unsigned long k;

	memblock_allow_resize();
	add_ram(SZ_1G, SZ_16M);
	memblock_debug = 1;
	capture_start();
	for (k = 0; k < MANY; k++) {
		assert_int_equal(memblock_add(SMALL(SCRAMBLE(k)), SZ_4K), 0);
		if (k % 97 == 0)
			CHECK();
	}
	assert_true(capture_contains(
		"memblock: memory is doubled to 256 at [0x0000000040ffe000-0x0000000040fff7ff]"));
	assert_true(capture_contains("memblock: memory is doubled to 4096 at"));
	capture_stop();
	memblock_debug = 0;
	CHECK();

	assert_int_equal(mem->cnt, MANY + 1);
	assert_int_equal(mem->max, 4096);
	for (k = 0; k < MANY; k++) {
		assert_int_equal(mem->regions[k].base, SMALL(k));
		assert_int_equal(mem->regions[k].size, SZ_4K);
	}
	assert_int_equal(mem->regions[MANY].base, SZ_1G);
	assert_int_equal(mem->total_size, SZ_16M + MANY * SZ_4K);
	assert_int_equal(virt_to_phys(mem->regions), FINAL_ARRAY_BASE);
	EXPECT(rsv, R(FINAL_ARRAY_BASE, FINAL_ARRAY_SIZE));

	/* Removing every other small region splits nothing and drops the rest. */
	for (k = 0; k < MANY; k += 2)
		assert_int_equal(memblock_remove(SMALL(k), SZ_4K), 0);
	CHECK();
	assert_int_equal(mem->cnt, MANY / 2 + 1);
	assert_int_equal(mem->regions[0].base, SMALL(1));
}

/*
 *  |r|  |r|  |r| ... 3000 small reservations ...   | big RAM [1G, 1G+16M) |
 *                                                          |arr|
 * The reserved array doubles the same way; the array's own reservation is
 * the last reserved region, and the old arrays were given back.
 */
static void test_double_reserved_array(void **state)
{
	unsigned long k;

	memblock_allow_resize();
	add_ram(SZ_1G, SZ_16M);
	memblock_debug = 1;
	capture_start();
	for (k = 0; k < MANY; k++) {
		assert_int_equal(memblock_reserve(SMALL(SCRAMBLE(k)), SZ_4K),
				 0);
		if (k % 97 == 0)
			CHECK();
	}
	assert_true(capture_contains(
		"memblock: reserved is doubled to 256 at [0x0000000040ffe000-0x0000000040fff7ff]"));
	capture_stop();
	memblock_debug = 0;
	CHECK();

	assert_int_equal(rsv->cnt, MANY + 1);
	assert_int_equal(rsv->max, 4096);
	for (k = 0; k < MANY; k++) {
		assert_int_equal(rsv->regions[k].base, SMALL(k));
		assert_int_equal(rsv->regions[k].size, SZ_4K);
	}
	assert_int_equal(rsv->regions[MANY].base, FINAL_ARRAY_BASE);
	assert_int_equal(rsv->regions[MANY].size, FINAL_ARRAY_SIZE);
	assert_int_equal(virt_to_phys(rsv->regions), FINAL_ARRAY_BASE);
	assert_int_equal(rsv->total_size, MANY * SZ_4K + FINAL_ARRAY_SIZE);
	EXPECT(mem, R(SZ_1G, SZ_16M));
	/* Allocation still works around the arrays. */
	assert_int_equal(memblock_phys_alloc(0x1000, 0x1000), TOP_1G - 0x1000);
	CHECK();
}

/*
 *  rsv full (128)  +  memory array doubling -> its reservation makes the
 *  reserved array double too, nested:
 *                          | big RAM ...   |rsv arr|mem arr|
 *                                      TOP-16K  TOP-8K   TOP
 * The nested growth keeps the memory array's new home out of its choice.
 */
static void test_double_nested(void **state)
{
	unsigned long k;

	memblock_allow_resize();
	add_ram(SZ_1G, SZ_16M);
	for (k = 0; k < INIT_MEMBLOCK_REGIONS; k++)
		assert_int_equal(memblock_reserve(SMALL(2 * k), SZ_4K), 0);
	for (k = 0; k < INIT_MEMBLOCK_REGIONS; k++)
		assert_int_equal(memblock_add(SMALL(2 * k + 1), SZ_4K), 0);
	CHECK();
	assert_int_equal(mem->max, 256);
	assert_int_equal(rsv->max, 256);
	assert_int_equal(virt_to_phys(mem->regions), TOP_1G - 0x2000);
	assert_int_equal(virt_to_phys(rsv->regions), TOP_1G - 0x4000);
	assert_int_equal(rsv->cnt, INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(rsv->regions[INIT_MEMBLOCK_REGIONS].base,
			 TOP_1G - 0x4000);
	assert_int_equal(rsv->regions[INIT_MEMBLOCK_REGIONS].size, 0x4000);
	assert_int_equal(mem->cnt, INIT_MEMBLOCK_REGIONS + 1);
}

/* ---- debug output ------------------------------------------------------------------------ */

/*
 * memblock=debug prints one Linux-format line per operation and
 * memblock_dump_all() prints the configuration as Linux's
 * __memblock_dump_all does; without it, nothing is printed.
 */
static void test_debug_output(void **state)
{
	assert_int_equal(host_phys_populate(SZ_1M, SZ_16M), 0);
	assert_int_equal(host_phys_populate(SZ_1G, SZ_1M), 0);
	capture_start();
	assert_int_equal(memblock_add(SZ_1M, SZ_16M), 0);
	memblock_dump_all();
	assert_string_equal(capture_text(), "");

	memblock_debug = 1;
	assert_int_equal(memblock_add_node(SZ_1G, SZ_1M, 1, MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(memblock_reserve(0x1000, 0x1000), 0);
	assert_int_equal(memblock_phys_free(0x1000, 0x1000), 0);
	assert_int_equal(memblock_remove(SZ_1G, SZ_1M), 0);
	assert_int_equal(memblock_add(SZ_1G, SZ_1M), 0);
	assert_int_equal(memblock_set_node(SZ_1M, SZ_16M, mem, 0), 0);
	assert_non_null(memblock_alloc_try_nid(4096, 0x1000, 0, 0, -1));
	assert_int_equal(memblock_phys_alloc_range(0x2000, 0x1000, 0, SZ_16M),
			 SZ_16M - 0x2000);
	memblock_dump_all();
	assert_string_equal(
		capture_text(),
		"memblock_add_node: [0x0000000040000000-0x00000000400fffff] nid=1 flags=1\n"
		"memblock_reserve: [0x0000000000001000-0x0000000000001fff]\n"
		"memblock_phys_free: [0x0000000000001000-0x0000000000001fff]\n"
		"memblock_remove: [0x0000000040000000-0x00000000400fffff]\n"
		"memblock_add: [0x0000000040000000-0x00000000400fffff]\n"
		"memblock_alloc_try_nid: 4096 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000\n"
		"memblock_reserve: [0x00000000400ff000-0x00000000400fffff]\n"
		"memblock_phys_alloc_range: 8192 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000001000000\n"
		"memblock_reserve: [0x0000000000ffe000-0x0000000000ffffff]\n"
		"MEMBLOCK configuration:\n"
		" memory size = 0x0000000001100000 reserved size = 0x0000000000003000\n"
		" memory.cnt  = 0x2\n"
		" memory[0x0]\t[0x0000000000100000-0x00000000010fffff], 0x0000000001000000 bytes on node 0 flags: 0x0\n"
		" memory[0x1]\t[0x0000000040000000-0x00000000400fffff], 0x0000000000100000 bytes flags: 0x0\n"
		" reserved.cnt  = 0x2\n"
		" reserved[0x0]\t[0x0000000000ffe000-0x0000000000ffffff], 0x0000000000002000 bytes flags: 0x0\n"
		" reserved[0x1]\t[0x00000000400ff000-0x00000000400fffff], 0x0000000000001000 bytes flags: 0x0\n");
	CHECK();
}

/* memblock_check() names a broken invariant with its values. */
static void test_check_catches_corruption(void **state)
{
	assert_int_equal(memblock_add(0x1000, 0x1000), 0);
	assert_int_equal(memblock_add(0x3000, 0x1000), 0);
	CHECK();
	capture_start();
	mem->regions[1].base = 0x1800; /* overlaps region 0 */
	assert_int_equal(memblock_check(), -EINVAL);
	assert_true(capture_contains("overlaps previous"));
	mem->regions[1].base = 0x2000; /* touches region 0: not minimal */
	assert_int_equal(memblock_check(), -EINVAL);
	assert_true(capture_contains("not merged"));
	mem->regions[1].base = 0x3000;
	mem->total_size++;
	assert_int_equal(memblock_check(), -EINVAL);
	assert_true(capture_contains("total_size"));
	mem->total_size--;
	mem->regions[1].size = 0;
	assert_int_equal(memblock_check(), -EINVAL);
	mem->regions[1].size = 0x1000;
	capture_stop();
	CHECK();
}

/* ---- model check -------------------------------------------------------------------------- */

/*
 * Random add/remove/reserve/free/flag/node/alloc operations over 120 pages,
 * compared page by page with a plain array model after every step: the
 * collections, the free ranges and every allocation address must match.
 */
#define MODEL_PAGES 120
struct page_model {
	bool mem, rsv;
	int nid, rnid;
	unsigned int flags;
};
static struct page_model model[MODEL_PAGES];

static phys_addr_t rgn_end_test(const struct memblock_region *r)
{
	return r->base + r->size;
}

static u64 rng_state;
static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(rng_state >> 33) % n;
}

static void model_compare(void)
{
	struct page_model got[MODEL_PAGES];
	phys_addr_t s, e;
	unsigned long i, p;
	u64 it;
	int nid;

	CHECK();
	memset(got, 0, sizeof(got));
	for (i = 0; i < mem->cnt; i++)
		for (p = PFN_DOWN(mem->regions[i].base);
		     p < PFN_DOWN(rgn_end_test(&mem->regions[i])); p++) {
			got[p].mem = true;
			got[p].nid = mem->regions[i].nid;
			got[p].flags = mem->regions[i].flags;
		}
	for (i = 0; i < rsv->cnt; i++)
		for (p = PFN_DOWN(rsv->regions[i].base);
		     p < PFN_DOWN(rgn_end_test(&rsv->regions[i])); p++) {
			got[p].rsv = true;
			got[p].rnid = rsv->regions[i].nid;
		}
	for (p = 0; p < MODEL_PAGES; p++) {
		assert_int_equal(got[p].mem, model[p].mem);
		assert_int_equal(got[p].rsv, model[p].rsv);
		if (model[p].mem) {
			assert_int_equal(got[p].nid, model[p].nid);
			assert_int_equal(got[p].flags, model[p].flags);
		}
		if (model[p].rsv)
			assert_int_equal(got[p].rnid, model[p].rnid);
	}
	/* Free ranges: each page free in the model is yielded exactly once. */
	memset(got, 0, sizeof(got));
	p = 0;
	for_each_free_mem_range(it, NUMA_NO_NODE, MEMBLOCK_NOMAP, &s, &e,
				&nid) {
		assert_true(PFN_PHYS(p) <= s); /* ascending */
		for (p = PFN_DOWN(s); p < PFN_DOWN(e); p++) {
			assert_false(got[p].mem);
			got[p].mem = true;
			assert_int_equal(nid, model[p].nid);
		}
	}
	for (p = 0; p < MODEL_PAGES; p++)
		assert_int_equal(got[p].mem, model[p].mem && !model[p].rsv);
}

/* Top-down: highest start with n free same-region pages, never page 0. */
static phys_addr_t model_alloc(unsigned long n)
{
	unsigned long start, p;

	for (start = MODEL_PAGES - n + 1; start-- > 1;) {
		for (p = start; p < start + n; p++) {
			const struct page_model *m = &model[p];

			if (!m->mem || m->rsv || (m->flags & MEMBLOCK_NOMAP) ||
			    m->nid != model[start].nid ||
			    m->flags != model[start].flags)
				break;
			/* Same region: no region boundary inside. */
		}
		if (p == start + n)
			return PFN_PHYS(start);
	}
	return 0;
}

static void test_model_random_ops(void **state)
{
	int step, allocs = 0, max_mem = 0, max_rsv = 0;

	memset(model, 0, sizeof(model));
	rng_state = 12345;
	for (step = 0; step < 3000; step++) {
		unsigned long a = rnd(MODEL_PAGES), n = 1 + rnd(12), p;
		unsigned long e = MIN(a + n, (unsigned long)MODEL_PAGES);
		int nid = (int)rnd(3) - 1;
		unsigned int op = rnd(9);
		phys_addr_t base = PFN_PHYS(a), size = PFN_PHYS(e - a);

		switch (op) {
		case 0:
		case 1:
			assert_int_equal(memblock_add_node(base, size, nid, 0),
					 0);
			for (p = a; p < e; p++)
				if (!model[p].mem) {
					model[p].mem = true;
					model[p].nid = nid;
					model[p].flags = 0;
				}
			break;
		case 2:
			assert_int_equal(memblock_remove(base, size), 0);
			for (p = a; p < e; p++)
				model[p].mem = false;
			break;
		case 3:
			assert_int_equal(memblock_reserve(base, size), 0);
			for (p = a; p < e; p++)
				if (!model[p].rsv) {
					model[p].rsv = true;
					model[p].rnid = NUMA_NO_NODE;
				}
			break;
		case 4:
			assert_int_equal(memblock_phys_free(base, size), 0);
			for (p = a; p < e; p++)
				model[p].rsv = false;
			break;
		case 5: {
			bool set = rnd(2);

			assert_int_equal(
				set ? memblock_mark_hotplug(base, size) :
				      memblock_clear_hotplug(base, size),
				0);
			for (p = a; p < e; p++) {
				if (!model[p].mem)
					continue;
				if (set)
					model[p].flags |= MEMBLOCK_HOTPLUG;
				else
					model[p].flags &= ~MEMBLOCK_HOTPLUG;
			}
			break;
		}
		case 6:
			assert_int_equal(memblock_mark_nomap(base, size), 0);
			for (p = a; p < e; p++)
				if (model[p].mem)
					model[p].flags |= MEMBLOCK_NOMAP;
			break;
		case 7:
			assert_int_equal(
				memblock_set_node(base, size, mem, nid), 0);
			for (p = a; p < e; p++)
				if (model[p].mem)
					model[p].nid = nid;
			break;
		case 8: {
			phys_addr_t want = model_alloc(n);

			assert_int_equal(
				memblock_phys_alloc(PFN_PHYS(n), SZ_4K), want);
			allocs += want != 0;
			for (p = PFN_DOWN(want); want && p < PFN_DOWN(want) + n;
			     p++) {
				model[p].rsv = true;
				model[p].rnid = NUMA_NO_NODE;
			}
			break;
		}
		}
		model_compare();
		max_mem = MAX(max_mem, (int)mem->cnt);
		max_rsv = MAX(max_rsv, (int)rsv->cnt);
	}
	/* The walk really exercised splits and allocations. */
	print_message(
		"model: %d allocations, up to %d memory / %d reserved regions\n",
		allocs, max_mem, max_rsv);
	assert_true(allocs > 50);
	assert_true(max_mem > 10 && max_rsv > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_resize_needs_permission),
		T(test_double_memory_array),
		T(test_double_reserved_array),
		T(test_double_nested),
		T(test_debug_output),
		T(test_check_catches_corruption),
		T(test_model_random_ops),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
