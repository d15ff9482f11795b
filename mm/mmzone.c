// SPDX-License-Identifier: MIT
/*
 * The allocator's shared state and its iterators, in one place (Linux's
 * mm/mmzone.c plus the globals Linux keeps in mm/page_alloc.c): what the
 * init files fill in and the allocator, the per-CPU lists, the watermarks,
 * the zonelists and vmstat all read.  Nothing here computes policy; it owns
 * the storage, so that no init or policy file has to be reached into by
 * the others (tools/layers checks that the files of mm/ form no cycle).
 *
 * What it owns:
 *  - node_data[]: one pg_data_t per possible node (a node with memory, or
 *    a memoryless one: empty zones), NULL for the others (filled by
 *    free_area_init(), mm/mm_init_zones.c), and nr_online_nodes, Linux's
 *    count of online nodes (a memoryless node without CPUs is not one);
 *  - zone_names[], Linux's names of the zones;
 *  - nr_cpu_ids: the CPUs the per-CPU lists are sized for (set by
 *    zones_init's caller before setup_per_zone_pcp(), mm/pcp.c);
 *  - vm_total_pages and page_group_by_mobility_disabled (computed by
 *    build_all_zonelists(), mm/zonelist.c);
 *  - page_alloc_debug_nolock (debug_nolock=on, the locking negative test)
 *    and page_alloc_concurrent (other CPUs in the allocator, set around
 *    their runs);
 *  - the walks over them: first/next_online_pgdat(), next_zone() and
 *    __next_zones_zonelist() (for_each_online_pgdat, for_each_zone and the
 *    zonelist iterators of <mm/mmzone.h>).
 *
 * Invariant: every value here is reset by zones_reset() (node_data[],
 * nr_online_nodes, the counts) or by its setter, so that a host program may
 * boot one machine after another (mm_reset()).
 */
#include <mm/mmzone.h>

#include <mm/numa.h>
#include <mm/page_alloc_internal.h>

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA",
	"DMA32",
	"Normal",
	"Movable",
};

struct pglist_data *node_data[MAX_NUMNODES];
unsigned int nr_online_nodes;
unsigned int nr_cpu_ids = 1;
unsigned long vm_total_pages;
int page_group_by_mobility_disabled;
bool page_alloc_debug_nolock;
bool page_alloc_concurrent;

struct pglist_data *first_online_pgdat(void)
{
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_data[nid])
			return node_data[nid];
	return NULL;
}

struct pglist_data *next_online_pgdat(struct pglist_data *pgdat)
{
	int nid;

	for (nid = pgdat->node_id + 1; nid < MAX_NUMNODES; nid++)
		if (node_data[nid])
			return node_data[nid];
	return NULL;
}

struct zone *next_zone(struct zone *zone)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (zone < pgdat->node_zones + MAX_NR_ZONES - 1)
		return zone + 1;
	pgdat = next_online_pgdat(pgdat);
	return pgdat ? pgdat->node_zones : NULL;
}

struct zoneref *__next_zones_zonelist(struct zoneref *z, int highest_zoneidx,
				      const nodemask_t *nodes)
{
	if (!nodes)
		while (zonelist_zone_idx(z) > highest_zoneidx)
			z++;
	else
		while (zonelist_zone_idx(z) > highest_zoneidx ||
		       (z->zone &&
			!node_isset_mask(zonelist_node_idx(z), nodes)))
			z++;
	return z;
}
