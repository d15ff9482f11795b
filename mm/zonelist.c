// SPDX-License-Identifier: MIT
/*
 * Zonelists: the order in which an allocation tries zones (Linux's
 * build_all_zonelists with node ordering).
 *
 * What it owns: every node's node_zonelists[] and policy_zone; it computes
 * vm_total_pages and page_group_by_mobility_disabled (kept in mm/mmzone.c).
 *
 * Invariants: ZONELIST_FALLBACK of node n lists the nodes with memory,
 * n first (none of its own for a memoryless n), then by increasing node_distance(n, m) (ties: higher node ids
 * after n first, then a round-robin penalty, as Linux's
 * find_next_best_node); within a node, populated zones from the highest
 * index down.  ZONELIST_NOFALLBACK lists node n's zones only.  Both end
 * with a NULL zone.
 *
 * Who calls it: page_alloc_init(); the allocator walks the lists.
 */
#include <mm/mmzone.h>

#include <lib/printk.h>
#include <lib/string.h>
#include <mm/page_alloc_internal.h>

#if __has_include(<mm/numa.h>)
#include <mm/numa.h>
#define HAVE_NUMA_DISTANCE 1
#endif

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20
#define PENALTY_FOR_NODE_WITH_CPUS 1

static int policy_zone;
static int node_load[MAX_NUMNODES];

int zonelist_node_distance(int a, int b)
{
#ifdef HAVE_NUMA_DISTANCE
	return node_distance(a, b);
#else
	return a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
#endif
}

static void check_highest_zone(int zone_type)
{
	if (zone_type > policy_zone && zone_type != ZONE_MOVABLE)
		policy_zone = zone_type;
}

/* Populated zones of pgdat, highest first; returns how many. */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	int zone_type = MAX_NR_ZONES, nr_zones = 0;

	do {
		struct zone *zone;

		zone_type--;
		zone = pgdat->node_zones + zone_type;
		if (populated_zone(zone)) {
			zonerefs[nr_zones].zone = zone;
			zonerefs[nr_zones].zone_idx = zone_type;
			nr_zones++;
			check_highest_zone(zone_type);
		}
	} while (zone_type);
	return nr_zones;
}

/* The nearest node not yet in *used (Linux's find_next_best_node). */
static int find_next_best_node(int node, u64 *used)
{
	int n, val, min_val = __INT_MAX__, best_node = NUMA_NO_NODE;

	if (!(*used & (1ULL << node))) {
		*used |= 1ULL << node;
		return node;
	}
	for (n = 0; n < MAX_NUMNODES; n++) {
		/* Only nodes with memory (Linux's N_MEMORY) follow. */
		if (!NODE_DATA(n) || !NODE_DATA(n)->node_present_pages ||
		    (*used & (1ULL << n)))
			continue;
		val = zonelist_node_distance(node, n);
		val += (n < node);
		val += PENALTY_FOR_NODE_WITH_CPUS; /* every node may have CPUs */
		val *= MAX_NUMNODES;
		val += node_load[n];
		if (val < min_val) {
			min_val = val;
			best_node = n;
		}
	}
	if (best_node >= 0)
		*used |= 1ULL << best_node;
	return best_node;
}

static void build_zonelists(pg_data_t *pgdat)
{
	int node_order[MAX_NUMNODES];
	int local_node = pgdat->node_id, prev_node = local_node;
	int node, nr_nodes = 0, i, nr_zones = 0;
	struct zoneref *zonerefs;
	u64 used = 0;

	while ((node = find_next_best_node(local_node, &used)) >= 0) {
		/* Round-robin among nodes at the same distance. */
		if (zonelist_node_distance(local_node, node) !=
		    zonelist_node_distance(local_node, prev_node))
			node_load[node] += 1;
		node_order[nr_nodes++] = node;
		prev_node = node;
	}

	zonerefs = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	for (i = 0; i < nr_nodes; i++)
		nr_zones += build_zonerefs_node(NODE_DATA(node_order[i]),
						zonerefs + nr_zones);
	zonerefs[nr_zones].zone = NULL;
	zonerefs[nr_zones].zone_idx = 0;

	zonerefs = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	nr_zones = build_zonerefs_node(pgdat, zonerefs);
	zonerefs[nr_zones].zone = NULL;
	zonerefs[nr_zones].zone_idx = 0;
}

void build_all_zonelists(void)
{
	pg_data_t *pgdat;

	memset(node_load, 0, sizeof(node_load));
	policy_zone = 0;
	for_each_online_pgdat(pgdat)
		build_zonelists(pgdat);

	vm_total_pages = nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE));
	page_group_by_mobility_disabled = vm_total_pages <
					  pageblock_nr_pages * MIGRATE_TYPES;
	pr_info("Built %u zonelists, mobility grouping %s.  Total pages: %ld\n",
		nr_online_nodes, page_group_by_mobility_disabled ? "off" : "on",
		(long)vm_total_pages);
	pr_info("Policy zone: %s\n", zone_names[policy_zone]);
}
