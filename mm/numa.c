// SPDX-License-Identifier: MIT
/*
 * NUMA nodes with x86 Linux's rules (arch/x86/mm/numa.c, arch/x86/mm/srat.c
 * and drivers/acpi/numa/srat.c as of v6.1), so that a QEMU -numa layout or
 * a real machine gives the node ranges Linux gives.
 *
 * numa_init() tries, in Linux's order:
 *   1. ACPI (unless numa=off): SRAT processor entries, then SRAT memory
 *      entries, then the SLIT.  Proximity domains become nodes in order of
 *      first appearance (acpi_map_pxm_to_node).  Each enabled memory entry
 *      becomes a numa_memblk and, if hot-pluggable, MEMBLOCK_HOTPLUG.
 *   2. otherwise one node 0 over [0, max_pfn): "No NUMA configuration
 *      found" (or "NUMA turned off") and "Faking a node at [mem ...]".
 * Each attempt starts from a clean slate (no nodes, no memblock nids, no
 * hotplug marks, default distances) and then:
 *   - cleans the blocks up: blocks that overlap no memblock memory are set
 *     aside and make no node; the rest are clipped to max_pfn; blocks of one
 *     node are merged when no other node's block lies between them
 *     ("NUMA: Node 0 [mem ...] + [mem ...] -> [mem ...]"); different nodes
 *     overlapping is fatal to the attempt;
 *   - sets the nid of every memblock memory region (memblock_set_node);
 *   - clears MEMBLOCK_HOTPLUG on every node that holds reserved memory (the
 *     image and the tables in use cannot be unplugged);
 *   - checks that the nodes cover all memory but at most 1 MiB, else "NUMA:
 *     nodes only cover ..MB of your ..MB e820 RAM. Not used." and falls back;
 *   - brings online every node with at least NODE_MIN_SIZE of span,
 *     allocating its data block ("NODE_DATA(n) allocated [mem ...]").
 * Then the MADT gives the CPU list (mm/numa_cpus.c); a CPU whose SRAT node
 * has no memory brings that node online (memoryless), as Linux's
 * init_cpu_to_node() does.
 *
 * Invariants after numa_init(): at least one node online; every online node
 * is possible; every memblock memory region inside a block has its nid;
 * node_distance(a, a) == LOCAL_DISTANCE.
 *
 * Differences from Linux, on purpose: the distance table is static (Linux
 * reserves a few bytes of memblock for it); max_possible_pfn is not kept.
 */
#include <arch/arch.h>
#include <lib/acpi.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/numa.h>
#include <mm/pfn.h>

BUILD_BUG_ON(MAX_NUMNODES > 64); /* node masks are one u64 */

typedef u64
	nodemask64; /* one bit per node (gfp.h has the allocator's nodemask_t) */
#define NODE_BIT(nid) (1ULL << (nid))

static bool numa_off;
static bool faked;
static unsigned long max_pfn;

static struct numa_meminfo numa_meminfo;
static struct numa_meminfo numa_reserved_meminfo;
static nodemask64 numa_nodes_parsed;
static nodemask64 node_possible_map;
static nodemask64 node_online_map;

/* drivers/acpi/numa/srat.c */
static nodemask64 nodes_found_map;
static int pxm_to_node_map[MAX_PXM_DOMAINS];
static int node_to_pxm_map[MAX_NUMNODES];
static bool srat_disabled;
static int parsed_numa_memblks;

static s16 apicid_to_node_map[MAX_LOCAL_APIC];

static u8 numa_distance[MAX_NUMNODES * MAX_NUMNODES];
static int numa_distance_cnt;
static bool distance_warned;

static size_t node_data_size;
static phys_addr_t node_data_pa[MAX_NUMNODES];

static int nodemask_highest(nodemask64 m)
{
	return m ? 63 - __builtin_clzll(m) : -1;
}

/* ---- proximity domains -------------------------------------------------- */

int pxm_to_node(int pxm)
{
	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;
	return pxm_to_node_map[pxm];
}

int node_to_pxm(int nid)
{
	if (nid < 0 || nid >= MAX_NUMNODES)
		return -1;
	return node_to_pxm_map[nid];
}

int acpi_map_pxm_to_node(int pxm)
{
	int node;

	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;
	node = pxm_to_node_map[pxm];
	if (node == NUMA_NO_NODE) {
		nodemask64 unset = ~nodes_found_map;

		if (!unset)
			return NUMA_NO_NODE;
		node = __builtin_ctzll(unset);
		pxm_to_node_map[pxm] = node;
		if (node_to_pxm_map[node] == -1 || pxm < node_to_pxm_map[node])
			node_to_pxm_map[node] = pxm;
		nodes_found_map |= NODE_BIT(node);
	}
	return node;
}

int apicid_to_node(u32 apic_id)
{
	return apic_id < MAX_LOCAL_APIC ? apicid_to_node_map[apic_id] :
					  NUMA_NO_NODE;
}

/* ---- numa_meminfo ------------------------------------------------------- */

static int numa_add_memblk_to(int nid, u64 start, u64 end,
			      struct numa_meminfo *mi)
{
	if (start == end)
		return 0; /* ignore zero length blocks */
	if (start > end || nid < 0 || nid >= MAX_NUMNODES) {
		pr_warn("Warning: invalid memblk node %d [mem %#010llx-%#010llx]\n",
			nid, (unsigned long long)start,
			(unsigned long long)end - 1);
		return 0;
	}
	if (mi->nr_blks >= NR_NODE_MEMBLKS) {
		pr_err("too many memblk ranges\n");
		return -EINVAL;
	}
	mi->blk[mi->nr_blks].start = start;
	mi->blk[mi->nr_blks].end = end;
	mi->blk[mi->nr_blks].nid = nid;
	mi->nr_blks++;
	return 0;
}

static void numa_remove_memblk_from(int idx, struct numa_meminfo *mi)
{
	mi->nr_blks--;
	memmove(&mi->blk[idx], &mi->blk[idx + 1],
		(mi->nr_blks - idx) * sizeof(mi->blk[0]));
}

static void numa_move_tail_memblk(struct numa_meminfo *dst, int idx,
				  struct numa_meminfo *src)
{
	if (dst->nr_blks < NR_NODE_MEMBLKS)
		dst->blk[dst->nr_blks++] = src->blk[idx];
	numa_remove_memblk_from(idx, src);
}

/*
 * Linux's numa_cleanup_meminfo(): set aside blocks without memory, clip to
 * max_pfn, then merge blocks of a node.  Returns 0 or -EINVAL when two
 * nodes overlap.
 */
static int numa_cleanup_meminfo(struct numa_meminfo *mi)
{
	const u64 high = PFN_PHYS(max_pfn);
	int i, j, k;

	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *bi = &mi->blk[i];

		if (!memblock_overlaps_region(&memblock.memory, bi->start,
					      bi->end - bi->start)) {
			numa_move_tail_memblk(&numa_reserved_meminfo, i--, mi);
			continue;
		}
		/* keep what lies above max_pfn for reference */
		if (bi->end > high) {
			numa_add_memblk_to(bi->nid, high, bi->end,
					   &numa_reserved_meminfo);
			bi->end = high;
		}
		if (bi->start >= bi->end)
			numa_remove_memblk_from(i--, mi);
	}

	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *bi = &mi->blk[i];

		for (j = i + 1; j < mi->nr_blks; j++) {
			struct numa_memblk *bj = &mi->blk[j];
			u64 start, end;

			if (bi->end > bj->start && bi->start < bj->end) {
				if (bi->nid != bj->nid) {
					pr_err("node %d [mem %#010llx-%#010llx] overlaps with node %d [mem %#010llx-%#010llx]\n",
					       bi->nid,
					       (unsigned long long)bi->start,
					       (unsigned long long)bi->end - 1,
					       bj->nid,
					       (unsigned long long)bj->start,
					       (unsigned long long)bj->end - 1);
					return -EINVAL;
				}
				pr_warn("Warning: node %d [mem %#010llx-%#010llx] overlaps with itself [mem %#010llx-%#010llx]\n",
					bi->nid, (unsigned long long)bi->start,
					(unsigned long long)bi->end - 1,
					(unsigned long long)bj->start,
					(unsigned long long)bj->end - 1);
			}
			/* Join blocks of one node when no other node's block
			 * lies in the hole between them. */
			if (bi->nid != bj->nid)
				continue;
			start = MIN(bi->start, bj->start);
			end = MAX(bi->end, bj->end);
			for (k = 0; k < mi->nr_blks; k++) {
				struct numa_memblk *bk = &mi->blk[k];

				if (bi->nid == bk->nid)
					continue;
				if (start < bk->end && end > bk->start)
					break;
			}
			if (k < mi->nr_blks)
				continue;
			pr_info("NUMA: Node %d [mem %#010llx-%#010llx] + [mem %#010llx-%#010llx] -> [mem %#010llx-%#010llx]\n",
				bi->nid, (unsigned long long)bi->start,
				(unsigned long long)bi->end - 1,
				(unsigned long long)bj->start,
				(unsigned long long)bj->end - 1,
				(unsigned long long)start,
				(unsigned long long)end - 1);
			bi->start = start;
			bi->end = end;
			numa_remove_memblk_from(j--, mi);
		}
	}
	for (i = mi->nr_blks; i < NR_NODE_MEMBLKS; i++) {
		mi->blk[i].start = mi->blk[i].end = 0;
		mi->blk[i].nid = NUMA_NO_NODE;
	}
	return 0;
}

static nodemask64 nodemask_from_meminfo(const struct numa_meminfo *mi)
{
	nodemask64 m = 0;

	for (int i = 0; i < mi->nr_blks; i++)
		if (mi->blk[i].start != mi->blk[i].end &&
		    mi->blk[i].nid != NUMA_NO_NODE)
			m |= NODE_BIT(mi->blk[i].nid);
	return m;
}

/* ---- distances ---------------------------------------------------------- */

static void numa_reset_distance(void)
{
	numa_distance_cnt = 0;
	distance_warned = false;
}

/* Size the table for every node known so far and fill in the defaults. */
static void numa_alloc_distance(void)
{
	int cnt = nodemask_highest(numa_nodes_parsed |
				   nodemask_from_meminfo(&numa_meminfo)) +
		  1;

	for (int i = 0; i < cnt; i++)
		for (int j = 0; j < cnt; j++)
			numa_distance[i * cnt + j] = i == j ? LOCAL_DISTANCE :
							      REMOTE_DISTANCE;
	numa_distance_cnt = cnt;
	pr_debug("NUMA: Initialized distance table, cnt=%d\n", cnt);
}

static void numa_set_distance(int from, int to, int distance)
{
	if (!numa_distance_cnt)
		numa_alloc_distance();
	if (from >= numa_distance_cnt || to >= numa_distance_cnt || from < 0 ||
	    to < 0) {
		if (!distance_warned)
			pr_warn("Warning: node ids are out of bound, from=%d to=%d distance=%d\n",
				from, to, distance);
		distance_warned = true;
		return;
	}
	if ((u8)distance != distance ||
	    (from == to && distance != LOCAL_DISTANCE)) {
		if (!distance_warned)
			pr_warn("Warning: invalid distance parameter, from=%d to=%d distance=%d\n",
				from, to, distance);
		distance_warned = true;
		return;
	}
	numa_distance[from * numa_distance_cnt + to] = (u8)distance;
}

int node_distance(int a, int b)
{
	if (a < 0 || b < 0 || a >= numa_distance_cnt || b >= numa_distance_cnt)
		return a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	return numa_distance[a * numa_distance_cnt + b];
}

/* ---- ACPI: SRAT and SLIT ------------------------------------------------ */

static void bad_srat(void)
{
	pr_err("ACPI: SRAT: SRAT not used.\n");
	srat_disabled = true;
}

static int srat_cpu(const struct acpi_srat_cpu *c, void *unused)
{
	int node;

	if (srat_disabled || !(c->flags & ACPI_SRAT_CPU_ENABLED))
		return 0;
	node = acpi_map_pxm_to_node((int)c->pxm);
	if (node < 0) {
		pr_err("SRAT: Too many proximity domains %x\n", c->pxm);
		bad_srat();
		return 0;
	}
	if (c->apic_id >= MAX_LOCAL_APIC) {
		pr_info("SRAT: PXM %u -> APIC 0x%04x -> Node %u skipped apicid that is too big\n",
			c->pxm, c->apic_id, node);
		return 0;
	}
	apicid_to_node_map[c->apic_id] = (s16)node;
	numa_nodes_parsed |= NODE_BIT(node);
	if (c->x2apic)
		pr_info("SRAT: PXM %u -> APIC 0x%04x -> Node %u\n", c->pxm,
			c->apic_id, node);
	else
		pr_info("SRAT: PXM %u -> APIC 0x%02x -> Node %u\n", c->pxm,
			c->apic_id, node);
	return 0;
}

/* drivers/acpi/numa/srat.c: acpi_numa_memory_affinity_init() */
static int srat_mem(const struct acpi_srat_mem *m, void *unused)
{
	u64 start = m->base, end = m->base + m->length;
	bool hotpluggable = m->flags & ACPI_SRAT_MEM_HOT_PLUGGABLE;
	int node;

	if (srat_disabled || !(m->flags & ACPI_SRAT_MEM_ENABLED))
		return 0;
	if (end < start) { /* the range wraps: Linux would misbehave */
		pr_err("ACPI: SRAT: memory range %#llx + %#llx wraps around: SRAT not used\n",
		       (unsigned long long)m->base,
		       (unsigned long long)m->length);
		bad_srat();
		return 0;
	}
	node = acpi_map_pxm_to_node((int)m->pxm);
	if (node == NUMA_NO_NODE) {
		pr_err("ACPI: SRAT: Too many proximity domains.\n");
		bad_srat();
		return 0;
	}
	if (numa_add_memblk_to(node, start, end, &numa_meminfo) < 0) {
		pr_err("ACPI: SRAT: Failed to add memblk to node %u [mem %#010llx-%#010llx]\n",
		       node, (unsigned long long)start,
		       (unsigned long long)end - 1);
		bad_srat();
		return 0;
	}
	numa_nodes_parsed |= NODE_BIT(node);
	pr_info("ACPI: SRAT: Node %u PXM %u [mem %#010llx-%#010llx]%s%s\n",
		node, m->pxm, (unsigned long long)start,
		(unsigned long long)end - 1, hotpluggable ? " hotplug" : "",
		m->flags & ACPI_SRAT_MEM_NON_VOLATILE ? " non-volatile" : "");
	if (hotpluggable && memblock_mark_hotplug(start, m->length))
		pr_warn("ACPI: SRAT: Failed to mark hotplug range [mem %#010llx-%#010llx] in memblock\n",
			(unsigned long long)start, (unsigned long long)end - 1);
	parsed_numa_memblks++;
	return 0;
}

static void acpi_parse_slit(const struct acpi_table_header *slit, u32 len)
{
	const u8 *d;
	u64 n;

	if (acpi_slit_parse(slit, len, 0xffff, &n, &d) ||
	    !acpi_slit_valid(n, d)) {
		pr_info("ACPI: SLIT table looks invalid. Not used.\n");
		return;
	}
	for (u64 i = 0; i < n; i++) {
		int from = pxm_to_node((int)MIN(i, (u64)MAX_PXM_DOMAINS));

		if (from == NUMA_NO_NODE)
			continue;
		for (u64 j = 0; j < n; j++) {
			int to = pxm_to_node((int)MIN(j, (u64)MAX_PXM_DOMAINS));

			if (to == NUMA_NO_NODE)
				continue;
			numa_set_distance(from, to, d[n * i + j]);
		}
	}
}

/* acpi_numa_init() + x86_acpi_numa_init(): 0 when the SRAT gave nodes. */
static int x86_acpi_numa_init(void)
{
	const struct acpi_table_header *srat, *slit;
	u32 len = 0;
	int ret;

	srat = acpi_get_table(ACPI_SIG_SRAT, 0, &len);
	if (srat) {
		ret = acpi_srat_parse_cpus(srat, len, srat_cpu, NULL);
		if (ret >= 0)
			ret = acpi_srat_parse_mem(srat, len, srat_mem, NULL);
		if (ret < 0 && !srat_disabled)
			bad_srat();
	}
	slit = acpi_get_table(ACPI_SIG_SLIT, 0, &len);
	if (slit)
		acpi_parse_slit(slit, len);
	if (!parsed_numa_memblks)
		return -ENOENT;
	return srat_disabled ? -EINVAL : 0;
}

/* ---- registering nodes -------------------------------------------------- */

/* Pages of [s, e) in memblock memory on node nid (NUMA_NO_NODE: any). */
static unsigned long present_pages_in_range(int nid, unsigned long s,
					    unsigned long e)
{
	unsigned long start, end, present = 0;
	int i;

	for_each_mem_pfn_range(i, nid, &start, &end, NULL) {
		start = MIN(MAX(start, s), e);
		end = MIN(MAX(end, s), e);
		present += end - start;
	}
	return present;
}

/* Linux's numa_meminfo_cover_memory(): at most 1 MiB may be left out. */
static bool numa_meminfo_cover_memory(const struct numa_meminfo *mi)
{
	u64 numaram = 0, e820ram;

	for (int i = 0; i < mi->nr_blks; i++) {
		unsigned long s = PFN_DOWN(mi->blk[i].start);
		unsigned long e = PFN_DOWN(mi->blk[i].end);

		numaram += present_pages_in_range(mi->blk[i].nid, s, e);
	}
	e820ram = present_pages_in_range(NUMA_NO_NODE, 0, max_pfn);
	if ((s64)(e820ram - numaram) >= (1 << (20 - PAGE_SHIFT))) {
		pr_err("NUMA: nodes only cover %lluMB of your %lluMB e820 RAM. Not used.\n",
		       (unsigned long long)(numaram << PAGE_SHIFT) >> 20,
		       (unsigned long long)(e820ram << PAGE_SHIFT) >> 20);
		return false;
	}
	return true;
}

/* The node of the memblock memory region holding pa, or NUMA_NO_NODE. */
static int early_phys_to_nid(phys_addr_t pa)
{
	const struct memblock_region *r;

	for_each_mem_region(r) if (pa >= r->base &&
				   pa - r->base < r->size) return r->nid;
	return NUMA_NO_NODE;
}

/* Nodes holding reserved memory (the image, tables in use) stay in. */
static void numa_clear_kernel_node_hotplug(void)
{
	nodemask64 reserved_nodes = 0;
	const struct memblock_region *r;
	int i;

	for (i = 0; i < numa_meminfo.nr_blks; i++) {
		const struct numa_memblk *mb = &numa_meminfo.blk[i];

		if (memblock_set_node(mb->start, mb->end - mb->start,
				      &memblock.reserved, mb->nid))
			pr_warn("NUMA: could not set the node of reserved [mem %#010llx-%#010llx]\n",
				(unsigned long long)mb->start,
				(unsigned long long)mb->end - 1);
	}
	for_each_reserved_mem_region(r) if (r->nid >= 0 &&
					    r->nid < MAX_NUMNODES)
		reserved_nodes |= NODE_BIT(r->nid);
	for (i = 0; i < numa_meminfo.nr_blks; i++) {
		const struct numa_memblk *mb = &numa_meminfo.blk[i];

		if (reserved_nodes & NODE_BIT(mb->nid))
			memblock_clear_hotplug(mb->start, mb->end - mb->start);
	}
}

void numa_alloc_node_data(int nid)
{
	size_t size = ALIGN_UP(node_data_size, PAGE_SIZE);
	phys_addr_t pa;
	int tnid;

	if (size) {
		pa = memblock_phys_alloc_try_nid(size, SMP_CACHE_BYTES, nid);
		if (!pa) {
			pr_err("Cannot find %zu bytes in any node (initial node: %d)\n",
			       size, nid);
			return;
		}
		pr_info("NODE_DATA(%d) allocated [mem %#010llx-%#010llx]\n",
			nid, (unsigned long long)pa,
			(unsigned long long)(pa + size - 1));
		tnid = early_phys_to_nid(pa);
		if (tnid != nid)
			pr_info("    NODE_DATA(%d) on node %d\n", nid, tnid);
		memset(phys_to_virt(pa), 0, size);
		node_data_pa[nid] = pa;
	}
	node_set_online(nid);
}

static int numa_register_memblks(struct numa_meminfo *mi)
{
	int i, nid;

	node_possible_map = numa_nodes_parsed | nodemask_from_meminfo(mi);
	if (!node_possible_map) {
		pr_warn("NUMA: no node found\n");
		return -EINVAL;
	}
	for (i = 0; i < mi->nr_blks; i++) {
		const struct numa_memblk *mb = &mi->blk[i];

		memblock_set_node(mb->start, mb->end - mb->start,
				  &memblock.memory, mb->nid);
	}
	numa_clear_kernel_node_hotplug();
	if (!numa_meminfo_cover_memory(mi))
		return -EINVAL;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		u64 start, end;

		if (!(node_possible_map & NODE_BIT(nid)))
			continue;
		if (numa_node_span(nid, &start, &end))
			continue;
		/* v6.1 leaves a node this small offline (dropped in 6.4) */
		if (end - start < NODE_MIN_SIZE)
			continue;
		numa_alloc_node_data(nid);
	}
	memblock_dump_all();
	return 0;
}

static int dummy_numa_init(void)
{
	pr_info("%s\n",
		numa_off ? "NUMA turned off" : "No NUMA configuration found");
	pr_info("Faking a node at [mem %#018llx-%#018llx]\n", 0ULL,
		(unsigned long long)PFN_PHYS(max_pfn) - 1);
	numa_nodes_parsed |= NODE_BIT(0);
	return numa_add_memblk_to(0, 0, PFN_PHYS(max_pfn), &numa_meminfo);
}

/* Linux's numa_init(init_func): one attempt from a clean slate. */
static int numa_try(int (*init_func)(void))
{
	int ret;

	for (int i = 0; i < MAX_LOCAL_APIC; i++)
		apicid_to_node_map[i] = NUMA_NO_NODE;
	numa_nodes_parsed = 0;
	node_possible_map = 0;
	node_online_map = 0;
	memset(&numa_meminfo, 0, sizeof(numa_meminfo));
	memset(&numa_reserved_meminfo, 0, sizeof(numa_reserved_meminfo));
	memset(node_data_pa, 0, sizeof(node_data_pa));
	memblock_set_node(0, PHYS_ADDR_MAX, &memblock.memory, NUMA_NO_NODE);
	memblock_set_node(0, PHYS_ADDR_MAX, &memblock.reserved, NUMA_NO_NODE);
	memblock_clear_hotplug(0, PHYS_ADDR_MAX);
	numa_reset_distance();

	ret = init_func();
	if (ret < 0)
		return ret;
	memblock_set_bottom_up(false);
	ret = numa_cleanup_meminfo(&numa_meminfo);
	if (ret < 0)
		return ret;
	return numa_register_memblks(&numa_meminfo);
}

/* ---- entry points and queries ------------------------------------------- */

void numa_reset(void)
{
	numa_off = false;
	faked = false;
	max_pfn = 0;
	memset(&numa_meminfo, 0, sizeof(numa_meminfo));
	memset(&numa_reserved_meminfo, 0, sizeof(numa_reserved_meminfo));
	numa_nodes_parsed = node_possible_map = node_online_map = 0;
	nodes_found_map = 0;
	for (int i = 0; i < MAX_PXM_DOMAINS; i++)
		pxm_to_node_map[i] = NUMA_NO_NODE;
	for (int i = 0; i < MAX_NUMNODES; i++)
		node_to_pxm_map[i] = -1;
	for (int i = 0; i < MAX_LOCAL_APIC; i++)
		apicid_to_node_map[i] = NUMA_NO_NODE;
	srat_disabled = false;
	parsed_numa_memblks = 0;
	numa_reset_distance();
	memset(node_data_pa, 0, sizeof(node_data_pa));
}

int numa_init(const struct sparsemm_config *cfg)
{
	numa_reset();
	numa_off = cfg && cfg->numa_off;
	if (!memblock.memory.total_size) {
		pr_err("NUMA: memblock has no memory: no node\n");
		return -EINVAL;
	}
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());

	if (numa_off || numa_try(x86_acpi_numa_init) < 0) {
		faked = true;
		if (numa_try(dummy_numa_init) < 0 || !node_online_map) {
			/* Only a node smaller than NODE_MIN_SIZE gets here. */
			pr_warn("NUMA: the faked node is below %lluMB: put online anyway\n",
				NODE_MIN_SIZE >> 20);
			numa_alloc_node_data(0);
		}
	}
	return 0;
}

void numa_set_node_data_size(size_t bytes)
{
	node_data_size = bytes;
}

void *numa_node_data(int nid)
{
	if (nid < 0 || nid >= MAX_NUMNODES || !node_data_pa[nid])
		return NULL;
	return phys_to_virt(node_data_pa[nid]);
}

bool node_online(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES &&
	       (node_online_map & NODE_BIT(nid));
}

void node_set_online(int nid)
{
	if (nid >= 0 && nid < MAX_NUMNODES) {
		node_online_map |= NODE_BIT(nid);
		node_possible_map |= NODE_BIT(nid);
	}
}

void node_set_possible(int nid)
{
	if (nid >= 0 && nid < MAX_NUMNODES)
		node_possible_map |= NODE_BIT(nid);
}

bool node_possible(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES &&
	       (node_possible_map & NODE_BIT(nid));
}

unsigned int numa_online_map_count(void)
{
	unsigned int n = 0;

	/* no __builtin_popcountll: it needs libgcc in the firmware build */
	for (nodemask64 m = node_online_map; m; m &= m - 1)
		n++;
	return n;
}

int first_online_node(void)
{
	return node_online_map ? __builtin_ctzll(node_online_map) :
				 MAX_NUMNODES;
}

int next_online_node(int nid)
{
	nodemask64 rest;

	if (nid + 1 >= MAX_NUMNODES)
		return MAX_NUMNODES;
	rest = node_online_map & ~((NODE_BIT(nid + 1)) - 1);
	return rest ? __builtin_ctzll(rest) : MAX_NUMNODES;
}

int numa_node_span(int nid, u64 *start, u64 *end)
{
	u64 s = ~0ULL, e = 0;

	for (int i = 0; i < numa_meminfo.nr_blks; i++) {
		if (numa_meminfo.blk[i].nid != nid)
			continue;
		s = MIN(s, numa_meminfo.blk[i].start);
		e = MAX(e, numa_meminfo.blk[i].end);
	}
	if (s >= e)
		return -ENOENT;
	*start = s;
	*end = e;
	return 0;
}

const struct numa_meminfo *numa_get_meminfo(void)
{
	return &numa_meminfo;
}

bool numa_is_faked(void)
{
	return faked;
}
