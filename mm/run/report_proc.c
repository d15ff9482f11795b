// SPDX-License-Identifier: MIT
/*
 * Linux's /proc files in the report (dump=, report_proc.h): the requested
 * files printed at the end of the run in Linux's exact formats (through
 * mm/vmstat.c's vmstat_dump), and the same numbers as the JSON members
 * "buddyinfo", "pagetypeinfo" and "zoneinfo" (docs/report.md).  A file not
 * asked for is a JSON null.
 * Who calls it: mm/run/report.c.
 */
#include "report_proc.h"

#include <lib/config.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/mmzone.h>
#include <run/report.h>

#define pr_rep(fmt, ...) \
	printk(KERN_ALERT "sparsemm: report: " fmt, ##__VA_ARGS__)

static const char *const dump_names[] = { "buddyinfo", "pagetypeinfo",
					  "zoneinfo" };

static void emit_alert(const char *line)
{
	printk(KERN_ALERT "%s\n", line);
}

/* Each requested file under a header line, its lines exactly Linux's. */
void report_print_dumps(unsigned int dump)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(dump_names); i++) {
		if (!(dump & (1u << i)))
			continue;
		pr_rep("/proc/%s:\n", dump_names[i]);
		vmstat_dump(1u << i, emit_alert);
	}
}

/* "[a, b, ...]" of n numbers into buf. */
static const char *jarray(char *buf, size_t size, const unsigned long *v,
			  unsigned int n)
{
	int k = scnprintf(buf, size, "[");

	for (unsigned int i = 0; i < n; i++)
		k += scnprintf(buf + k, size - k, "%s%lu", i ? ", " : "", v[i]);
	scnprintf(buf + k, size - k, "]");
	return buf;
}

void report_json_buddyinfo(struct jw *w, unsigned int dump)
{
	struct zone *zone;
	char a[200];

	if (!(dump & DUMP_BUDDYINFO)) {
		jw_raw(w, "buddyinfo", "null");
		return;
	}
	jw_open(w, "buddyinfo", '[');
	for_each_populated_zone(zone) {
		unsigned long nr[NR_PAGE_ORDERS];

		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			nr[o] = zone->free_area[o].nr_free;
		jw_open(w, NULL, '{');
		jw_u64(w, "node", (u64)zone_to_nid(zone));
		jw_str(w, "zone", zone->name);
		jw_raw(w, "free", "%s",
		       jarray(a, sizeof(a), nr, NR_PAGE_ORDERS));
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

void report_json_pagetypeinfo(struct jw *w, unsigned int dump)
{
	struct zone *zone;
	char a[200];

	if (!(dump & DUMP_PAGETYPEINFO)) {
		jw_raw(w, "pagetypeinfo", "null");
		return;
	}
	jw_open(w, "pagetypeinfo", '{');
	jw_u64(w, "page_block_order", pageblock_order);
	jw_u64(w, "pages_per_block", pageblock_nr_pages);
	jw_open(w, "zones", '[');
	for_each_populated_zone(zone) {
		unsigned long blocks[MIGRATE_TYPES], nr[NR_PAGE_ORDERS];

		jw_open(w, NULL, '{');
		jw_u64(w, "node", (u64)zone_to_nid(zone));
		jw_str(w, "zone", zone->name);
		jw_open(w, "free", '{');
		spin_lock(&zone->lock);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
				nr[o] = pagetype_free_blocks(zone, o, mt);
			jw_raw(w, migratetype_names[mt], "%s",
			       jarray(a, sizeof(a), nr, NR_PAGE_ORDERS));
		}
		spin_unlock(&zone->lock);
		jw_close(w, '}');
		pageblock_type_counts(zone, blocks);
		jw_open(w, "blocks", '{');
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			jw_u64(w, migratetype_names[mt], blocks[mt]);
		jw_close(w, '}');
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

void report_json_zoneinfo(struct jw *w, unsigned int dump)
{
	pg_data_t *pgdat;
	char a[200];

	if (!(dump & DUMP_ZONEINFO)) {
		jw_raw(w, "zoneinfo", "null");
		return;
	}
	jw_open(w, "zoneinfo", '[');
	for_each_online_pgdat(pgdat) {
		for (int j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = &pgdat->node_zones[j];
			unsigned long prot[MAX_NR_ZONES];

			for (int i = 0; i < MAX_NR_ZONES; i++)
				prot[i] =
					(unsigned long)zone->lowmem_reserve[i];
			jw_open(w, NULL, '{');
			jw_u64(w, "node", (u64)pgdat->node_id);
			jw_str(w, "zone", zone_names[j]);
			jw_u64(w, "free", zone_page_state(zone, NR_FREE_PAGES));
			jw_u64(w, "boost", zone->watermark_boost);
			jw_u64(w, "min", min_wmark_pages(zone));
			jw_u64(w, "low", low_wmark_pages(zone));
			jw_u64(w, "high", high_wmark_pages(zone));
			jw_u64(w, "spanned", zone->spanned_pages);
			jw_u64(w, "present", zone->present_pages);
			jw_u64(w, "managed", zone_managed_pages(zone));
			jw_raw(w, "protection", "%s",
			       jarray(a, sizeof(a), prot, MAX_NR_ZONES));
			jw_u64(w, "nr_zone_pcp_pages",
			       zone_page_state(zone, NR_ZONE_PCP_PAGES));
			jw_u64(w, "start_pfn", zone->zone_start_pfn);
			jw_close(w, '}');
		}
	}
	jw_close(w, ']');
}
