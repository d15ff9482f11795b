// SPDX-License-Identifier: MIT
/*
 * hotplug: add and remove the sections the platform held back
 * (env->hotplug, from hotplug_holdback=) while the allocator is loaded.
 * SKIP when nothing was held back.
 *
 * For each range, with a pool holding about half the free memory:
 *  - add: sparse_add_section() returns 0, every pfn is pfn_valid, the
 *    pages reach the allocator (managed pages grow by the range; SKIP of
 *    the busy/remove cases when no online hook is installed and the pages
 *    stay reserved), and the free lists stay consistent;
 *  - busy_remove: with one page of the range allocated, removal returns
 *    -EBUSY and changes nothing;
 *  - remove: once it is free again, removal returns 0, no pfn of the range
 *    is valid any more, and managed pages are back.
 */
#include <mm/sparse.h>

#include "st_mm.h"

enum { C_ADD, C_BUSY, C_REMOVE, NR_CASES };

static const struct stress_case cases[] = {
	[C_ADD] = { "add" },
	[C_BUSY] = { "busy_remove" },
	[C_REMOVE] = { "remove" },
};

static bool in_range(const struct stress_hotplug_range *r, unsigned long pfn)
{
	return pfn >= r->start_pfn && pfn < r->start_pfn + r->nr_pages;
}

/* Allocate until a block inside r appears; returns it (order 0..10 in
 * *order) with everything else freed again, or NULL. */
static struct page *grab_in_range(struct stress_ctx *ctx,
				  const struct stress_hotplug_range *r,
				  unsigned int *order)
{
	struct page *found = NULL, *page;
	struct st_pool pool;

	st_pool_init(&pool);
	for (unsigned int o = MAX_PAGE_ORDER + 1; !found && o-- > 0;) {
		while ((page = st_alloc(ctx,
					GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC |
						ST_NOWARN,
					o, r->nid))) {
			if (in_range(r, st_pfn(page))) {
				found = page;
				*order = o;
				break;
			}
			st_pool_add(&pool, page, o);
		}
	}
	st_pool_free_all(ctx, &pool);
	return found;
}

static void one_range(struct stress_ctx *ctx,
		      const struct stress_hotplug_range *r)
{
	unsigned long managed = st_total_managed();
	unsigned long bad = page_alloc_errors.bad_pages;
	struct page *held;
	unsigned int order = 0;
	int err;

	err = sparse_add_section(r->nid, r->start_pfn, r->nr_pages);
	stress_ops(ctx, 1);
	if (err) {
		stress_case_fail(
			ctx, C_ADD,
			"sparse_add_section(node %d, pfn %#lx, %lu pages) = %d",
			r->nid, r->start_pfn, r->nr_pages, err);
		return;
	}
	for (unsigned long pfn = r->start_pfn; pfn < r->start_pfn + r->nr_pages;
	     pfn++) {
		if (!pfn_valid(pfn)) {
			stress_case_fail(ctx, C_ADD,
					 "pfn %#lx not valid after the add",
					 pfn);
			break;
		}
	}
	st_check_lists(ctx, C_ADD, bad);
	if (st_total_managed() != managed + r->nr_pages) {
		stress_case_skip(
			ctx, C_BUSY,
			"added pages stay offline: no online hook installed");
	} else {
		held = grab_in_range(ctx, r, &order);
		if (!held) {
			stress_case_fail(
				ctx, C_ADD,
				"no page of the added range could be allocated");
		} else {
			err = sparse_remove_section(r->start_pfn, r->nr_pages,
						    NULL, NULL);
			if (err != -EBUSY)
				stress_case_fail(
					ctx, C_BUSY,
					"removal with pfn %#lx allocated returned %d, expected -EBUSY",
					st_pfn(held), err);
			st_free(ctx, held, order);
		}
	}
	drain_all_pages(NULL);
	err = sparse_remove_section(r->start_pfn, r->nr_pages, NULL, NULL);
	stress_ops(ctx, 1);
	if (err) {
		stress_case_fail(
			ctx, C_REMOVE,
			"sparse_remove_section(pfn %#lx, %lu pages) = %d",
			r->start_pfn, r->nr_pages, err);
		return;
	}
	if (pfn_valid(r->start_pfn) ||
	    pfn_valid(r->start_pfn + r->nr_pages - 1))
		stress_case_fail(ctx, C_REMOVE,
				 "pfns of the removed range are still valid");
	if (st_total_managed() != managed)
		stress_case_fail(
			ctx, C_REMOVE,
			"managed pages %lu after removal, %lu before the add",
			st_total_managed(), managed);
	st_check_lists(ctx, C_REMOVE, bad);
}

static int hotplug_run(struct stress_ctx *ctx)
{
	const struct stress_env *env = ctx->env;
	struct st_pool load;
	struct page *page;
	unsigned long target;

	if (!env->nr_hotplug || !env->hotplug) {
		stress_suite_skip(ctx,
				  "no held-back sections (hotplug_holdback=N)");
		return -ENOENT;
	}
	/* Load: about half the free memory held in order-9 blocks. */
	st_pool_init(&load);
	target = global_free_pages() / 2;
	while (load.nr_pages < target &&
	       (page = st_alloc(ctx, GFP_KERNEL | ST_NOWARN, pageblock_order,
				-1)))
		st_pool_add(&load, page, pageblock_order);
	for (unsigned int i = 0; i < env->nr_hotplug; i++) {
		one_range(ctx, &env->hotplug[i]);
		st_progress(ctx, i + 1, env->nr_hotplug);
	}
	st_pool_free_all(ctx, &load);
	drain_all_pages(NULL);
	return 0;
}

const struct stress_suite stress_suite_hotplug = {
	.name = "hotplug",
	.run = hotplug_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
