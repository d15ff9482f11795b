/* SPDX-License-Identifier: MIT */
/*
 * Reclaim: a registry of shrinkers (caches that can give pages back under
 * pressure, Linux's struct shrinker) and the two entry points the page
 * allocator's slow path calls:
 *
 *   try_to_free_pages()  direct reclaim, for a request that may block
 *                        (__GFP_DIRECT_RECLAIM); the request's gfp limits
 *                        which shrinkers may act (a shrinker that needs
 *                        the file system or I/O checks sc->gfp_mask for
 *                        __GFP_FS / __GFP_IO and returns SHRINK_STOP);
 *   wakeup_kswapd()      background reclaim, for a request with
 *                        __GFP_KSWAPD_RECLAIM that found a zone below its
 *                        low watermark.  sparsemm has no kswapd thread:
 *                        the "wake-up" reclaims at once, with kswapd's
 *                        full GFP_KERNEL rights, until the zone's free
 *                        pages (buddy plus per-CPU lists) reach its high
 *                        watermark or nothing more can be reclaimed.
 *
 * Both must be called without any zone->lock held: shrinkers free pages
 * with __free_pages().  Reclaim does not nest (a shrinker's own
 * allocation does not reclaim), as Linux's PF_MEMALLOC.
 */
#ifndef MM_SHRINKER_H
#define MM_SHRINKER_H

#include <lib/list.h>
#include <lib/types.h>
#include <mm/gfp.h>

struct zone;

/* Linux's: scan_objects returns SHRINK_STOP when it cannot make progress
 * in this context; count_objects returns SHRINK_EMPTY when it has nothing. */
#define SHRINK_STOP (~0UL)
#define SHRINK_EMPTY (~0UL - 1)
#define SHRINK_BATCH 128
#define DEF_PRIORITY 12
#define SWAP_CLUSTER_MAX 32UL

struct shrink_control {
	gfp_t gfp_mask; /* the request's: check __GFP_FS/IO */
	int nid;
	unsigned long nr_to_scan; /* objects to scan in this call */
	unsigned long nr_scanned; /* set by scan_objects if it differs */
};

struct shrinker {
	unsigned long (*count_objects)(struct shrinker *s,
				       struct shrink_control *sc);
	/* Free up to sc->nr_to_scan objects; return pages freed, or
	 * SHRINK_STOP. */
	unsigned long (*scan_objects)(struct shrinker *s,
				      struct shrink_control *sc);
	long batch; /* 0: SHRINK_BATCH */
	void *private_data;
	/* Owned by the registry. */
	const char *name;
	struct list_head list;
};

/* Add / remove a shrinker (it must stay valid while registered).
 * register_shrinker returns 0, or -EEXIST when already registered. */
int register_shrinker(struct shrinker *s, const char *name);
void unregister_shrinker(struct shrinker *s);

/*
 * Ask every shrinker to give back pages: at each priority from
 * DEF_PRIORITY down to 0, each scans count >> priority objects (at least
 * one batch), until 'target' pages were freed or all shrinkers are empty
 * or stopped.  Returns pages freed.
 */
unsigned long shrink_slab(gfp_t gfp, int nid, unsigned long target);

/*
 * Direct reclaim for a 2^order request: shrink_slab() with a target of
 * max(SWAP_CLUSTER_MAX, 2^order) pages.  Returns pages freed (0: no
 * progress; the caller decides whether to retry, as __GFP_NORETRY,
 * __GFP_RETRY_MAYFAIL and __GFP_NOFAIL say).  0 without
 * __GFP_DIRECT_RECLAIM or when called from inside reclaim.
 */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order, int nid);

/* Background reclaim for zone (see above).  Returns pages freed. */
unsigned long wakeup_kswapd(struct zone *zone, gfp_t gfp, unsigned int order,
			    int highest_zoneidx);

/* Counters for the reclaim suite and the report. */
struct reclaim_stats {
	unsigned long direct_calls; /* try_to_free_pages calls */
	unsigned long direct_reclaimed; /* pages they freed */
	unsigned long kswapd_wakeups; /* wake-ups that had work */
	unsigned long kswapd_reclaimed;
	unsigned long stopped; /* SHRINK_STOP answers (NOIO/NOFS) */
};
extern struct reclaim_stats reclaim_stats;

/* Forget every shrinker and zero the counters (host tests). */
void shrinker_reset(void);

#endif
