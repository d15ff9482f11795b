// SPDX-License-Identifier: MIT
/*
 * The allocator's state as Linux shows it (/proc/buddyinfo,
 * /proc/pagetypeinfo, /proc/zoneinfo, the Mem-Info summary of an
 * allocation failure) and the consistency checker the stress suites run.
 *
 * What it owns: nothing but formats; it reads zones under their locks.
 *
 * Formats (mm/vmstat.c and mm/show_mem.c of Linux 6.x):
 *  buddyinfo     "Node %d, zone %8s " + "%6lu " per order, populated zones
 *  pagetypeinfo  per node: "Page block order: %d", "Pages per block:  %lu",
 *                blank, the free-count table ("%-43s " header, "%6d "
 *                orders; rows "Node %4d, zone %8s, type %12s " + "%6lu "),
 *                blank, the block-count table ("%-23s" header with "%12s "
 *                type names; rows "Node %d, zone %8s " + "%12lu ")
 *  zoneinfo      per zone "Node %d, zone %8s", the page and watermark
 *                lines, protection, and for populated zones the counters,
 *                pagesets per CPU, node_unreclaimable and start_pfn.
 *                Linux's per-node statistics block and the counters
 *                sparsemm does not keep are left out.
 *
 * Who calls it: the boot report, the stress suites, warn_alloc, tests.
 */
#include <mm/page_alloc_internal.h>

#include <lib/printk.h>

#define LINE 512
#define K(x) ((x) << (PAGE_SHIFT - 10))

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	[NR_FREE_PAGES] = "nr_free_pages",
	[NR_ZONE_PCP_PAGES] = "nr_zone_pcp_pages",
};

unsigned long global_free_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, NR_FREE_PAGES);
	return sum;
}

unsigned long zone_pcp_pages(const struct zone *zone)
{
	unsigned long sum = 0;
	unsigned int cpu;

	if (!zone->per_cpu_pageset)
		return 0;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		sum += (unsigned long)__atomic_load_n(
			&zone->per_cpu_pageset[cpu].count, __ATOMIC_RELAXED);
	return sum;
}

void show_buddyinfo(void)
{
	struct zone *zone;
	char line[LINE];
	unsigned int order;
	int n;

	for_each_populated_zone(zone) {
		n = scnprintf(line, sizeof(line), "Node %d, zone %8s ",
			      zone->node, zone->name);
		for (order = 0; order < NR_PAGE_ORDERS; order++)
			n += scnprintf(line + n, sizeof(line) - n, "%6lu ",
				       zone->free_area[order].nr_free);
		pr_info("%s\n", line);
	}
}

static void pagetypeinfo_node(pg_data_t *pgdat)
{
	char line[LINE];
	unsigned int order;
	int n, mt, j;

	pr_info("Page block order: %d\n", pageblock_order);
	pr_info("Pages per block:  %lu\n", pageblock_nr_pages);
	pr_info("\n");
	n = scnprintf(line, sizeof(line), "%-43s ",
		      "Free pages count per migrate type at order");
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		n += scnprintf(line + n, sizeof(line) - n, "%6d ", order);
	pr_info("%s\n", line);
	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];

		if (!populated_zone(zone))
			continue;
		spin_lock(&zone->lock);
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			n = scnprintf(line, sizeof(line),
				      "Node %4d, zone %8s, type %12s ",
				      pgdat->node_id, zone->name,
				      migratetype_names[mt]);
			for (order = 0; order < NR_PAGE_ORDERS; order++) {
				unsigned long freecount = 0;
				struct list_head *curr;
				bool overflow = false;

				list_for_each(
					curr,
					&zone->free_area[order].free_list[mt]) {
					if (++freecount >= 100000) {
						overflow = true;
						break;
					}
				}
				n += scnprintf(line + n, sizeof(line) - n,
					       "%s%6lu ", overflow ? ">" : "",
					       freecount);
			}
			pr_info("%s\n", line);
		}
		spin_unlock(&zone->lock);
	}

	pr_info("\n");
	n = scnprintf(line, sizeof(line), "%-23s", "Number of blocks type ");
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		n += scnprintf(line + n, sizeof(line) - n, "%12s ",
			       migratetype_names[mt]);
	pr_info("%s\n", line);
	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];
		unsigned long count[MIGRATE_TYPES] = { 0 }, pfn;

		if (!populated_zone(zone))
			continue;
		for (pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
		     pfn += pageblock_nr_pages) {
			struct page *page = pfn_to_online_page(pfn);

			if (!page || page_zone(page) != zone)
				continue;
			mt = get_pageblock_migratetype(page);
			if (mt < MIGRATE_TYPES)
				count[mt]++;
		}
		n = scnprintf(line, sizeof(line), "Node %d, zone %8s ",
			      pgdat->node_id, zone->name);
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			n += scnprintf(line + n, sizeof(line) - n, "%12lu ",
				       count[mt]);
		pr_info("%s\n", line);
	}
}

void show_pagetypeinfo(void)
{
	pg_data_t *pgdat;

	for_each_online_pgdat(pgdat)
		if (pgdat->node_present_pages)
			pagetypeinfo_node(pgdat);
}

static void zoneinfo_zone(pg_data_t *pgdat, struct zone *zone)
{
	char line[LINE];
	unsigned int cpu;
	int i, n;

	pr_info("Node %d, zone %8s\n", pgdat->node_id, zone->name);
	pr_info("  pages free     %lu\n", zone_page_state(zone, NR_FREE_PAGES));
	pr_info("        boost    %lu\n", zone->watermark_boost);
	pr_info("        min      %lu\n", min_wmark_pages(zone));
	pr_info("        low      %lu\n", low_wmark_pages(zone));
	pr_info("        high     %lu\n", high_wmark_pages(zone));
	pr_info("        spanned  %lu\n", zone->spanned_pages);
	pr_info("        present  %lu\n", zone->present_pages);
	pr_info("        managed  %lu\n", zone_managed_pages(zone));
	pr_info("        cma      %lu\n", 0UL);
	n = scnprintf(line, sizeof(line), "        protection: (%ld",
		      zone->lowmem_reserve[0]);
	for (i = 1; i < MAX_NR_ZONES; i++)
		n += scnprintf(line + n, sizeof(line) - n, ", %ld",
			       zone->lowmem_reserve[i]);
	pr_info("%s)\n", line);
	if (!populated_zone(zone))
		return;
	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		pr_info("      %-12s %lu\n", zone_stat_names[i],
			zone_page_state(zone, (enum zone_stat_item)i));
	pr_info("  pagesets\n");
	for (cpu = 0; zone->per_cpu_pageset && cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		pr_info("    cpu: %u\n", cpu);
		pr_info("              count: %i\n", pcp->count);
		pr_info("              high:  %i\n", pcp->high);
		pr_info("              batch: %i\n", pcp->batch);
	}
	pr_info("  node_unreclaimable:  %u\n", 0u);
	pr_info("  start_pfn:           %lu\n", zone->zone_start_pfn);
}

void show_zoneinfo(void)
{
	pg_data_t *pgdat;
	int j;

	for_each_online_pgdat(pgdat)
		for (j = 0; j < MAX_NR_ZONES; j++)
			zoneinfo_zone(pgdat, &pgdat->node_zones[j]);
}

/* Linux's show_migration_types letters. */
static int migration_types(char *buf, size_t size, unsigned int types)
{
	static const char symbols[MIGRATE_TYPES] = {
		[MIGRATE_UNMOVABLE] = 'U',   [MIGRATE_MOVABLE] = 'M',
		[MIGRATE_RECLAIMABLE] = 'E', [MIGRATE_HIGHATOMIC] = 'H',
		[MIGRATE_ISOLATE] = 'I',
	};
	char tmp[MIGRATE_TYPES + 1];
	int i, n = 0;

	for (i = 0; i < MIGRATE_TYPES; i++)
		if (types & (1u << i))
			tmp[n++] = symbols[i];
	tmp[n] = '\0';
	return scnprintf(buf, size, "(%s) ", tmp);
}

void show_free_areas(void)
{
	unsigned long free_pcp = 0;
	struct zone *zone;
	char line[LINE];
	unsigned int order;
	int n, i;

	for_each_populated_zone(zone)
		free_pcp += zone_pcp_pages(zone);
	pr_info("Mem-Info:\n");
	pr_info(" free:%lu free_pcp:%lu free_cma:0\n", global_free_pages(),
		free_pcp);
	for_each_populated_zone(zone) {
		unsigned int cpu = smp_processor_id();
		int local = zone->per_cpu_pageset && cpu < nr_cpu_ids ?
				    zone->per_cpu_pageset[cpu].count :
				    0;

		pr_info("Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB reserved_highatomic:0KB present:%lukB managed:%lukB free_pcp:%lukB local_pcp:%ukB free_cma:0kB\n",
			zone->node, zone->name,
			K(zone_page_state(zone, NR_FREE_PAGES)),
			K(zone->watermark_boost), K(min_wmark_pages(zone)),
			K(low_wmark_pages(zone)), K(high_wmark_pages(zone)),
			K(zone->present_pages), K(zone_managed_pages(zone)),
			K(zone_pcp_pages(zone)), (unsigned int)K(local));
		n = scnprintf(line, sizeof(line), "lowmem_reserve[]:");
		for (i = 0; i < MAX_NR_ZONES; i++)
			n += scnprintf(line + n, sizeof(line) - n, " %ld",
				       zone->lowmem_reserve[i]);
		pr_info("%s\n", line);
	}
	for_each_populated_zone(zone) {
		unsigned long total = 0;

		n = scnprintf(line, sizeof(line), "Node %d %s: ", zone->node,
			      zone->name);
		spin_lock(&zone->lock);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			unsigned int types = 0;

			for (i = 0; i < MIGRATE_TYPES; i++)
				if (!free_area_empty(area, i))
					types |= 1u << i;
			total += area->nr_free << order;
			n += scnprintf(line + n, sizeof(line) - n, "%lu*%lukB ",
				       area->nr_free, K(1UL) << order);
			if (area->nr_free)
				n += migration_types(line + n, sizeof(line) - n,
						     types);
		}
		spin_unlock(&zone->lock);
		pr_info("%s= %lukB\n", line, K(total));
	}
}

/* ---- the consistency checker ---------------------------------------------- */

#define MAX_REPORTS 20

static long problems;

#define complain(fmt, ...)                                                  \
	do {                                                                \
		if (problems++ < MAX_REPORTS)                               \
			pr_err("mm_check_free_lists: " fmt, ##__VA_ARGS__); \
	} while (0)

static void check_block(struct zone *zone, struct page *page,
			unsigned int order, int mt)
{
	unsigned long pfn = page_to_pfn(page), i;
	int block_mt;

	if (!PageBuddy(page))
		complain(
			"node %d zone %s order %u type %s: pfn %#lx is not PageBuddy\n",
			zone->node, zone->name, order, migratetype_names[mt],
			pfn);
	if (buddy_order(page) != order)
		complain("pfn %#lx on the order-%u list has buddy order %u\n",
			 pfn, order, buddy_order(page));
	if (!IS_ALIGNED(pfn, 1UL << order))
		complain("pfn %#lx on the order-%u list is not aligned\n", pfn,
			 order);
	if (!zone_spans_pfn(zone, pfn) ||
	    !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
		complain(
			"order-%u block at pfn %#lx leaves zone %s [%#lx-%#lx)\n",
			order, pfn, zone->name, zone->zone_start_pfn,
			zone_end_pfn(zone));
	else if (page_zone(page) != zone)
		complain(
			"pfn %#lx on zone %s's lists links to node %d zone %u\n",
			pfn, zone->name, page_to_nid(page), page_zonenum(page));
	block_mt = get_pageblock_migratetype(page);
	if ((mt == MIGRATE_ISOLATE) != (block_mt == MIGRATE_ISOLATE))
		complain("pfn %#lx on the %s list lies in a %s pageblock\n",
			 pfn, migratetype_names[mt],
			 block_mt < MIGRATE_TYPES ?
				 migratetype_names[block_mt] :
				 "?");
	/* No free block inside another one: inner pages are not PageBuddy. */
	for (i = 1; i < (1UL << order); i++)
		if (PageBuddy(page + i)) {
			complain(
				"pfn %#lx (order %u) lies inside the free order-%u block at pfn %#lx\n",
				pfn + i, buddy_order(page + i), order, pfn);
			break;
		}
}

static void check_zone(struct zone *zone)
{
	unsigned long free = 0;
	unsigned int order, cpu;
	int mt, i;

	spin_lock(&zone->lock);
	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long seen = 0;

		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *head = &area->free_list[mt], *l;

			for (l = head->next; l != head; l = l->next) {
				if (++seen > area->nr_free + 1) {
					complain(
						"zone %s order %u: more blocks on the lists than nr_free %lu (loop?)\n",
						zone->name, order,
						area->nr_free);
					break;
				}
				check_block(zone,
					    list_entry(l, struct page, lru),
					    order, mt);
				if (mt != MIGRATE_ISOLATE)
					free += 1UL << order;
			}
		}
		if (seen != area->nr_free)
			complain(
				"node %d zone %s order %u: nr_free %lu but %lu blocks listed\n",
				zone->node, zone->name, order, area->nr_free,
				seen);
	}
	if (free != zone_page_state(zone, NR_FREE_PAGES))
		complain(
			"node %d zone %s: NR_FREE_PAGES %lu but the lists hold %lu pages\n",
			zone->node, zone->name,
			zone_page_state(zone, NR_FREE_PAGES), free);
	spin_unlock(&zone->lock);

	/* NR_ZONE_PCP_PAGES is the sum of the counts: each count must be
	 * the pages its lists hold. */
	for (cpu = 0; zone->per_cpu_pageset && cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		long pages = 0;

		spin_lock(&pcp->lock);
		for (i = 0; i < NR_PCP_LISTS; i++) {
			struct page *page;

			list_for_each_entry(page, &pcp->lists[i], lru) {
				pages += 1L << page->private;
				if (PageBuddy(page) || page_ref_count(page))
					complain(
						"pcp cpu %u zone %s: pfn %#lx is PageBuddy or referenced\n",
						cpu, zone->name,
						page_to_pfn(page));
				if (pages > pcp->count)
					break;
			}
		}
		if (pages != pcp->count)
			complain(
				"pcp cpu %u zone %s: count %d but %ld pages listed\n",
				cpu, zone->name, pcp->count, pages);
		spin_unlock(&pcp->lock);
	}
}

long mm_check_free_lists(void)
{
	struct zone *zone;

	problems = 0;
	for_each_populated_zone(zone)
		check_zone(zone);
	if (problems > MAX_REPORTS)
		pr_err("mm_check_free_lists: %ld problems, %d shown\n",
		       problems, MAX_REPORTS);
	return problems;
}
