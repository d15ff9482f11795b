// SPDX-License-Identifier: MIT
/*
 * Watermarks and reserves: min_free_kbytes, each zone's min/low/high,
 * lowmem_reserve, and the watermark check every allocation passes.
 *
 * What it owns: min_free_kbytes, watermark_scale_factor,
 * sysctl_lowmem_reserve_ratio, and the zone fields _watermark[],
 * lowmem_reserve[] and pgdat->totalreserve_pages.
 *
 * The rules (Linux 6.x):
 *  - min_free_kbytes = clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144),
 *    lowmem_kbytes = managed pages of all zones (minus their high
 *    watermarks, 0 at first) in KiB;
 *  - zone min = pages_min * managed / lowmem managed (integer division);
 *    delta = max(min / 4, managed * watermark_scale_factor / 10000);
 *    low = min + delta; high = low + delta;
 *  - lowmem_reserve[j] of zone i < j = (managed of zones i+1..j) /
 *    ratio[i]; 0 when the ratio is 0 or zone i manages nothing;
 *  - a request passes when free - (2^order - 1) > mark (halved for
 *    ALLOC_MIN_RESERVE, then less a quarter for ALLOC_NON_BLOCK) +
 *    lowmem_reserve[highest zone of the request], and, for order > 0, a
 *    free block of at least that order exists on an Unmovable, Movable or
 *    Reclaimable list (HighAtomic too for ALLOC_HIGHATOMIC / ALLOC_OOM).
 *
 * Who calls it: page_alloc_init() (set-up), the allocator (checks), the
 * tests.
 */
#include <mm/mmzone.h>

#include <lib/printk.h>
#include <mm/page_alloc_internal.h>

int min_free_kbytes = 1024;
static int user_min_free_kbytes = -1;
int watermark_scale_factor = 10;
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256,
	[ZONE_DMA32] = 256,
	[ZONE_NORMAL] = 32,
	[ZONE_MOVABLE] = 0,
};
static unsigned long totalreserve_pages;

unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1UL << ((63 - __builtin_clzl(x)) & ~1UL);
	while (m != 0) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

unsigned long nr_free_zone_pages(int highest_zoneidx)
{
	pg_data_t *pgdat = first_online_pgdat();
	unsigned long sum = 0;
	struct zoneref *z;
	struct zone *zone;

	if (!pgdat)
		return 0;
	for_each_zone_zonelist(zone, z,
			       &pgdat->node_zonelists[ZONELIST_FALLBACK],
			       highest_zoneidx)
	{
		unsigned long size = zone_managed_pages(zone);
		unsigned long high = high_wmark_pages(zone);

		if (size > high)
			sum += size - high;
	}
	return sum;
}

static void calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes =
		nr_free_zone_pages(ZONE_NORMAL) * (PAGE_SIZE >> 10);
	long new_min = (long)int_sqrt(lowmem_kbytes * 16);

	if (new_min > user_min_free_kbytes)
		min_free_kbytes =
			(int)(new_min < 128 ?
				      128 :
				      (new_min > 262144 ? 262144 : new_min));
	else
		pr_warn("min_free_kbytes is not updated to %ld because user defined value %d is preferred\n",
			new_min, user_min_free_kbytes);
}

/* x * n / d without overflowing x * n (Linux's mult_frac). */
static unsigned long mult_frac(unsigned long x, unsigned long n,
			       unsigned long d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

static void calculate_totalreserve_pages(void)
{
	pg_data_t *pgdat;
	unsigned long reserve_pages = 0;
	int i, j;

	for_each_online_pgdat(pgdat) {
		pgdat->totalreserve_pages = 0;
		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = pgdat->node_zones + i;
			unsigned long managed = zone_managed_pages(zone);
			long max = 0;

			for (j = i; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += (long)high_wmark_pages(zone);
			if (max > (long)managed)
				max = (long)managed;
			pgdat->totalreserve_pages += (unsigned long)max;
			reserve_pages += (unsigned long)max;
		}
	}
	totalreserve_pages = reserve_pages;
}

void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >>
				  (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		lowmem_pages += zone_managed_pages(zone);

	for_each_zone(zone) {
		unsigned long managed = zone_managed_pages(zone);
		u64 tmp = lowmem_pages ?
				  (u64)pages_min * managed / lowmem_pages :
				  0;

		spin_lock(&zone->lock);
		zone->_watermark[WMARK_MIN] = tmp;
		tmp = MAX(tmp >> 2,
			  (u64)mult_frac(managed, watermark_scale_factor,
					 10000));
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + tmp;
		spin_unlock(&zone->lock);
	}
	calculate_totalreserve_pages();
	/* pcp high follows the low watermark. */
	setup_per_zone_pcp();
}

void setup_per_zone_lowmem_reserve(void)
{
	pg_data_t *pgdat;
	int i, j;

	for_each_online_pgdat(pgdat) {
		for (i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long managed_pages = 0;

			for (j = i + 1; j < MAX_NR_ZONES; j++) {
				managed_pages += zone_managed_pages(
					&pgdat->node_zones[j]);
				zone->lowmem_reserve[j] =
					clear ? 0 :
						(long)(managed_pages / ratio);
			}
		}
	}
	calculate_totalreserve_pages();
}

void init_per_zone_wmark_min(void)
{
	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}

#define ALLOC_RESERVES \
	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages)
{
	long min = (long)mark;
	unsigned int o;
	int mt;

	/* The block itself must fit above the mark. */
	free_pages -= (1L << order) - 1;

	if (alloc_flags & ALLOC_RESERVES) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}

	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;

	for (o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	BUILD_BUG_ON(__GFP_HIGH != ALLOC_MIN_RESERVE);
	alloc_flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (!(gfp & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0)
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}
