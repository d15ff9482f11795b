// SPDX-License-Identifier: GPL-2.0
/*
 * sparsemm_oracle: a Linux kernel module that runs the Linux oracle's
 * allocation sequences (mm/stress/oracle_seq.h) on the running
 * kernel and keeps their `oracle: ...` lines for /proc/sparsemm_oracle.
 *
 * What it owns: the output buffer, the probe on the mm_page_alloc_extfrag
 * tracepoint (a fallback between migrate types), and the glue
 * oracle_seq.h asks for.  GPL because it uses GPL-only exports
 * (tracepoints, work_on_cpu_key).
 *
 * Parameters: seed (the sequence's seed, default ORACLE_SEED as sparsemm).  At load it runs the whole
 * sequence on CPU 0 (sparsemm runs its suites on CPU 0, the boot CPU),
 * then the init script of the initramfs cats /proc/sparsemm_oracle.
 *
 * Who builds and loads it: tools/linux-oracle builds it against the
 * linux-headers package of the kernel tools/linux-ref boots and puts it
 * in the initramfs; tests/linux-oracle/init loads it.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

static unsigned long long seed;
module_param(seed, ullong, 0444);
MODULE_PARM_DESC(seed, "seed of the allocation sequences (0: ORACLE_SEED)");

#define OUT_SIZE (8UL << 20)
static char *out;
static size_t out_len;

static __printf(1, 2) void oracle_print(const char *fmt, ...)
{
	va_list ap;

	if (!out || out_len >= OUT_SIZE - 1)
		return;
	va_start(ap, fmt);
	out_len += vscnprintf(out + out_len, OUT_SIZE - out_len, fmt, ap);
	va_end(ap);
}
#define ORACLE_PRINT(...) oracle_print(__VA_ARGS__)

/* Nodes with memory; sparsemm's machines number them 0..n-1. */
static int oracle_nr_nodes(void)
{
	return num_node_state(N_MEMORY);
}

static int fb_seen, fb_from, fb_to;

static void probe_extfrag(void *data, struct page *page, int alloc_order,
			  int fallback_order, int alloc_migratetype,
			  int fallback_migratetype)
{
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

static void oracle_show_zones(const char *tag);

static void oracle_yield(void)
{
	cond_resched();
}

#include "oracle_seq.h"

static void oracle_show_zones(const char *tag)
{
	int nid, z;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!populated_zone(zone))
				continue;
			oracle_print_zone(tag, nid, zone->name,
					  zone_page_state(zone, NR_FREE_PAGES),
					  min_wmark_pages(zone),
					  low_wmark_pages(zone),
					  high_wmark_pages(zone));
		}
	}
}

static struct tracepoint *extfrag_tp;

static void find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "mm_page_alloc_extfrag"))
		extfrag_tp = tp;
}

static struct oracle_slot slots[ORACLE_SLOTS];

static long run_on_cpu0(void *arg)
{
	oracle_run(seed ? seed : ORACLE_SEED, slots);
	return 0;
}

static ssize_t oracle_read(struct file *file, char __user *buf, size_t len,
			   loff_t *pos)
{
	return simple_read_from_buffer(buf, len, pos, out, out_len);
}

static const struct proc_ops oracle_proc_ops = {
	.proc_read = oracle_read,
	.proc_lseek = default_llseek,
};

static int __init oracle_init(void)
{
	out = vzalloc(OUT_SIZE);
	if (!out)
		return -ENOMEM;
	for_each_kernel_tracepoint(find_tp, NULL);
	if (!extfrag_tp ||
	    tracepoint_probe_register(extfrag_tp, probe_extfrag, NULL)) {
		pr_err("sparsemm_oracle: no mm_page_alloc_extfrag tracepoint\n");
		extfrag_tp = NULL;
		oracle_print("oracle: no fallback tracepoint\n");
	}
	work_on_cpu(0, run_on_cpu0, NULL);
	if (extfrag_tp) {
		tracepoint_probe_unregister(extfrag_tp, probe_extfrag, NULL);
		tracepoint_synchronize_unregister();
	}
	if (!proc_create("sparsemm_oracle", 0444, NULL, &oracle_proc_ops)) {
		vfree(out);
		return -ENOMEM;
	}
	return 0;
}

static void __exit oracle_exit(void)
{
	remove_proc_entry("sparsemm_oracle", NULL);
	vfree(out);
}

module_init(oracle_init);
module_exit(oracle_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sparsemm's Linux oracle: allocation sequences on Linux");
