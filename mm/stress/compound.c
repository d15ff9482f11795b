// SPDX-License-Identifier: MIT
/*
 * compound: __GFP_COMP blocks carry Linux's compound metadata, and plain
 * high-order blocks carry none.
 *
 * Cases:
 *  - heads_tails[order 1..10]: the head is PageHead and not PageTail, with
 *    refcount 1; page[1].compound_order is the order; every tail is
 *    PageTail with compound_head() == head and refcount 0; compound_head()
 *    of the head is the head;
 *  - plain_blocks: without __GFP_COMP no page of the block is PageHead or
 *    PageTail;
 *  - freed_clean: after freeing them all, mm_check_free_lists() and no
 *    bad_page report (a tail left marked would be one).
 */
#include "st_mm.h"

enum { C_HEADS_TAILS, C_PLAIN, C_FREED, NR_CASES };

static const char *const orders[] = {
	"order_1", "order_2", "order_3", "order_4", "order_5",
	"order_6", "order_7", "order_8", "order_9", "order_10",
};

static const struct stress_case cases[] = {
	[C_HEADS_TAILS] = { "heads_tails", orders, ARRAY_SIZE(orders) },
	[C_PLAIN] = { "plain_blocks" },
	[C_FREED] = { "freed_clean" },
};

#define BLOCKS_PER_ORDER 4

static void check_compound(struct stress_ctx *ctx, struct page *head,
			   unsigned int order)
{
	unsigned int p = order - 1;
	unsigned long pfn = st_pfn(head);

	if (!PageHead(head) || PageTail(head) || page_ref_count(head) != 1 ||
	    compound_head(head) != head)
		st_fail_param(
			ctx, C_HEADS_TAILS, p,
			"head pfn %#lx: PageHead %d PageTail %d refcount %d",
			pfn, PageHead(head), PageTail(head),
			page_ref_count(head));
	if (head[1].compound_order != order)
		st_fail_param(
			ctx, C_HEADS_TAILS, p,
			"head pfn %#lx: compound_order %u, allocated order %u",
			pfn, head[1].compound_order, order);
	for (unsigned long i = 1; i < (1UL << order); i++) {
		struct page *t = head + i;

		if (!PageTail(t) || compound_head(t) != head ||
		    page_ref_count(t) != 0) {
			st_fail_param(
				ctx, C_HEADS_TAILS, p,
				"tail pfn %#lx of head %#lx: PageTail %d, compound_head pfn %#lx, refcount %d",
				pfn + i, pfn, PageTail(t),
				st_pfn(compound_head(t)), page_ref_count(t));
			return;
		}
	}
	stress_ops(ctx, 1UL << order);
}

static void check_plain(struct stress_ctx *ctx, struct page *page,
			unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (PageHead(page + i) || PageTail(page + i)) {
			stress_case_fail(
				ctx, C_PLAIN,
				"pfn %#lx of a plain order-%u block is %s",
				st_pfn(page + i), order,
				PageHead(page + i) ? "PageHead" : "PageTail");
			return;
		}
	}
}

static int compound_run(struct stress_ctx *ctx)
{
	unsigned long bad = page_alloc_errors.bad_pages;
	struct st_pool pool;

	st_pool_init(&pool);
	for (unsigned int order = 1; order <= MAX_PAGE_ORDER; order++) {
		for (unsigned int i = 0; i < BLOCKS_PER_ORDER; i++) {
			struct page *c = st_alloc(
				ctx, GFP_KERNEL | __GFP_COMP | ST_NOWARN, order,
				-1);
			struct page *p = st_alloc(ctx, GFP_KERNEL | ST_NOWARN,
						  order, -1);

			if (c) {
				check_compound(ctx, c, order);
				st_pool_add(&pool, c, order);
			} else {
				st_skip_param(ctx, C_HEADS_TAILS, order - 1,
					      "no block of this order free");
			}
			if (p) {
				check_plain(ctx, p, order);
				st_pool_add(&pool, p, order);
			}
		}
		st_progress(ctx, order, MAX_PAGE_ORDER);
	}
	st_pool_free_all(ctx, &pool);
	drain_all_pages(NULL);
	st_check_lists(ctx, C_FREED, bad);
	return 0;
}

const struct stress_suite stress_suite_compound = {
	.name = "compound",
	.run = compound_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
