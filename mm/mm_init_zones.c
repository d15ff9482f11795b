// SPDX-License-Identifier: MIT
/*
 * Nodes and zones at boot: Linux's free_area_init() (mm/mm_init.c in
 * 6.x, mm/page_alloc.c in 6.1) for x86-64.
 *
 * What it owns: the zone limits arch_zone_lowest/highest_
 * possible_pfn, zone_movable_pfn[] and each zone's start, spanned and
 * present pages and its initial managed estimate.  It fills in node_data[]
 * (kept in mm/mmzone.c): one pg_data_t per node with memory, from that
 * node's memblock memory.
 *
 * Invariants once free_area_init() returned:
 *  - zone limits are consecutive: DMA [start of DRAM, 16 MiB), DMA32
 *    [16 MiB, 4 GiB), Normal [4 GiB, end of DRAM), each clipped to DRAM and
 *    possibly empty; ZONE_MOVABLE on node n starts at zone_movable_pfn[n]
 *    (MAX_ORDER_NR_PAGES aligned) and takes the rest of the node's
 *    movable_zone, which ends there;
 *  - a zone's span is its limits clipped to its node's span; present =
 *    spanned - pfns of the span not in memblock.memory of the node;
 *  - the zones of a node do not overlap and lie inside the node's span.
 *
 * Simplifications (docs/allocator.md): no kernelcore=mirror; memblock
 * ranges without a node are put on node 0.  Possible nodes without memory
 * get a pg_data_t with empty zones (free_area_init_node).
 *
 * Who calls it: the boot pipeline after sparse_init(); then memmap_init()
 * uses zone_idx_for_pfn(), then page_alloc_init() (below) finishes.
 */
#include <mm/mmzone.h>

#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/numa.h>
#include <mm/page_alloc_internal.h>

unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];
unsigned long zone_movable_pfn[MAX_NUMNODES];
int movable_zone;
unsigned long nr_kernel_pages, nr_all_pages;
unsigned long dma_reserve;

static void get_pfn_range_for_nid(int nid, unsigned long *start,
				  unsigned long *end)
{
	unsigned long s, e;
	int i;

	*start = -1UL;
	*end = 0;
	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		*start = MIN(*start, s);
		*end = MAX(*end, e);
	}
	if (*start == -1UL)
		*start = 0;
}

static bool node_has_memory(int nid)
{
	unsigned long s, e;

	get_pfn_range_for_nid(nid, &s, &e);
	return e > s;
}

/* Memory without a node belongs to node 0 (Linux's dummy NUMA init). */
static void assign_nodeless_memory(void)
{
	struct memblock_region *r;
	bool again = true;

	while (again) {
		again = false;
		for_each_mem_region(r)
		{
			if (r->nid != NUMA_NO_NODE)
				continue;
			memblock_set_node(r->base, r->size, &memblock.memory,
					  0);
			again = true;
			break;
		}
	}
}

/* ---- ZONE_MOVABLE (find_zone_movable_pfns_for_nodes) ------------------- */

static unsigned long roundup_ul(unsigned long x, unsigned long a)
{
	return (x + a - 1) / a * a;
}

/* The highest zone with memory below ZONE_MOVABLE: Movable's source. */
static void find_usable_zone_for_movable(void)
{
	int zi;

	for (zi = MAX_NR_ZONES - 1; zi >= 0; zi--) {
		if (zi == ZONE_MOVABLE)
			continue;
		if (arch_zone_highest_possible_pfn[zi] >
		    arch_zone_lowest_possible_pfn[zi])
			break;
	}
	movable_zone = zi < 0 ? ZONE_DMA : zi;
}

static unsigned long early_calculate_totalpages(unsigned int *nodes)
{
	unsigned long total = 0, s, e;
	u64 seen = 0;
	int i, nid;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &s, &e, &nid) {
		total += e - s;
		if (e > s && nid >= 0 && nid < MAX_NUMNODES)
			seen |= 1ULL << nid;
	}
	for (*nodes = 0; seen; seen &= seen - 1)
		(*nodes)++;
	return total;
}

static void find_zone_movable_pfns_for_nodes(const struct zones_config *cfg)
{
	unsigned long required_kernelcore = cfg->kernelcore_pages;
	unsigned long required_movablecore = cfg->movablecore_pages;
	unsigned long usable_startpfn, kernelcore_node, kernelcore_remaining;
	unsigned int usable_nodes;
	unsigned long totalpages = early_calculate_totalpages(&usable_nodes);
	struct memblock_region *r;
	int i, nid;

	find_usable_zone_for_movable();

	if (cfg->movable_node) {
		for_each_mem_region(r)
		{
			if (!memblock_is_hotpluggable(r))
				continue;
			nid = memblock_get_region_node(r);
			usable_startpfn = PFN_DOWN(r->base);
			zone_movable_pfn[nid] =
				zone_movable_pfn[nid] ?
					MIN(usable_startpfn,
					    zone_movable_pfn[nid]) :
					usable_startpfn;
		}
		goto out2;
	}

	if (cfg->kernelcore_percent)
		required_kernelcore =
			(totalpages * 100 * cfg->kernelcore_percent) / 10000UL;
	if (cfg->movablecore_percent)
		required_movablecore =
			(totalpages * 100 * cfg->movablecore_percent) / 10000UL;

	/* movablecore= becomes the kernelcore that leaves that much over. */
	if (required_movablecore) {
		unsigned long corepages;

		required_movablecore =
			roundup_ul(required_movablecore, MAX_ORDER_NR_PAGES);
		required_movablecore = MIN(totalpages, required_movablecore);
		corepages = totalpages - required_movablecore;
		required_kernelcore = MAX(required_kernelcore, corepages);
	}

	if (!required_kernelcore || required_kernelcore >= totalpages)
		return;

	usable_startpfn = arch_zone_lowest_possible_pfn[movable_zone];

restart:
	/* Spread kernelcore as evenly as possible over the nodes. */
	kernelcore_node = required_kernelcore / usable_nodes;
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		unsigned long start_pfn, end_pfn;

		if (!node_has_memory(nid))
			continue;
		if (required_kernelcore < kernelcore_node)
			kernelcore_node = required_kernelcore / usable_nodes;
		kernelcore_remaining = kernelcore_node;

		for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL) {
			unsigned long size_pages;

			start_pfn = MAX(start_pfn, zone_movable_pfn[nid]);
			if (start_pfn >= end_pfn)
				continue;

			/* Below movable_zone: kernel memory anyway. */
			if (start_pfn < usable_startpfn) {
				unsigned long kernel_pages =
					MIN(end_pfn, usable_startpfn) -
					start_pfn;

				kernelcore_remaining -=
					MIN(kernel_pages, kernelcore_remaining);
				required_kernelcore -=
					MIN(kernel_pages, required_kernelcore);
				if (end_pfn <= usable_startpfn) {
					zone_movable_pfn[nid] = end_pfn;
					continue;
				}
				start_pfn = usable_startpfn;
			}

			size_pages = end_pfn - start_pfn;
			if (size_pages > kernelcore_remaining)
				size_pages = kernelcore_remaining;
			zone_movable_pfn[nid] = start_pfn + size_pages;

			required_kernelcore -=
				MIN(required_kernelcore, size_pages);
			kernelcore_remaining -= size_pages;
			if (!kernelcore_remaining)
				break;
		}
	}

	/* Kernelcore still missing: another pass with one node fewer. */
	usable_nodes--;
	if (usable_nodes && required_kernelcore > usable_nodes)
		goto restart;

out2:
	/* ZONE_MOVABLE starts MAX_ORDER_NR_PAGES aligned, inside the node. */
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		unsigned long start_pfn, end_pfn;

		zone_movable_pfn[nid] =
			roundup_ul(zone_movable_pfn[nid], MAX_ORDER_NR_PAGES);
		get_pfn_range_for_nid(nid, &start_pfn, &end_pfn);
		if (zone_movable_pfn[nid] >= end_pfn)
			zone_movable_pfn[nid] = 0;
	}
}

/* ---- spanned and present pages ------------------------------------------- */

static void adjust_zone_range_for_zone_movable(int nid, int zone_type,
					       unsigned long node_end_pfn,
					       unsigned long *zone_start_pfn,
					       unsigned long *zone_end_pfn)
{
	if (!zone_movable_pfn[nid])
		return;
	if (zone_type == ZONE_MOVABLE) {
		*zone_start_pfn = zone_movable_pfn[nid];
		*zone_end_pfn =
			MIN(node_end_pfn,
			    arch_zone_highest_possible_pfn[movable_zone]);
	} else if (*zone_start_pfn < zone_movable_pfn[nid] &&
		   *zone_end_pfn > zone_movable_pfn[nid]) {
		*zone_end_pfn = zone_movable_pfn[nid];
	} else if (*zone_start_pfn >= zone_movable_pfn[nid]) {
		*zone_start_pfn = *zone_end_pfn;
	}
}

static unsigned long clamp_ul(unsigned long v, unsigned long lo,
			      unsigned long hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

static unsigned long zone_spanned_pages_in_node(int nid, int zone_type,
						unsigned long node_start_pfn,
						unsigned long node_end_pfn,
						unsigned long *zone_start_pfn,
						unsigned long *zone_end_pfn)
{
	unsigned long zone_low = arch_zone_lowest_possible_pfn[zone_type];
	unsigned long zone_high = arch_zone_highest_possible_pfn[zone_type];

	if (!node_start_pfn && !node_end_pfn)
		return 0;
	*zone_start_pfn = clamp_ul(node_start_pfn, zone_low, zone_high);
	*zone_end_pfn = clamp_ul(node_end_pfn, zone_low, zone_high);
	adjust_zone_range_for_zone_movable(nid, zone_type, node_end_pfn,
					   zone_start_pfn, zone_end_pfn);
	if (*zone_end_pfn < node_start_pfn || *zone_start_pfn > node_end_pfn)
		return 0;
	*zone_end_pfn = MIN(*zone_end_pfn, node_end_pfn);
	*zone_start_pfn = MAX(*zone_start_pfn, node_start_pfn);
	return *zone_end_pfn - *zone_start_pfn;
}

/* Pfns of [range_start, range_end) not in nid's memory. */
static unsigned long __absent_pages_in_range(int nid, unsigned long range_start,
					     unsigned long range_end)
{
	unsigned long nr_absent = range_end - range_start, s, e;
	int i;

	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		s = clamp_ul(s, range_start, range_end);
		e = clamp_ul(e, range_start, range_end);
		nr_absent -= e - s;
	}
	return nr_absent;
}

static unsigned long zone_absent_pages_in_node(int nid, int zone_type,
					       unsigned long node_start_pfn,
					       unsigned long node_end_pfn)
{
	unsigned long zone_low = arch_zone_lowest_possible_pfn[zone_type];
	unsigned long zone_high = arch_zone_highest_possible_pfn[zone_type];
	unsigned long zs, ze;

	if (!node_start_pfn && !node_end_pfn)
		return 0;
	zs = clamp_ul(node_start_pfn, zone_low, zone_high);
	ze = clamp_ul(node_end_pfn, zone_low, zone_high);
	adjust_zone_range_for_zone_movable(nid, zone_type, node_end_pfn, &zs,
					   &ze);
	if (ze <= zs)
		return 0;
	return __absent_pages_in_range(nid, zs, ze);
}

static void calculate_node_totalpages(pg_data_t *pgdat,
				      unsigned long node_start_pfn,
				      unsigned long node_end_pfn)
{
	unsigned long totalpages = 0, realtotalpages = 0;
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = pgdat->node_zones + i;
		unsigned long zs = 0, ze = 0, size, absent;

		size = zone_spanned_pages_in_node(pgdat->node_id, i,
						  node_start_pfn, node_end_pfn,
						  &zs, &ze);
		absent = size ? zone_absent_pages_in_node(pgdat->node_id, i,
							  node_start_pfn,
							  node_end_pfn) :
				0;
		zone->zone_start_pfn = size ? zs : 0;
		zone->spanned_pages = size;
		zone->present_pages = size - absent;
		totalpages += size;
		realtotalpages += size - absent;
	}
	pgdat->node_spanned_pages = totalpages;
	pgdat->node_present_pages = realtotalpages;
	pr_debug("On node %d totalpages: %lu\n", pgdat->node_id,
		 realtotalpages);
}

/* Pages the memmap of a zone costs (Linux's estimate for SPARSEMEM). */
static unsigned long calc_memmap_size(unsigned long spanned,
				      unsigned long present)
{
	unsigned long pages = spanned;

	if (spanned > present + (present >> 4))
		pages = present;
	return PFN_UP(pages * sizeof(struct page));
}

/* x86's memblock_find_dma_reserve: DMA memory already in use. */
static unsigned long find_dma_reserve(void)
{
	unsigned long nr_pages = 0, nr_free = 0, s, e;
	phys_addr_t ps, pe;
	u64 u;
	int i;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &s, &e, NULL)
		nr_pages += MIN(e, MAX_DMA_PFN) - MIN(s, MAX_DMA_PFN);
	for_each_free_mem_range(u, NUMA_NO_NODE, MEMBLOCK_NONE, &ps, &pe,
				NULL) {
		s = MIN(PFN_UP(ps), MAX_DMA_PFN);
		e = MIN(PFN_DOWN(pe), MAX_DMA_PFN);
		if (s < e)
			nr_free += e - s;
	}
	return nr_pages - nr_free;
}

static void zone_init_free_lists(struct zone *zone)
{
	unsigned int order;
	int t;

	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		for (t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
		zone->free_area[order].nr_free = 0;
	}
}

static int free_area_init_core(pg_data_t *pgdat)
{
	int j, nid = pgdat->node_id;

	for (j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = pgdat->node_zones + j;
		unsigned long size = zone->spanned_pages;
		unsigned long freesize = zone->present_pages;
		unsigned long memmap_pages = calc_memmap_size(size, freesize);

		if (freesize >= memmap_pages) {
			freesize -= memmap_pages;
			if (memmap_pages)
				pr_debug(
					"  %s zone: %lu pages used for memmap\n",
					zone_names[j], memmap_pages);
		} else {
			pr_warn("  %s zone: %lu memmap pages exceeds freesize %lu\n",
				zone_names[j], memmap_pages, freesize);
		}
		if (j == 0 && freesize > dma_reserve) {
			freesize -= dma_reserve;
			pr_debug("  %s zone: %lu pages reserved\n",
				 zone_names[0], dma_reserve);
		}
		nr_kernel_pages += freesize;
		nr_all_pages += freesize;

		zone->managed_pages = freesize;
		zone->node = nid;
		zone->name = zone_names[j];
		zone->zone_pgdat = pgdat;
		spin_lock_init(&zone->lock);
		zone_init_free_lists(zone);
		zone->initialized = size != 0;
		if (populated_zone(zone)) {
			struct per_cpu_pages *pcp =
				memblock_alloc_node(sizeof(*pcp) * nr_cpu_ids,
						    SMP_CACHE_BYTES, nid);

			if (!pcp) {
				pr_err("%s: cannot allocate pagesets for node %d zone %s\n",
				       __func__, nid, zone_names[j]);
				return -ENOMEM;
			}
			zone_pcp_init(zone, pcp);
			pgdat->nr_zones = j + 1;
		}
	}
	return 0;
}

/* ---- On node N, zone X: N pages in unavailable ranges ------------------- */

/* Linux's init_unavailable_range, counting only: memmap_init() already
 * gave hole pages their state (PG_reserved). */
static void report_unavailable_range(unsigned long spfn, unsigned long epfn,
				     int zone, int node)
{
	unsigned long pfn;
	u64 pgcnt = 0;

	for (pfn = spfn; pfn < epfn; pfn++) {
		if (!pfn_valid(ALIGN_DOWN(pfn, pageblock_nr_pages))) {
			pfn = ALIGN_DOWN(pfn, pageblock_nr_pages) +
			      pageblock_nr_pages - 1;
			continue;
		}
		pgcnt++;
	}
	if (pgcnt)
		pr_info("On node %d, zone %s: %lld pages in unavailable ranges\n",
			node, zone_names[zone], (long long)pgcnt);
}

/* Linux's memmap_init() walk: holes between memory ranges, per zone, and
 * the hole from the end of memory to the end of its section. */
static void report_unavailable_ranges(void)
{
	unsigned long start_pfn, end_pfn = 0, hole_pfn = 0;
	int i, j, zone_id = 0, nid = 0;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start_pfn, &end_pfn, &nid) {
		pg_data_t *node = NODE_DATA(nid);

		for (j = 0; node && j < MAX_NR_ZONES; j++) {
			struct zone *zone = node->node_zones + j;
			unsigned long s, e;

			if (!populated_zone(zone))
				continue;
			s = clamp_ul(start_pfn, zone->zone_start_pfn,
				     zone_end_pfn(zone));
			e = clamp_ul(end_pfn, zone->zone_start_pfn,
				     zone_end_pfn(zone));
			if (s >= e)
				continue;
			if (hole_pfn < s)
				report_unavailable_range(hole_pfn, s, j, nid);
			hole_pfn = e;
			zone_id = j;
		}
	}
	end_pfn = ALIGN_UP(end_pfn, PAGES_PER_SECTION);
	if (hole_pfn < end_pfn)
		report_unavailable_range(hole_pfn, end_pfn, zone_id, nid);
}

/* ---- the entry points ------------------------------------------------------ */

/* Where the first zone spanning pfn (zone j) stops being the first: its
 * end, or the start of a lower zone whose span begins inside it. */
static unsigned long same_zone_end(pg_data_t *pgdat, int j, unsigned long pfn)
{
	unsigned long end = zone_end_pfn(&pgdat->node_zones[j]);
	int k;

	for (k = 0; k < j; k++) {
		struct zone *z = &pgdat->node_zones[k];

		if (z->spanned_pages && z->zone_start_pfn > pfn &&
		    z->zone_start_pfn < end)
			end = z->zone_start_pfn;
	}
	return end;
}

unsigned int zone_idx_for_pfn(unsigned long pfn, int nid,
			      unsigned long *end_pfn)
{
	pg_data_t *pgdat = nid >= 0 && nid < MAX_NUMNODES ? NODE_DATA(nid) :
							    NULL;
	int j;

	if (end_pfn)
		*end_pfn = pfn + 1;
	if (pgdat)
		for (j = 0; j < MAX_NR_ZONES; j++)
			if (zone_spans_pfn(&pgdat->node_zones[j], pfn)) {
				if (end_pfn)
					*end_pfn = same_zone_end(pgdat, j, pfn);
				return (unsigned int)j;
			}
	/* Outside every zone (a hole past the node's end): by the limits,
	 * one pfn at a time. */
	for (j = ZONE_NORMAL; j > ZONE_DMA; j--)
		if (pfn >= arch_zone_lowest_possible_pfn[j] &&
		    arch_zone_highest_possible_pfn[j] >
			    arch_zone_lowest_possible_pfn[j])
			return (unsigned int)j;
	return ZONE_DMA;
}

static void print_zone_ranges(void)
{
	unsigned long s, e;
	int i, nid;

	pr_info("Zone ranges:\n");
	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;
		if (arch_zone_lowest_possible_pfn[i] ==
		    arch_zone_highest_possible_pfn[i])
			pr_info("  %-8s empty\n", zone_names[i]);
		else
			pr_info("  %-8s [mem %#018Lx-%#018Lx]\n", zone_names[i],
				(unsigned long long)
						arch_zone_lowest_possible_pfn[i]
					<< PAGE_SHIFT,
				((unsigned long long)
					 arch_zone_highest_possible_pfn[i]
				 << PAGE_SHIFT) -
					1);
	}
	pr_info("Movable zone start for each node\n");
	for (i = 0; i < MAX_NUMNODES; i++)
		if (zone_movable_pfn[i])
			pr_info("  Node %d: %#018Lx\n", i,
				(unsigned long long)zone_movable_pfn[i]
					<< PAGE_SHIFT);
	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, NUMA_NO_NODE, &s, &e, &nid)
		pr_info("  node %3d: [mem %#018Lx-%#018Lx]\n", nid,
			(unsigned long long)s << PAGE_SHIFT,
			((unsigned long long)e << PAGE_SHIFT) - 1);
}

/*
 * Linux's free_area_init_node(): the node's pg_data_t and zones.  A
 * possible node without memory (CPUs only, or an SRAT range that is all
 * hot-pluggable) gets a pg_data_t with empty zones, so that it has
 * zonelists (the nearest nodes with memory), and Linux's line "Initmem
 * setup node N as memoryless".  It counts in nr_online_nodes when the node
 * is online (a CPU on it); Linux keeps the others offline until memory is
 * added, and so they do not count, but their pg_data_t is walked by
 * for_each_online_pgdat here (its zones are empty).
 */
static int free_area_init_node(int nid, unsigned long start_pfn,
			       unsigned long end_pfn)
{
	bool memoryless = start_pfn >= end_pfn;
	/*
	 * numa_init() allocates it on the node (and prints Linux's NODE_DATA
	 * line) when the pipeline asked for numa_set_node_data_size(sizeof
	 * (pg_data_t)); a memoryless node's comes from any node.
	 */
	pg_data_t *pgdat = numa_node_data(nid);

	if (pgdat)
		memset(pgdat, 0, sizeof(*pgdat));
	else if (memoryless)
		pgdat = memblock_alloc(sizeof(*pgdat), SMP_CACHE_BYTES);
	else
		pgdat = memblock_alloc_node(sizeof(*pgdat), SMP_CACHE_BYTES,
					    nid);
	if (!pgdat) {
		pr_err("%s: cannot allocate node %d data\n", __func__, nid);
		return -ENOMEM;
	}
	pgdat->node_id = nid;
	node_data[nid] = pgdat;
	if (memoryless) {
		if (node_online(nid))
			nr_online_nodes++;
		pr_info("Initmem setup node %d as memoryless\n", nid);
		return free_area_init_core(pgdat);
	}
	pgdat->node_start_pfn = start_pfn;
	nr_online_nodes++;
	pr_info("Initmem setup node %d [mem %#018Lx-%#018Lx]\n", nid,
		(unsigned long long)start_pfn << PAGE_SHIFT,
		end_pfn ? ((unsigned long long)end_pfn << PAGE_SHIFT) - 1 : 0);
	calculate_node_totalpages(pgdat, start_pfn, end_pfn);
	return free_area_init_core(pgdat);
}

int free_area_init(const struct zones_config *cfg)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };
	unsigned long start_pfn, end_pfn, max_pfn;
	int i, nid, ret;

	zones_reset();
	nr_cpu_ids = cfg->nr_cpus ? MIN(cfg->nr_cpus, (unsigned int)NR_CPUS) :
				    1;
	assign_nodeless_memory();
	dma_reserve = find_dma_reserve();

	/* x86's zone_sizes_init: max_low_pfn is the end of RAM on 64-bit. */
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	max_zone_pfn[ZONE_DMA] = MIN(MAX_DMA_PFN, max_pfn);
	max_zone_pfn[ZONE_DMA32] = MIN(MAX_DMA32_PFN, max_pfn);
	max_zone_pfn[ZONE_NORMAL] = max_pfn;

	start_pfn = PHYS_PFN(memblock_start_of_DRAM());
	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;
		end_pfn = MAX(max_zone_pfn[i], start_pfn);
		arch_zone_lowest_possible_pfn[i] = start_pfn;
		arch_zone_highest_possible_pfn[i] = end_pfn;
		start_pfn = end_pfn;
	}
	find_zone_movable_pfns_for_nodes(cfg);
	print_zone_ranges();

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		get_pfn_range_for_nid(nid, &start_pfn, &end_pfn);
		if (start_pfn >= end_pfn && !node_possible(nid))
			continue;
		ret = free_area_init_node(nid, start_pfn, end_pfn);
		if (ret)
			return ret;
	}
	report_unavailable_ranges();
	memmap_set_zone_for_pfn(zone_idx_for_pfn);
	return 0;
}

int page_alloc_init(void)
{
	build_all_zonelists();
	memblock_free_all();
	init_per_zone_wmark_min();
	return 0;
}

void zones_reset(void)
{
	memset(node_data, 0, sizeof(node_data));
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
	memset(arch_zone_lowest_possible_pfn, 0,
	       sizeof(arch_zone_lowest_possible_pfn));
	memset(arch_zone_highest_possible_pfn, 0,
	       sizeof(arch_zone_highest_possible_pfn));
	nr_online_nodes = 0;
	movable_zone = 0;
	nr_kernel_pages = nr_all_pages = 0;
	dma_reserve = 0;
	vm_total_pages = 0;
	memblock_released = false;
	page_group_by_mobility_disabled = 0;
	memmap_set_zone_for_pfn(NULL);
}
