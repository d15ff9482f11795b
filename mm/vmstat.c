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

#include <lib/config.h>
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

/*
 * Where the /proc dumps go: pr_info lines by default, or a caller's emitter
 * (the end-of-run report prints them at its own level).  One dump at a
 * time: the emitter is set for the length of a vmstat_dump() call.
 */
static void (*vmstat_emit)(const char *line);

static void __printf(1, 2) vout(const char *fmt, ...)
{
	char line[LINE];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (vmstat_emit) {
		size_t n = strlen(line);

		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		vmstat_emit(line);
	} else {
		pr_info("%s", line);
	}
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
		vout("%s\n", line);
	}
}

/* Linux stops counting a free list here (pagetypeinfo_showfree_print). */
#define PAGETYPE_COUNT_MAX 100000

unsigned long pagetype_free_blocks(struct zone *zone, unsigned int order,
				   int mt)
{
	unsigned long freecount = 0;
	struct list_head *curr;

	list_for_each(curr, &zone->free_area[order].free_list[mt])
		if (++freecount >= PAGETYPE_COUNT_MAX)
			break;
	return freecount;
}

void pageblock_type_counts(struct zone *zone,
			   unsigned long count[MIGRATE_TYPES])
{
	unsigned long pfn;

	memset(count, 0, sizeof(count[0]) * MIGRATE_TYPES);
	for (pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		struct page *page = pfn_to_online_page(pfn);
		int mt;

		if (!page || page_zone(page) != zone)
			continue;
		mt = get_pageblock_migratetype(page);
		if (mt < MIGRATE_TYPES)
			count[mt]++;
	}
}

static void pagetypeinfo_node(pg_data_t *pgdat)
{
	char line[LINE];
	unsigned int order;
	int n, mt, j;

	vout("Page block order: %d\n", pageblock_order);
	vout("Pages per block:  %lu\n", pageblock_nr_pages);
	vout("\n");
	n = scnprintf(line, sizeof(line), "%-43s ",
		      "Free pages count per migrate type at order");
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		n += scnprintf(line + n, sizeof(line) - n, "%6d ", order);
	vout("%s\n", line);
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
				unsigned long freecount =
					pagetype_free_blocks(zone, order, mt);

				n += scnprintf(line + n, sizeof(line) - n,
					       "%s%6lu ",
					       freecount >= PAGETYPE_COUNT_MAX ?
						       ">" :
						       "",
					       freecount);
			}
			vout("%s\n", line);
		}
		spin_unlock(&zone->lock);
	}

	vout("\n");
	n = scnprintf(line, sizeof(line), "%-23s", "Number of blocks type ");
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		n += scnprintf(line + n, sizeof(line) - n, "%12s ",
			       migratetype_names[mt]);
	vout("%s\n", line);
	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];
		unsigned long count[MIGRATE_TYPES];

		if (!populated_zone(zone))
			continue;
		pageblock_type_counts(zone, count);
		n = scnprintf(line, sizeof(line), "Node %d, zone %8s ",
			      pgdat->node_id, zone->name);
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			n += scnprintf(line + n, sizeof(line) - n, "%12lu ",
				       count[mt]);
		vout("%s\n", line);
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

	vout("Node %d, zone %8s\n", pgdat->node_id, zone->name);
	vout("  pages free     %lu\n", zone_page_state(zone, NR_FREE_PAGES));
	vout("        boost    %lu\n", zone->watermark_boost);
	vout("        min      %lu\n", min_wmark_pages(zone));
	vout("        low      %lu\n", low_wmark_pages(zone));
	vout("        high     %lu\n", high_wmark_pages(zone));
	vout("        spanned  %lu\n", zone->spanned_pages);
	vout("        present  %lu\n", zone->present_pages);
	vout("        managed  %lu\n", zone_managed_pages(zone));
	vout("        cma      %lu\n", 0UL);
	n = scnprintf(line, sizeof(line), "        protection: (%ld",
		      zone->lowmem_reserve[0]);
	for (i = 1; i < MAX_NR_ZONES; i++)
		n += scnprintf(line + n, sizeof(line) - n, ", %ld",
			       zone->lowmem_reserve[i]);
	vout("%s)\n", line);
	if (!populated_zone(zone))
		return;
	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		vout("      %-12s %lu\n", zone_stat_names[i],
		     zone_page_state(zone, (enum zone_stat_item)i));
	vout("  pagesets\n");
	for (cpu = 0; zone->per_cpu_pageset && cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		vout("    cpu: %u\n", cpu);
		vout("              count: %i\n", pcp->count);
		vout("              high:  %i\n", pcp->high);
		vout("              batch: %i\n", pcp->batch);
	}
	vout("  node_unreclaimable:  %u\n", 0u);
	vout("  start_pfn:           %lu\n", zone->zone_start_pfn);
}

void show_zoneinfo(void)
{
	pg_data_t *pgdat;
	int j;

	for_each_online_pgdat(pgdat)
		for (j = 0; j < MAX_NR_ZONES; j++)
			zoneinfo_zone(pgdat, &pgdat->node_zones[j]);
}

void vmstat_dump(unsigned int files, void (*emit)(const char *line))
{
	vmstat_emit = emit;
	if (files & DUMP_BUDDYINFO)
		show_buddyinfo();
	if (files & DUMP_PAGETYPEINFO)
		show_pagetypeinfo();
	if (files & DUMP_ZONEINFO)
		show_zoneinfo();
	vmstat_emit = NULL;
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
