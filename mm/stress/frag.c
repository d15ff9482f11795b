// SPDX-License-Identifier: MIT
/*
 * Fragmentation figures: free blocks per order and Linux's unusable free
 * space index per order (debugfs extfrag/unusable_index): the share of
 * free memory, in thousandths, that lies in blocks too small for a
 * request of that order.  0.000 means every free page could serve it,
 * 1.000 means none could.  Printed in the debugfs layout and kept for the
 * report (the last call wins).
 */
#include <lib/printk.h>

#include "st_mm.h"

/* Linux's unusable_free_index(), in thousandths. */
static unsigned int unusable_index(const unsigned long *nr_free,
				   unsigned long free_pages, unsigned int order)
{
	unsigned long suitable = 0;

	if (!free_pages)
		return 0;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		suitable += nr_free[o] << (o - order);
	suitable <<= order;
	if (suitable > free_pages)
		return 0;
	return (unsigned int)((free_pages - suitable) * 1000 / free_pages);
}

/*
 * Measure every populated zone; case c fails when a zone's free blocks do
 * not add up to its NR_FREE_PAGES.
 */
void st_fragmentation(struct stress_ctx *ctx, unsigned int c);
void st_fragmentation(struct stress_ctx *ctx, unsigned int c)
{
	struct stress_results *res = st_results();
	struct zone *zones[ST_MAX_ZONES];
	unsigned int n = st_zones(zones, ST_MAX_ZONES);

	res->nr_frag = 0;
	stress_diag(
		ctx,
		"free blocks per order and unusable free space index (order 0..%d):",
		MAX_PAGE_ORDER);
	for (unsigned int i = 0; i < n && i < STRESS_MAX_FRAG_ZONES; i++) {
		struct stress_frag_zone *f = &res->frag[res->nr_frag++];
		struct zone *z = zones[i];
		unsigned long sum = 0;
		char line[160], idx[100];
		int len = 0, ilen = 0;

		f->nid = zone_to_nid(z);
		f->zone = z->name;
		f->free_pages = zone_page_state(z, NR_FREE_PAGES);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			f->nr_free[o] = z->free_area[o].nr_free;
			sum += f->nr_free[o] << o;
		}
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			f->unusable_permille[o] =
				unusable_index(f->nr_free, f->free_pages, o);
			len += scnprintf(line + len, sizeof(line) - len,
					 "%6lu ", f->nr_free[o]);
			ilen += scnprintf(idx + ilen, sizeof(idx) - ilen,
					  "%u.%03u ",
					  f->unusable_permille[o] / 1000,
					  f->unusable_permille[o] % 1000);
		}
		stress_diag(ctx, "Node %d, zone %8s %s", f->nid, f->zone, line);
		stress_diag(ctx, "Node %d, zone %8s %s", f->nid, f->zone, idx);
		if (sum != f->free_pages)
			stress_case_fail(
				ctx, c,
				"node %d %s: free blocks add up to %lu pages, NR_FREE_PAGES says %lu",
				f->nid, f->zone, sum, f->free_pages);
	}
}
