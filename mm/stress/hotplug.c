// SPDX-License-Identifier: MIT
/*
 * hotplug: add and remove the sections the platform held back
 * (env->hotplug, from hotplug_holdback=) while the allocator is loaded.
 * SKIP when nothing was held back.
 *
 * For each range, with a pool holding about half the free memory:
 *  - add: sparse_add_section() returns 0, every pfn is pfn_valid, the
 *    pages reach the allocator (managed and present pages of the node
 *    grow by the range; SKIP of the busy/remove cases when no online hook
 *    is installed and the pages stay reserved), the free lists stay
 *    consistent, and the whole range can be allocated (movable requests
 *    on its node, until every page of it is held);
 *  - busy_remove: with the range allocated, removal returns -EBUSY (the
 *    check before removal names busy pfns), so does offline_pages()
 *    itself (isolation, busy pages named, isolation undone), and nothing
 *    changes: every zone's free, managed, present and spanned pages are
 *    as before the attempts;
 *  - remove: once free, removal returns 0, no pfn of the range is valid
 *    any more, and every counter is back to its value before the add:
 *    free, managed, present and spanned pages of every zone and node,
 *    and the bytes of memmap and vmemmap mappings (the memmap's memory
 *    was returned).
 */
#include <lib/printk.h>
#include <mm/hotplug.h>
#include <mm/sparse.h>

#include "st_mm.h"

enum { C_ADD, C_BUSY, C_REMOVE, NR_CASES };

static const struct stress_case cases[] = {
	[C_ADD] = { "add" },
	[C_BUSY] = { "busy_remove" },
	[C_REMOVE] = { "remove" },
};

/* What must come back exactly: every zone of every node, and the maps. */
#define HP_MAX_ZONES (MAX_NUMNODES * MAX_NR_ZONES)

struct hp_zone_counts {
	const struct zone *zone;
	unsigned long free, managed, present, spanned, start;
};

struct hp_counts {
	unsigned int nr;
	struct hp_zone_counts z[HP_MAX_ZONES];
	unsigned long node_present[MAX_NUMNODES], node_spanned[MAX_NUMNODES];
	u64 memmap_bytes, vmemmap_bytes;
};

static void hp_counts_take(struct hp_counts *c)
{
	struct vmemmap_counts vc;
	struct zone *zone;
	pg_data_t *pgdat;

	drain_all_pages(NULL);
	c->nr = 0;
	for_each_zone(zone) {
		if (c->nr == HP_MAX_ZONES)
			break;
		c->z[c->nr++] = (struct hp_zone_counts){
			.zone = zone,
			.free = zone_page_state(zone, NR_FREE_PAGES),
			.managed = zone_managed_pages(zone),
			.present = zone->present_pages,
			.spanned = zone->spanned_pages,
			.start = zone->zone_start_pfn,
		};
	}
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		c->node_present[nid] = c->node_spanned[nid] = 0;
	for_each_online_pgdat(pgdat) {
		c->node_present[pgdat->node_id] = pgdat->node_present_pages;
		c->node_spanned[pgdat->node_id] = pgdat->node_spanned_pages;
	}
	vmemmap_get_counts(&vc);
	c->memmap_bytes = memmap_model_bytes();
	c->vmemmap_bytes = vc.pmd_bytes + vc.pte_bytes;
}

static unsigned long hp_free(const struct hp_counts *c)
{
	unsigned long free = 0;

	for (unsigned int i = 0; i < c->nr; i++)
		free += c->z[i].free;
	return free;
}

static unsigned int hp_diff(struct stress_ctx *ctx, unsigned int cs,
			    const char *what, const char *field,
			    unsigned long long before, unsigned long long after)
{
	if (before == after)
		return 0;
	stress_case_fail(
		ctx, cs, "%s %s: %llu %s, %llu now", what, field, before,
		cs == C_BUSY ? "before the refused removal" : "before the add",
		after);
	return 1;
}

/* Every difference between two counts fails case cs; returns how many. */
static unsigned int hp_counts_compare(struct stress_ctx *ctx, unsigned int cs,
				      const struct hp_counts *a,
				      const struct hp_counts *b)
{
	unsigned int n = 0;
	char label[32];

	for (unsigned int i = 0; i < a->nr && i < b->nr; i++) {
		const struct hp_zone_counts *x = &a->z[i], *y = &b->z[i];

		st_zone_label(x->zone, label, sizeof(label));
		n += hp_diff(ctx, cs, label, "free pages", x->free, y->free);
		n += hp_diff(ctx, cs, label, "managed pages", x->managed,
			     y->managed);
		n += hp_diff(ctx, cs, label, "present pages", x->present,
			     y->present);
		n += hp_diff(ctx, cs, label, "spanned pages", x->spanned,
			     y->spanned);
		n += hp_diff(ctx, cs, label, "zone_start_pfn", x->start,
			     y->start);
	}
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		scnprintf(label, sizeof(label), "node %d", nid);
		n += hp_diff(ctx, cs, label, "present pages",
			     a->node_present[nid], b->node_present[nid]);
		n += hp_diff(ctx, cs, label, "spanned pages",
			     a->node_spanned[nid], b->node_spanned[nid]);
	}
	n += hp_diff(ctx, cs, "memmap", "bytes", a->memmap_bytes,
		     b->memmap_bytes);
	n += hp_diff(ctx, cs, "vmemmap", "mapped bytes", a->vmemmap_bytes,
		     b->vmemmap_bytes);
	return n;
}

static bool in_range(const struct hotplug_range *r, unsigned long pfn)
{
	return pfn >= r->start_pfn && pfn < r->start_pfn + r->nr_pages;
}

/*
 * Allocate movable blocks on r's node, largest first, keeping in 'held'
 * those inside r and freeing the rest, until all of r is held or nothing
 * more can be had.  Returns the pages of r held.
 */
static unsigned long grab_range(struct stress_ctx *ctx,
				const struct hotplug_range *r,
				struct st_pool *held)
{
	struct st_pool other;
	struct page *page;

	st_pool_init(&other);
	for (unsigned int o = MAX_PAGE_ORDER + 1;
	     held->nr_pages < r->nr_pages && o-- > 0;) {
		while (held->nr_pages < r->nr_pages &&
		       (page = st_alloc(ctx,
					GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC |
						ST_NOWARN,
					o, r->nid))) {
			if (in_range(r, st_pfn(page)))
				st_pool_add(held, page, o);
			else
				st_pool_add(&other, page, o);
		}
	}
	st_pool_free_all(ctx, &other);
	return held->nr_pages;
}

static void one_range(struct stress_ctx *ctx, const struct hotplug_range *r)
{
	static struct hp_counts before, busy_before, now;
	unsigned long managed, bad = page_alloc_errors.bad_pages, got;
	/* Onlined pages are free in the buddy allocator; pages nobody
	 * onlined (no hook) are free when never used (NULL). */
	bool (*is_free)(unsigned long pfn, void *ctx) = hotplug_pfn_is_free;
	struct st_pool held;
	int err;

	hp_counts_take(&before);
	managed = st_total_managed();
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
	hp_counts_take(&now);
	stress_diag(
		ctx,
		"added pfns [%#lx-%#lx) on node %d: managed %lu -> %lu, free %lu -> %lu pages, node present %lu -> %lu, memmap %llu -> %llu KiB",
		r->start_pfn, r->start_pfn + r->nr_pages, r->nid, managed,
		st_total_managed(), hp_free(&before), hp_free(&now),
		before.node_present[r->nid], now.node_present[r->nid],
		(unsigned long long)before.memmap_bytes >> 10,
		(unsigned long long)now.memmap_bytes >> 10);
	if (st_total_managed() != managed + r->nr_pages) {
		stress_case_skip(
			ctx, C_BUSY,
			"added pages stay offline: no online hook installed");
		is_free = NULL;
		goto remove;
	}
	if (now.node_present[r->nid] !=
	    before.node_present[r->nid] + r->nr_pages)
		stress_case_fail(
			ctx, C_ADD,
			"node %d present pages %lu after the add, %lu before",
			r->nid, now.node_present[r->nid],
			before.node_present[r->nid]);

	/* Under load: the new memory is allocatable, all of it. */
	st_pool_init(&held);
	got = grab_range(ctx, r, &held);
	if (got != r->nr_pages)
		stress_case_fail(
			ctx, C_ADD,
			"only %lu of the %lu added pages could be allocated",
			got, r->nr_pages);
	if (!got) {
		stress_case_fail(ctx, C_BUSY,
				 "no page of the added range to hold");
	} else {
		hp_counts_take(&busy_before);
		err = sparse_remove_section(r->start_pfn, r->nr_pages,
					    hotplug_pfn_is_free, NULL);
		stress_ops(ctx, 1);
		if (err != -EBUSY)
			stress_case_fail(
				ctx, C_BUSY,
				"removal with %lu pages from pfn %#lx allocated returned %d, expected -EBUSY",
				got, r->start_pfn, err);
		/* The zones' own refusal: isolate, find busy, undo. */
		err = offline_pages(r->start_pfn, r->nr_pages);
		stress_ops(ctx, 1);
		if (err != -EBUSY)
			stress_case_fail(
				ctx, C_BUSY,
				"offline_pages(pfn %#lx, %lu pages) with the range allocated returned %d, expected -EBUSY",
				r->start_pfn, r->nr_pages, err);
		hp_counts_take(&now);
		hp_counts_compare(ctx, C_BUSY, &busy_before, &now);
		st_check_lists(ctx, C_BUSY, bad);
	}
	st_pool_free_all(ctx, &held);

remove:
	drain_all_pages(NULL);
	err = sparse_remove_section(r->start_pfn, r->nr_pages, is_free, NULL);
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
	hp_counts_take(&now);
	if (!hp_counts_compare(ctx, C_REMOVE, &before, &now))
		stress_diag(
			ctx,
			"removed pfns [%#lx-%#lx): free, managed, present and spanned pages of every zone and node, memmap and vmemmap bytes as before the add",
			r->start_pfn, r->start_pfn + r->nr_pages);
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
