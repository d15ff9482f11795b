/* SPDX-License-Identifier: MIT */
/*
 * NUMA nodes, as x86 Linux (v6.1) finds them: from the ACPI SRAT (memory
 * and processor affinity), the SLIT (distances) and the MADT (processors),
 * or, without an SRAT, with numa=off, or when the SRAT is unusable, one
 * node 0 covering all memory.  mm/numa.c states the rules.
 *
 * numa_init() runs once memblock has memory and before sparse_init: it
 * sets the node of every memblock memory region (memblock_set_node),
 * marks hot-pluggable SRAT ranges MEMBLOCK_HOTPLUG, brings nodes online,
 * fills the distance table and builds the CPU list.  Everything after it
 * (sparse, zones, the allocator, SMP) reads nodes through this header.
 */
#ifndef MM_NUMA_H
#define MM_NUMA_H

#include <lib/config.h>
#include <lib/types.h>
#include <mm/page.h> /* MAX_NUMNODES */

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20

#define MAX_PXM_DOMAINS 256 /* Linux's acpi_numa.h */
#define NR_NODE_MEMBLKS (MAX_NUMNODES * 2)
#define MAX_LOCAL_APIC 32768 /* APIC ids with a node mapping */
#define NUMA_MAX_CPUS 512 /* CPUs kept in the CPU list */
/* Linux v6.1 does not online a node with less memory than this. */
#define NODE_MIN_SIZE (4ULL << 20)

/* One block of memory of a node, [start, end). */
struct numa_memblk {
	u64 start;
	u64 end;
	int nid;
};

/* The blocks found (SRAT memory affinity, or the faked node). */
struct numa_meminfo {
	int nr_blks;
	struct numa_memblk blk[NR_NODE_MEMBLKS];
};

/*
 * A processor from the MADT, with its node.  In MADT order; entries with an
 * invalid APIC id (0xff, 0xffffffff), duplicates, and entries Linux would
 * not register (disabled and not online-capable in a MADT of revision 5 or
 * later) are left out.  'node' is the SRAT's node for the APIC id, or,
 * without one, the online nodes in turn (Linux's numa_init_array).
 */
struct numa_cpu {
	u32 apic_id;
	u32 acpi_id; /* ACPI processor UID */
	int node;
	bool enabled; /* ACPI_MADT_ENABLED: present and startable */
	bool online_capable; /* ACPI_MADT_ONLINE_CAPABLE (hot-add later) */
	bool x2apic; /* from an x2APIC entry (id may exceed 0xfe) */
};

/*
 * Find the nodes (see the overview).  Needs: memblock memory added (the
 * e820 RAM), the ACPI table list set up by acpi_tables_init() (or none,
 * which means one node), and cfg (numa_off).  Allocates each online node's
 * data block when a size was given with numa_set_node_data_size().  Prints
 * Linux's lines.  Returns 0; it always ends with at least one online node
 * unless memblock has no memory at all (-EINVAL).
 */
int numa_init(const struct sparsemm_config *cfg);

/*
 * Size of the per-node data block (pg_data_t) numa_init() allocates with
 * memblock on each online node, as Linux's alloc_node_data() does, and
 * reports ("NODE_DATA(0) allocated [mem ...]").  Rounded up to PAGE_SIZE.
 * 0 (the default) allocates nothing and prints no NODE_DATA lines.
 */
void numa_set_node_data_size(size_t bytes);
/* The zeroed block of node nid (direct map), or NULL. */
void *numa_node_data(int nid);

/* Forget everything numa_init() found (tests). */
void numa_reset(void);

/*
 * Linux's alloc_node_data(): allocate the node's data block on the node
 * (any node when it has no memory) if a size was set, print "NODE_DATA(n)
 * allocated [mem ...]", and put the node online.
 */
void numa_alloc_node_data(int nid);

/* ---- nodes -------------------------------------------------------------- */

bool node_online(int nid);
/* Bring a node online (a memoryless node, for example). */
void node_set_online(int nid);
/* Online nodes (mm/mmzone.h's nr_online_nodes counts the pg_data_t's). */
unsigned int numa_online_map_count(void);
/* First online node, and the next after nid; MAX_NUMNODES when none. */
int first_online_node(void);
int next_online_node(int nid);
#define for_each_online_node(nid)                               \
	for ((nid) = first_online_node(); (nid) < MAX_NUMNODES; \
	     (nid) = next_online_node(nid))

/* True when the node was named by the SRAT or covers memory ("possible"). */
bool node_possible(int nid);
/* Make a node possible without memory or CPUs (a node whose SRAT range is
 * all hot-pluggable, known to the simulator from a boot log's lines). */
void node_set_possible(int nid);

/*
 * The distance between two nodes: from the SLIT when it gave one, else
 * LOCAL_DISTANCE (10) for a == b and REMOTE_DISTANCE (20) otherwise.
 */
int node_distance(int a, int b);

/* Lowest start and highest end of the node's memory blocks; -ENOENT when
 * the node has none. */
int numa_node_span(int nid, u64 *start, u64 *end);
/* The cleaned-up blocks (after merging), for reports and tests. */
const struct numa_meminfo *numa_get_meminfo(void);

/* numa=off was given, or NUMA information was unusable: one faked node. */
bool numa_is_faked(void);

/* ---- proximity domains and APIC ids ------------------------------------ */

/*
 * Linux's acpi_map_pxm_to_node(): the node of a proximity domain, giving
 * new domains the lowest unused node number, so nodes are numbered in order
 * of first appearance in the SRAT (processor entries first, then memory).
 * NUMA_NO_NODE when pxm is out of range, nodes run out, or numa=off.
 */
int acpi_map_pxm_to_node(int pxm);
int pxm_to_node(int pxm); /* NUMA_NO_NODE if never mapped */
int node_to_pxm(int nid); /* -1 if no domain maps to it */
/* The SRAT's node for an APIC id, or NUMA_NO_NODE. */
int apicid_to_node(u32 apic_id);

/* ---- CPUs --------------------------------------------------------------- */

/* The CPU list (see struct numa_cpu): *nr receives the count.  Empty when
 * there is no MADT (the simulator): then only the boot CPU is known. */
const struct numa_cpu *numa_cpu_list(unsigned int *nr);

/* mm/numa_cpus.c: build the list from the MADT once numa_init() has the
 * nodes (the boot sequence calls it right after); forget it (mm_reset()). */
void numa_cpus_init(void);
void numa_cpus_reset(void);
/* Replace the list (tests, machines without a MADT); numa_cpus_reset()
 * forgets it. */
void numa_cpus_set(const struct numa_cpu *list, unsigned int nr);

#endif
