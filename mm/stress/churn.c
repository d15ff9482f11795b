// SPDX-License-Identifier: MIT
/*
 * churn: seeded random allocation and freeing at high occupancy, with
 * mixed orders, GFP flags and lifetimes; after each phase the free lists,
 * counters and page states are checked; at the end the fragmentation is
 * measured and printed.
 *
 * The live blocks are kept in a slot table that itself comes from the
 * allocator (one order-ST_SLOT_ORDER block).  Each phase does ops_per_phase
 * (churn_ops=, default OPS_PER_PHASE) random steps: while occupancy is below the target (90% of the free
 * memory at the start) an allocation is likelier than a free.  Every
 * allocated block gets a stamp (own address ^ a per-allocation salt) in
 * the first word of each of its pages, verified at free: two owners of
 * one page, or a page changed while allocated, show as a stamp mismatch.
 *
 * Cases: stamps (no block changed while owned), page_state (refcount 1,
 * not PageBuddy, zone allowed by its GFP, for every live block after each
 * phase), free_lists (mm_check_free_lists and bad_page reports after each
 * phase), recovery (after freeing everything, the counters equal those
 * before), fragmentation (figures computed and printed; fails only when
 * inconsistent: free by order must add up to NR_FREE_PAGES).
 *
 * debug_inject=corrupt_freelist: before phase 1's check, one free block
 * loses its PageBuddy mark (restored after the check); free_lists must
 * fail naming it.
 */
#include <lib/printk.h>

#include "st_mm.h"

enum { C_STAMPS, C_PAGE_STATE, C_FREE_LISTS, C_RECOVERY, C_FRAG, NR_CASES };

static const struct stress_case cases[] = {
	[C_STAMPS] = { "stamps" },	   [C_PAGE_STATE] = { "page_state" },
	[C_FREE_LISTS] = { "free_lists" }, [C_RECOVERY] = { "recovery" },
	[C_FRAG] = { "fragmentation" },
};

#define ST_SLOT_ORDER 7 /* 512 KiB of slots: 65536 live blocks */
#define NR_PHASES 4
#define OPS_PER_PHASE 40000 /* default; churn_ops= sets it */

static const gfp_t churn_gfp[] = {
	GFP_KERNEL,
	GFP_USER | __GFP_MOVABLE,
	GFP_HIGHUSER_MOVABLE,
	GFP_NOFS | __GFP_RECLAIMABLE,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_DMA32,
	GFP_KERNEL | __GFP_COMP,
};

struct slot {
	struct page *page; /* NULL: free slot */
	u32 salt;
	u8 order;
	u8 gfp_idx;
};

static struct slot *slots;
static unsigned long nr_slots, nr_live, live_pages;
static u32 salt_seq;

static unsigned int random_order(struct prng *r)
{
	unsigned int o = 0;

	if (prng_below(r, 8) == 0)
		return (unsigned int)prng_below(r, NR_PAGE_ORDERS);
	while (o < PAGE_ALLOC_COSTLY_ORDER + 2 && prng_below(r, 2))
		o++;
	return o;
}

static void stamp(struct page *page, unsigned int order, u32 salt, bool check,
		  struct stress_ctx *ctx)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		volatile u64 *w = page_address(page + i);
		u64 want =
			st_pattern_word(ST_PAT_ADDR, st_phys(page + i), salt);

		if (!check) {
			*w = want;
		} else if (*w != want) {
			st_fail_at(
				ctx, C_STAMPS, st_phys(page + i), true, want,
				*w,
				"stamp of an order-%u block changed while allocated",
				order);
			return;
		}
	}
}

static void churn_free(struct stress_ctx *ctx, unsigned long i)
{
	struct slot *s = &slots[i];

	stamp(s->page, s->order, s->salt, true, ctx);
	st_free(ctx, s->page, s->order);
	live_pages -= 1UL << s->order;
	nr_live--;
	s->page = NULL;
}

static void churn_alloc(struct stress_ctx *ctx, unsigned long i)
{
	struct prng *r = stress_prng(ctx);
	unsigned int g = (unsigned int)prng_below(r, ARRAY_SIZE(churn_gfp));
	unsigned int order = random_order(r);
	struct page *page = st_alloc(ctx, churn_gfp[g] | ST_NOWARN, order, -1);
	struct slot *s = &slots[i];

	if (!page)
		return; /* a full zone: expected at high occupancy */
	s->page = page;
	s->order = (u8)order;
	s->gfp_idx = (u8)g;
	s->salt = ++salt_seq;
	stamp(page, order, s->salt, false, ctx);
	live_pages += 1UL << order;
	nr_live++;
}

static void check_live(struct stress_ctx *ctx)
{
	for (unsigned long i = 0; i < nr_slots; i++) {
		struct slot *s = &slots[i];
		struct page *p = s->page;

		if (!p)
			continue;
		stress_ops(ctx, 1);
		if (page_ref_count(p) != 1 || PageBuddy(p) ||
		    (int)page_zonenum(p) > (int)gfp_zone(churn_gfp[s->gfp_idx]))
			st_fail_at(
				ctx, C_PAGE_STATE, st_phys(p), false, 0, 0,
				"live order-%u block: refcount %d, PageBuddy %d, zone %s for gfp %#x",
				s->order, page_ref_count(p), PageBuddy(p),
				zone_names[page_zonenum(p)],
				churn_gfp[s->gfp_idx]);
	}
}

/* Find a free block to corrupt (debug_inject=corrupt_freelist). */
static struct page *corrupt_one(struct stress_ctx *ctx)
{
	struct zone *zones[ST_MAX_ZONES];
	unsigned int n = st_zones(zones, ST_MAX_ZONES);

	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct list_head *l =
					&zones[i]->free_area[o].free_list[mt];
				struct page *p;

				if (list_empty(l))
					continue;
				p = container_of(l->next, struct page, lru);
				stress_diag(
					ctx,
					"debug_inject=corrupt_freelist: clearing PageBuddy of the free order-%u block at pfn %#lx",
					o, st_pfn(p));
				__ClearPageBuddy(p);
				return p;
			}
		}
	}
	return NULL;
}

void st_fragmentation(struct stress_ctx *ctx, unsigned int c);

static int churn_run(struct stress_ctx *ctx)
{
	unsigned int ops_per_phase;
	struct prng *r = stress_prng(ctx);
	static struct st_snap before, after;
	unsigned long bad = page_alloc_errors.bad_pages;
	unsigned long target;
	struct page *table;

	drain_all_pages(NULL);
	st_snap_take(&before);
	table = st_alloc(ctx, GFP_KERNEL | __GFP_ZERO | ST_NOWARN,
			 ST_SLOT_ORDER, -1);
	if (!table) {
		stress_case_fail(ctx, C_RECOVERY,
				 "no order-%d block for the slot table",
				 ST_SLOT_ORDER);
		return 0;
	}
	slots = page_address(table);
	nr_slots = (PAGE_SIZE << ST_SLOT_ORDER) / sizeof(*slots);
	nr_live = live_pages = 0;
	target = global_free_pages() / 10 * 9;
	ops_per_phase = ctx->env->cfg->churn_ops ? ctx->env->cfg->churn_ops :
						   OPS_PER_PHASE;
	for (unsigned int phase = 0; phase < NR_PHASES; phase++) {
		for (unsigned int op = 0; op < ops_per_phase; op++) {
			unsigned long i =
				(unsigned long)prng_below(r, nr_slots);
			/* Below the target allocate 3:1, above free 3:1. */
			bool want_alloc = prng_below(r, 4) <
					  (live_pages < target ? 3u : 1u);

			if (slots[i].page && !want_alloc)
				churn_free(ctx, i);
			else if (!slots[i].page && want_alloc)
				churn_alloc(ctx, i);
			st_progress(ctx, (u64)phase * ops_per_phase + op,
				    (u64)NR_PHASES * ops_per_phase);
		}
		check_live(ctx);
		if (phase == 0 &&
		    (ctx->inject & DEBUG_INJECT_CORRUPT_FREELIST)) {
			struct page *victim = corrupt_one(ctx);

			st_check_lists(ctx, C_FREE_LISTS, bad);
			if (victim)
				__SetPageBuddy(victim);
		} else {
			st_check_lists(ctx, C_FREE_LISTS, bad);
		}
		bad = page_alloc_errors.bad_pages;
	}
	stress_diag(
		ctx,
		"%lu live blocks, %lu pages (%lu%% of the free memory at the start)",
		nr_live, live_pages, target ? live_pages * 90 / target : 0);
	st_fragmentation(ctx, C_FRAG);
	for (unsigned long i = 0; i < nr_slots; i++)
		if (slots[i].page)
			churn_free(ctx, i);
	st_free(ctx, table, ST_SLOT_ORDER);
	drain_all_pages(NULL);
	st_check_lists(ctx, C_FREE_LISTS, bad);
	st_snap_take(&after);
	st_snap_compare(ctx, C_RECOVERY, &before, &after);
	return 0;
}

const struct stress_suite stress_suite_churn = {
	.name = "churn",
	.run = churn_run,
	.cases = cases,
	.nr_cases = NR_CASES,
};
