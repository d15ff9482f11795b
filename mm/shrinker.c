// SPDX-License-Identifier: MIT
/*
 * Shrinkers and reclaim (include/mm/shrinker.h): the registry, direct
 * reclaim for the allocator's slow path and synchronous "kswapd" for
 * background reclaim.
 *
 * There is no page cache or swap in sparsemm: every reclaimable page
 * belongs to some shrinker-backed cache (the stress suites register
 * theirs).  Reclaim therefore is shrink_slab() alone, with Linux's
 * priority scheme: at priority p a shrinker scans count >> p objects, so
 * that a light pressure touches caches lightly and priority 0 may empty
 * them.
 *
 * Invariants: reclaim never nests (in_reclaim); the registry is only
 * changed outside reclaim; counters only grow until shrinker_reset().
 */
#include <lib/printk.h>
#include <mm/mmzone.h>
#include <mm/shrinker.h>

static LIST_HEAD(shrinker_list);
static bool in_reclaim;
struct reclaim_stats reclaim_stats;

int register_shrinker(struct shrinker *s, const char *name)
{
	struct shrinker *t;

	list_for_each_entry(t, &shrinker_list, list)
		if (t == s)
			return -EEXIST;
	s->name = name;
	list_add_tail(&s->list, &shrinker_list);
	return 0;
}

void unregister_shrinker(struct shrinker *s)
{
	struct shrinker *t;

	list_for_each_entry(t, &shrinker_list, list) {
		if (t == s) {
			list_del(&s->list);
			return;
		}
	}
}

void shrinker_reset(void)
{
	INIT_LIST_HEAD(&shrinker_list);
	in_reclaim = false;
	reclaim_stats = (struct reclaim_stats){ 0 };
}

/* One shrinker at one priority: returns pages freed; *stop when it said
 * SHRINK_STOP or is empty. */
static unsigned long shrink_one(struct shrinker *s, struct shrink_control *sc,
				int priority, unsigned long target, bool *done)
{
	unsigned long count = s->count_objects(s, sc), freed = 0;
	unsigned long batch = s->batch > 0 ? (unsigned long)s->batch :
					     SHRINK_BATCH;
	unsigned long to_scan;

	*done = false;
	if (!count || count == SHRINK_EMPTY) {
		*done = true;
		return 0;
	}
	to_scan = MAX(count >> priority, MIN(batch, count));
	while (to_scan && freed < target) {
		unsigned long r;

		sc->nr_to_scan = MIN(batch, to_scan);
		sc->nr_scanned = sc->nr_to_scan;
		r = s->scan_objects(s, sc);
		if (r == SHRINK_STOP) {
			reclaim_stats.stopped++;
			*done = true;
			break;
		}
		freed += r;
		to_scan -= MIN(to_scan, sc->nr_scanned ? sc->nr_scanned : 1);
		if (!r && !sc->nr_scanned)
			break;
	}
	return freed;
}

unsigned long shrink_slab(gfp_t gfp, int nid, unsigned long target)
{
	struct shrink_control sc = { .gfp_mask = gfp, .nid = nid };
	unsigned long freed = 0;

	for (int prio = DEF_PRIORITY; prio >= 0 && freed < target; prio--) {
		struct shrinker *s;
		bool all_done = true;

		list_for_each_entry(s, &shrinker_list, list) {
			bool done;

			freed += shrink_one(s, &sc, prio,
					    target - MIN(freed, target), &done);
			all_done &= done;
			if (freed >= target)
				break;
		}
		if (all_done)
			break;
	}
	return freed;
}

unsigned long try_to_free_pages(gfp_t gfp, unsigned int order, int nid)
{
	unsigned long freed;

	if (!(gfp & __GFP_DIRECT_RECLAIM) || in_reclaim)
		return 0;
	in_reclaim = true;
	reclaim_stats.direct_calls++;
	freed = shrink_slab(gfp, nid, MAX(SWAP_CLUSTER_MAX, 1UL << order));
	reclaim_stats.direct_reclaimed += freed;
	in_reclaim = false;
	return freed;
}

static unsigned long zone_free_now(const struct zone *zone)
{
	return zone_page_state(zone, NR_FREE_PAGES) +
	       zone_page_state(zone, NR_ZONE_PCP_PAGES);
}

unsigned long wakeup_kswapd(struct zone *zone, gfp_t gfp, unsigned int order,
			    int highest_zoneidx)
{
	unsigned long freed = 0, high;

	if (!zone || in_reclaim || !(gfp & __GFP_KSWAPD_RECLAIM))
		return 0;
	high = high_wmark_pages(zone);
	if (zone_free_now(zone) >= high)
		return 0;
	in_reclaim = true;
	reclaim_stats.kswapd_wakeups++;
	while (zone_free_now(zone) < high) {
		unsigned long r = shrink_slab(GFP_KERNEL, zone_to_nid(zone),
					      high - zone_free_now(zone));

		if (!r)
			break;
		freed += r;
	}
	reclaim_stats.kswapd_reclaimed += freed;
	in_reclaim = false;
	return freed;
}
