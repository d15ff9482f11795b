// SPDX-License-Identifier: MIT
/*
 * zeroing: every byte of a __GFP_ZERO block is zero, for every order, even
 * when the memory was dirty when it was last freed.
 *
 * For each order: allocate blocks without __GFP_ZERO, fill them with a
 * non-zero pattern, free them (they go to the head of the lists, or to
 * the per-CPU lists, so the next allocations are likely to get them
 * back), then allocate with __GFP_ZERO and read every 8-byte word.
 * get_zeroed_page() is checked the same way.
 * Cases: gfp_zero[order 0..10], get_zeroed_page.
 */
#include <lib/string.h>

#include "st_mm.h"

enum { C_ZERO, C_GZP, NR_CASES };

static const char *const orders[NR_PAGE_ORDERS] = {
	"order_0", "order_1", "order_2", "order_3", "order_4",	"order_5",
	"order_6", "order_7", "order_8", "order_9", "order_10",
};

static const struct stress_case cases[] = {
	[C_ZERO] = { "gfp_zero", orders, NR_PAGE_ORDERS },
	[C_GZP] = { "get_zeroed_page" },
};

#define BLOCKS 4

static int zeroing_run(struct stress_ctx *ctx)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *dirty[BLOCKS];
		unsigned int n = 0;

		for (unsigned int i = 0; i < BLOCKS; i++) {
			dirty[n] = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, order,
					    -1);
			if (dirty[n]) {
				memset(page_address(dirty[n]), 0xa5,
				       PAGE_SIZE << order);
				n++;
			}
		}
		for (unsigned int i = n; i-- > 0;)
			st_free(ctx, dirty[i], order);
		for (unsigned int i = 0; i < BLOCKS; i++) {
			struct page *p = st_alloc(
				ctx, GFP_KERNEL | __GFP_ZERO | ST_NOWARN, order,
				-1);

			if (!p) {
				st_skip_param(ctx, C_ZERO, order,
					      "no block of this order free");
				continue;
			}
			if (!st_check_zero(ctx, C_ZERO, p, order))
				st_fail_param(ctx, C_ZERO, order,
					      "block at phys %#llx not zero",
					      (unsigned long long)st_phys(p));
			stress_ops(ctx, (PAGE_SIZE << order) / 8);
			st_free(ctx, p, order);
		}
		st_progress(ctx, order, MAX_PAGE_ORDER);
	}
	for (unsigned int i = 0; i < 16; i++) {
		unsigned long a = __get_free_page(GFP_KERNEL | ST_NOWARN);
		unsigned long z;

		if (!a)
			break;
		memset((void *)a, 0x5a, PAGE_SIZE);
		free_page(a);
		z = get_zeroed_page(GFP_KERNEL | ST_NOWARN);
		stress_ops(ctx, 3);
		if (!z) {
			stress_case_fail(ctx, C_GZP,
					 "get_zeroed_page returned 0");
			break;
		}
		st_check_zero(ctx, C_GZP, virt_to_page((void *)z), 0);
		free_page(z);
	}
	return 0;
}

const struct stress_suite stress_suite_zeroing = {
	.name = "zeroing",
	.run = zeroing_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
