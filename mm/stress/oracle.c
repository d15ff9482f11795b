// SPDX-License-Identifier: MIT
/*
 * oracle: sparsemm's side of the Linux oracle (docs/differential.md).  It
 * prints the allocator's state in the sections and formats the oracle's
 * initramfs prints on Linux (/proc/zoneinfo, pagetypeinfo, buddyinfo, the
 * vm sysctls), then runs the allocation sequences of oracle_seq.h, the
 * same source the kernel module runs on Linux, so tools/linux-oracle can
 * compare sparsemm's answers with Linux's on the same machine.
 *
 * It runs only when named (suites=oracle): its output is long and its
 * exhaustion phases take all memory.  Its one case, `sequences`, fails
 * only if the free lists are inconsistent afterwards (mm_check_free_lists)
 * or if not every page came back; agreement with Linux is judged on the
 * host.
 *
 * What it owns: the fallback probe on trace_mm_page_alloc_extfrag while
 * it runs.  Who calls it: the stress runner.
 */
#include <lib/printk.h>
#include <mm/numa.h>

#include "st_mm.h"

enum { C_SEQUENCES, NR_CASES };

static const struct stress_case cases[] = {
	[C_SEQUENCES] = { "sequences" },
};

#define ORACLE_PRINT(...) pr_info(__VA_ARGS__)

static int fb_seen, fb_from, fb_to;

static void probe_extfrag(struct page *page, int alloc_order,
			  int fallback_order, int alloc_migratetype,
			  int fallback_migratetype)
{
	(void)page;
	(void)alloc_order;
	(void)fallback_order;
	if (!fb_seen) {
		fb_seen = 1;
		fb_from = fallback_migratetype;
		fb_to = alloc_migratetype;
	}
}

static int oracle_fallback_take(int *from, int *to)
{
	int seen = fb_seen;

	*from = fb_from;
	*to = fb_to;
	fb_seen = 0;
	return seen;
}

static int oracle_nr_nodes(void)
{
	int nid, n = 0;

	for_each_online_node(nid)
		if (NODE_DATA(nid) && NODE_DATA(nid)->node_present_pages)
			n++;
	return n;
}

static void oracle_show_zones(const char *tag);

static void oracle_yield(void)
{
}

#include "oracle_seq.h"

static void oracle_show_zones(const char *tag)
{
	struct zone *zones[ST_MAX_ZONES];
	unsigned int n = st_zones(zones, ST_MAX_ZONES);

	for (unsigned int i = 0; i < n; i++)
		oracle_print_zone(tag, zones[i]->node, zones[i]->name,
				  zone_page_state(zones[i], NR_FREE_PAGES),
				  min_wmark_pages(zones[i]),
				  low_wmark_pages(zones[i]),
				  high_wmark_pages(zones[i]));
}

/* The vm sysctls the initramfs prints, in /proc/sys/vm's formats. */
static void show_sysctls(void)
{
	char line[64];
	int n = 0;

	pr_info("---- /proc/sys/vm/min_free_kbytes\n");
	pr_info("%d\n", min_free_kbytes);
	pr_info("---- /proc/sys/vm/watermark_scale_factor\n");
	pr_info("%d\n", watermark_scale_factor);
	pr_info("---- /proc/sys/vm/lowmem_reserve_ratio\n");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += scnprintf(line + n, sizeof(line) - n, "%s%d",
			       i ? "\t" : "", sysctl_lowmem_reserve_ratio[i]);
	pr_info("%s\n", line);
}

static void show_state(const char *section, bool zoneinfo)
{
	pr_info("==== oracle: %s ====\n", section);
	if (zoneinfo) {
		pr_info("---- /proc/zoneinfo\n");
		show_zoneinfo();
	}
	pr_info("---- /proc/pagetypeinfo\n");
	show_pagetypeinfo();
	pr_info("---- /proc/buddyinfo\n");
	show_buddyinfo();
	if (zoneinfo)
		show_sysctls();
	pr_info("==== oracle: end ====\n");
}

static struct oracle_slot slots[ORACLE_SLOTS];

static int oracle_suite_run(struct stress_ctx *ctx)
{
	unsigned long before = global_free_pages(), after;
	long problems;

	show_state("boot", true);
	pr_info("==== oracle: sequences ====\n");
	fb_seen = 0;
	trace_mm_page_alloc_extfrag = probe_extfrag;
	oracle_run(ORACLE_SEED, slots);
	trace_mm_page_alloc_extfrag = NULL;
	pr_info("==== oracle: end ====\n");
	show_state("after", false);

	problems = mm_check_free_lists();
	if (problems)
		stress_case_fail(
			ctx, C_SEQUENCES,
			"%ld problems on the free lists after the sequences",
			problems);
	drain_all_pages(NULL);
	after = global_free_pages();
	if (after < before)
		stress_case_fail(
			ctx, C_SEQUENCES,
			"%lu pages free before the sequences, %lu after (drained)",
			before, after);
	return 0;
}

const struct stress_suite stress_suite_oracle = {
	.name = "oracle",
	.run = oracle_suite_run,
	.cases = cases,
	.nr_cases = NR_CASES,
	.needs = ST_NEEDS_NAMED,
};
