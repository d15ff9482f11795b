// SPDX-License-Identifier: MIT
/*
 * Node boundaries inside a SPARSEMEM section.  Linux takes each page's
 * node from memblock, so a 128 MiB section may hold pages of two nodes;
 * these tests boot such machines and check that every page carries its own
 * node and that the free lists stay consistent through allocation and
 * freeing (found by fuzz_alloc, docs/fuzzing.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/sparse.h>

#include "mm_machine.h"

#define MiB (1ULL << 20)

/*
 *   node 0              node 1
 *   [16M ........ 192M)[192M ........ 448M)
 *   section 1 = [128M, 256M) holds both nodes.
 */
static const struct mm_range split_section[] = {
	{ 16 * MiB, 176 * MiB, 0, 0 },
	{ 192 * MiB, 256 * MiB, 1, 0 },
};

static void teardown_boot(void **state)
{
	mm_machine_reset();
}

/* Every page of both ranges reports the node memblock gave it. */
static void test_pages_carry_their_own_node(void **state)
{
	mm_machine_boot(split_section, 2, NULL, 0, NULL, true);
	for (unsigned int r = 0; r < 2; r++) {
		unsigned long s = PHYS_PFN(split_section[r].base);
		unsigned long e = s + PHYS_PFN(split_section[r].size);

		for (unsigned long pfn = s; pfn < e; pfn += 511)
			assert_int_equal(page_to_nid(pfn_to_page(pfn)),
					 split_section[r].nid);
	}
	/* The model's own check agrees: nodes and zones per page. */
	assert_int_equal(sparse_check_pfns(true, 8), 0);
	teardown_boot(state);
}

/* Allocating everything of node 1 and freeing it again keeps the free
 * lists consistent and every page on its own node's lists. */
static void test_free_lists_hold_across_the_boundary(void **state)
{
	static struct page *pages[70000];
	unsigned long n = 0;

	mm_machine_boot(split_section, 2, NULL, 0, NULL, true);
	assert_int_equal(mm_check_free_lists(), 0);
	while (n < 70000) {
		struct page *p = alloc_pages_node(
			1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0);

		if (!p)
			break;
		assert_int_equal(page_to_nid(p), 1);
		pages[n++] = p;
	}
	assert_true(n > 60000);
	assert_int_equal(mm_check_free_lists(), 0);
	while (n)
		__free_pages(pages[--n], 0);
	assert_int_equal(mm_check_free_lists(), 0);
	teardown_boot(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_carry_their_own_node),
		cmocka_unit_test(test_free_lists_hold_across_the_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
