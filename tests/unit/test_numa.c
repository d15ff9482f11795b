// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/numa.c: nodes from QEMU's real SRAT (q35, -m 4G, node 0
 * of 1 GiB and node 1 of 3 GiB) with the lines Linux v6.1 prints for that
 * machine, and synthetic SRAT/SLIT/MADT for the rules QEMU's tables do not
 * exercise: PXM numbering, SLIT distances, hot-pluggable ranges, numa=off,
 * memory the SRAT misses, broken tables, memoryless CPU nodes, x2APIC.
 *
 * Memory is the host arch layer's simulated physical memory, so memblock
 * can allocate the node data blocks for real.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <arch/host.h>
#include <lib/acpi.h>
#include <lib/config.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/numa.h>

#include "acpi_build.h"
#include "acpi_qemu_tables.h"
#include "capture.h"

#define SIM_BITS 34 /* 16 GiB of simulated physical space */
#define PGDAT_SIZE 0x2b000 /* Linux 6.1's pg_data_t, page-rounded */

#define EXPECT_LOG(s)                                             \
	do {                                                      \
		if (!capture_contains(s))                         \
			fail_msg("log lacks \"%s\"; log:\n%s", s, \
				 capture_text());                 \
	} while (0)
#define EXPECT_NO_LOG(s)                                        \
	do {                                                    \
		if (capture_contains(s))                        \
			fail_msg("log has \"%s\"; log:\n%s", s, \
				 capture_text());               \
	} while (0)

static struct sparsemm_config cfg;

static int setup(void **state)
{
	assert_int_equal(host_phys_init(SIM_BITS), 0);
	memblock_reset();
	fake_reset();
	acpi_tables_reset();
	numa_reset();
	numa_cpus_reset();
	numa_set_node_data_size(0);
	config_defaults(&cfg);
	capture_start();
	return 0;
}

static int teardown(void **state)
{
	capture_stop();
	memblock_reset();
	acpi_tables_reset();
	numa_reset();
	numa_cpus_reset();
	host_phys_exit();
	return 0;
}

static void add_ram(phys_addr_t base, phys_addr_t size)
{
	assert_int_equal(host_phys_populate(base, size), 0);
	assert_int_equal(memblock_add(base, size), 0);
}

/* The usable RAM of QEMU q35 -m 4G under OVMF, roughly: the low 640K, 1M
 * up to just below 2 GiB (OVMF keeps the top), and 2 GiB from 4 GiB. */
static void add_qemu_4g_ram(void)
{
	add_ram(0, 0xa0000);
	add_ram(SZ_1M, 0x7f000000 - SZ_1M);
	add_ram(0x100000000ULL, 2 * SZ_1G);
	/* "the image" and early tables, in node 0 as on QEMU */
	assert_int_equal(memblock_reserve(0x1000000, 0x800000), 0);
}

static void load_qemu_tables(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(qemu_acpi_blobs); i++)
		fake_add(qemu_acpi_blobs[i].pa, qemu_acpi_blobs[i].bytes,
			 qemu_acpi_blobs[i].len);
	assert_int_equal(acpi_tables_init(QEMU_RSDP_PA, fake_map), 0);
}

/* The node of the memblock memory region holding pa. */
static int nid_of(phys_addr_t pa)
{
	struct memblock_region *r;

	for_each_mem_region(r) if (pa >= r->base &&
				   pa < r->base + r->size) return r->nid;
	fail_msg("%#llx is not memory", (unsigned long long)pa);
	return -2;
}

static bool hotplug_at(phys_addr_t pa)
{
	struct memblock_region *r;

	for_each_mem_region(r) if (pa >= r->base &&
				   pa < r->base + r->size) return r->flags &
		MEMBLOCK_HOTPLUG;
	return false;
}

/* Linux 6.1 on this QEMU configuration prints (dmesg, same order):
 *   SRAT: PXM 0 -> APIC 0x00 -> Node 0
 *   SRAT: PXM 1 -> APIC 0x01 -> Node 1
 *   ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]
 *   ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]
 *   ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]
 *   ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]
 *   NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]
 *   NUMA: Node 1 [mem 0x40000000-0x7fffffff] + [mem 0x100000000-0x17fffffff] -> [mem 0x40000000-0x17fffffff]
 *   NODE_DATA(0) allocated [mem 0x3ffd5000-0x3fffffff]
 *   NODE_DATA(1) allocated [mem 0x17ffd5000-0x17fffffff]
 */
static void test_qemu_two_nodes(void **state)
{
	static const char *const lines[] = {
		"SRAT: PXM 0 -> APIC 0x00 -> Node 0\n",
		"SRAT: PXM 1 -> APIC 0x01 -> Node 1\n",
		"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n",
		"ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n",
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]\n",
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]\n",
		"NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]\n",
		"NUMA: Node 1 [mem 0x40000000-0x7fffffff] + [mem 0x100000000-0x17fffffff] -> [mem 0x40000000-0x17fffffff]\n",
		"NODE_DATA(0) allocated [mem 0x3ffd5000-0x3fffffff]\n",
		"NODE_DATA(1) allocated [mem 0x17ffd5000-0x17fffffff]\n",
		"ACPI: Using ACPI (MADT) for SMP configuration information\n",
	};
	const struct numa_cpu *cpus;
	const char *log, *at;
	unsigned int nr, nid, n = 0;
	u64 s, e;

	add_qemu_4g_ram();
	load_qemu_tables();
	numa_set_node_data_size(PGDAT_SIZE);
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();

	/* every line, in Linux's order */
	log = capture_text();
	for (unsigned int i = 0; i < ARRAY_SIZE(lines); i++) {
		at = strstr(log, lines[i]);
		if (!at) {
			fail_msg("missing or out of order: %s; log:\n%s",
				 lines[i], capture_text());
			return;
		}
		log = at + strlen(lines[i]);
	}
	EXPECT_NO_LOG("Faking");

	assert_false(numa_is_faked());
	assert_int_equal(numa_online_map_count(), 2);
	for_each_online_node(nid)
		n++;
	assert_int_equal(n, 2);
	assert_true(node_online(0) && node_online(1) && !node_online(2));
	assert_int_equal(numa_node_span(0, &s, &e), 0);
	assert_int_equal(s, 0);
	assert_int_equal(e, SZ_1G);
	assert_int_equal(numa_node_span(1, &s, &e), 0);
	assert_int_equal(s, SZ_1G);
	assert_int_equal(e, 0x180000000ULL);
	assert_int_equal(numa_get_meminfo()->nr_blks, 2);

	/* memblock: split at 1 GiB, nids set */
	assert_int_equal(nid_of(0), 0);
	assert_int_equal(nid_of(SZ_1G - 1), 0);
	assert_int_equal(nid_of(SZ_1G), 1);
	assert_int_equal(nid_of(0x17fffffffULL), 1);
	assert_int_equal(memblock_check(), 0);

	/* no SLIT: Linux's defaults */
	assert_int_equal(node_distance(0, 0), LOCAL_DISTANCE);
	assert_int_equal(node_distance(0, 1), REMOTE_DISTANCE);
	assert_int_equal(node_distance(1, 0), REMOTE_DISTANCE);

	/* node data blocks: zeroed, on their node, reserved */
	assert_non_null(numa_node_data(0));
	assert_int_equal((u8 *)numa_node_data(1) - host_phys_base,
			 0x17ffd5000ULL);
	assert_true(memblock_is_reserved(0x3ffd5000));
	assert_null(numa_node_data(2));

	/* CPUs */
	cpus = numa_cpu_list(&nr);
	assert_int_equal(nr, 2);
	for (unsigned int i = 0; i < 2; i++) {
		assert_int_equal(cpus[i].apic_id, i);
		assert_int_equal(cpus[i].acpi_id, i);
		assert_int_equal(cpus[i].node, (int)i);
		assert_true(cpus[i].enabled);
		assert_false(cpus[i].x2apic);
	}
	assert_int_equal(apicid_to_node(1), 1);
	assert_int_equal(pxm_to_node(1), 1);
	assert_int_equal(node_to_pxm(1), 1);
}

/* A machine built by hand (see build()): SRAT, optional SLIT, MADT. */
static struct tbuf t_srat, t_slit, t_madt, t_xsdt;
static struct acpi_table_rsdp t_rsdp;

#define PA_RSDP 0xe0000ULL
#define PA_XSDT 0x7ff00000ULL
#define PA_SRAT 0x7ff01000ULL
#define PA_SLIT 0x7ff02000ULL
#define PA_MADT 0x7ff03000ULL

/* Publish the tables built in t_srat / t_slit / t_madt (empty = absent). */
static void publish(void)
{
	u64 list[3];
	unsigned int n = 0;

	if (t_srat.len)
		list[n++] = PA_SRAT;
	if (t_slit.len)
		list[n++] = PA_SLIT;
	if (t_madt.len)
		list[n++] = PA_MADT;
	tb_root(&t_xsdt, ACPI_SIG_XSDT, 8, list, n);
	tb_rsdp(&t_rsdp, 2, 0, PA_XSDT);
	fake_reset();
	fake_add(PA_RSDP, &t_rsdp, sizeof(t_rsdp));
	fake_add(PA_XSDT, t_xsdt.b, t_xsdt.len);
	fake_add(PA_SRAT, t_srat.b, t_srat.len);
	fake_add(PA_SLIT, t_slit.b, t_slit.len);
	fake_add(PA_MADT, t_madt.b, t_madt.len);
	acpi_tables_init(PA_RSDP, fake_map);
}

static void clear_tables(void)
{
	t_srat.len = t_slit.len = t_madt.len = 0;
}

/*
 * 2 nodes: node 0 [0, 2G) with an xAPIC CPU, node 1 [4G, 6G) hot-pluggable
 * with an x2APIC CPU; RAM [0, 2G) and [4G, 6G).
 */
static void build_two_nodes(bool with_slit)
{
	static const u8 dist[4] = { 10, 21, 21, 10 };

	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_cpu(&t_srat, 0, 0, ACPI_SRAT_CPU_ENABLED);
	tb_srat_x2apic(&t_srat, 1, 0x100, ACPI_SRAT_CPU_ENABLED);
	tb_srat_mem(&t_srat, 0, 0, 2 * SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, 0x100000000ULL, 2 * SZ_1G,
		    ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE |
			    ACPI_SRAT_MEM_NON_VOLATILE);
	tb_finish(&t_srat);
	if (with_slit)
		tb_slit(&t_slit, 2, dist);
	tb_madt_begin(&t_madt, 5);
	tb_madt_lapic(&t_madt, 0, 0, ACPI_MADT_ENABLED);
	tb_madt_x2apic(&t_madt, 1, 0x100, ACPI_MADT_ENABLED);
	tb_finish(&t_madt);
	publish();
	add_ram(0, 2 * SZ_1G);
	add_ram(0x100000000ULL, 2 * SZ_1G);
	assert_int_equal(memblock_reserve(0x1000000, 0x100000), 0);
}

static void test_slit_distances_x2apic_hotplug(void **state)
{
	const struct numa_cpu *cpus;
	unsigned int nr;

	build_two_nodes(true);
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("SRAT: PXM 1 -> APIC 0x0100 -> Node 1\n");
	EXPECT_LOG(
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff] hotplug non-volatile\n");
	assert_int_equal(numa_online_map_count(), 2);
	assert_int_equal(node_distance(0, 1), 21);
	assert_int_equal(node_distance(1, 0), 21);
	assert_int_equal(node_distance(1, 1), LOCAL_DISTANCE);
	assert_int_equal(node_distance(5, 6), REMOTE_DISTANCE);

	/* node 1 holds nothing reserved: its memory stays hot-pluggable */
	assert_true(hotplug_at(0x100000000ULL));
	assert_false(hotplug_at(0));

	cpus = numa_cpu_list(&nr);
	assert_int_equal(nr, 2);
	assert_true(cpus[1].x2apic);
	assert_int_equal(cpus[1].apic_id, 0x100);
	assert_int_equal(cpus[1].node, 1);
	assert_int_equal(memblock_check(), 0);
}

/* Linux makes a node holding reserved memory non-hot-pluggable. */
static void test_hotplug_cleared_on_node_with_reserved(void **state)
{
	build_two_nodes(false);
	assert_int_equal(memblock_reserve(0x140000000ULL, 0x1000), 0);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	assert_false(hotplug_at(0x100000000ULL));
	assert_false(hotplug_at(0x17ffff000ULL));
	/* no SLIT here */
	assert_int_equal(node_distance(0, 1), REMOTE_DISTANCE);
}

/* Nodes are numbered in order of first appearance: CPU entries first, then
 * memory entries, whatever the PXM values. */
static void test_pxm_numbering_like_linux(void **state)
{
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_cpu(&t_srat, 5, 0, ACPI_SRAT_CPU_ENABLED);
	tb_srat_mem(&t_srat, 7, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_cpu(&t_srat, 2, 1, ACPI_SRAT_CPU_ENABLED);
	tb_srat_cpu(&t_srat, 9, 2, 0); /* disabled: maps nothing */
	tb_srat_mem(&t_srat, 2, SZ_1G, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 5, 2 * SZ_1G, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_finish(&t_srat);
	publish();
	add_ram(0, 3 * SZ_1G);

	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("SRAT: PXM 5 -> APIC 0x00 -> Node 0\n");
	EXPECT_LOG("SRAT: PXM 2 -> APIC 0x01 -> Node 1\n");
	EXPECT_LOG("ACPI: SRAT: Node 2 PXM 7 [mem 0x00000000-0x3fffffff]\n");
	EXPECT_LOG("ACPI: SRAT: Node 1 PXM 2 [mem 0x40000000-0x7fffffff]\n");
	EXPECT_LOG("ACPI: SRAT: Node 0 PXM 5 [mem 0x80000000-0xbfffffff]\n");
	EXPECT_NO_LOG("PXM 9");
	assert_int_equal(pxm_to_node(5), 0);
	assert_int_equal(pxm_to_node(2), 1);
	assert_int_equal(pxm_to_node(7), 2);
	assert_int_equal(pxm_to_node(9), NUMA_NO_NODE);
	assert_int_equal(node_to_pxm(2), 7);
	assert_int_equal(nid_of(0), 2);
	assert_int_equal(nid_of(2 * SZ_1G), 0);
	assert_int_equal(numa_online_map_count(), 3);
}

static void test_numa_off(void **state)
{
	const struct numa_cpu *cpus;
	unsigned int nr;

	build_two_nodes(true);
	cfg.numa_off = true;
	numa_set_node_data_size(PGDAT_SIZE);
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("NUMA turned off\n");
	EXPECT_LOG(
		"Faking a node at [mem 0x0000000000000000-0x000000017fffffff]\n");
	EXPECT_NO_LOG("SRAT");
	EXPECT_LOG("NODE_DATA(0) allocated [mem 0x17ffd5000-0x17fffffff]\n");
	EXPECT_NO_LOG("NODE_DATA(1)");
	assert_true(numa_is_faked());
	assert_int_equal(numa_online_map_count(), 1);
	assert_int_equal(nid_of(0), 0);
	assert_int_equal(nid_of(0x100000000ULL), 0);
	assert_false(hotplug_at(0x100000000ULL));
	assert_int_equal(node_distance(0, 1), REMOTE_DISTANCE);
	assert_int_equal(acpi_map_pxm_to_node(0), NUMA_NO_NODE);
	cpus = numa_cpu_list(&nr);
	assert_int_equal(nr, 2);
	assert_int_equal(cpus[0].node, 0);
	assert_int_equal(cpus[1].node, 0);
}

static void test_no_srat(void **state)
{
	clear_tables();
	tb_madt_begin(&t_madt, 3);
	tb_madt_lapic(&t_madt, 0, 0, ACPI_MADT_ENABLED);
	tb_finish(&t_madt);
	publish();
	add_ram(SZ_1M, 127 * SZ_1M);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("No NUMA configuration found\n");
	EXPECT_LOG(
		"Faking a node at [mem 0x0000000000000000-0x0000000007ffffff]\n");
	assert_int_equal(numa_online_map_count(), 1);
	assert_int_equal(nid_of(SZ_1M), 0);

	/* the simulator: no ACPI at all */
	acpi_tables_reset();
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("No NUMA configuration found\n");
	assert_int_equal(numa_online_map_count(), 1);
	numa_cpu_list(&nr_fake_blobs); /* any unsigned */
	assert_int_equal(nr_fake_blobs, 0);
}

/* Memory the SRAT misses: Linux refuses the SRAT and fakes one node. */
static void test_memory_not_covered(void **state)
{
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_mem(&t_srat, 0, 0, 0xa0000, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 0, SZ_1M, SZ_1G - SZ_1M, ACPI_SRAT_MEM_ENABLED);
	tb_finish(&t_srat);
	publish();
	add_ram(0, 0xa0000);
	add_ram(SZ_1M, 0x7f000000 - SZ_1M);
	add_ram(0x100000000ULL, 2 * SZ_1G);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG(
		"NUMA: nodes only cover 1023MB of your 4079MB e820 RAM. Not used.\n");
	EXPECT_LOG("No NUMA configuration found\n");
	EXPECT_LOG(
		"Faking a node at [mem 0x0000000000000000-0x000000017fffffff]\n");
	assert_true(numa_is_faked());
	assert_int_equal(nid_of(0x100000000ULL), 0);

	/* less than 1 MiB missing is tolerated ("we seem to lose 3 pages") */
	memblock_reset();
	capture_start();
	add_ram(0, SZ_1G + 0x80000);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_NO_LOG("nodes only cover");
	assert_false(numa_is_faked());
}

/* An SRAT entry for memory that is not there makes no node (QEMU's
 * hotplug area, a node whose DIMMs are absent). */
static void test_srat_block_without_memory_makes_no_node(void **state)
{
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_mem(&t_srat, 0, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, 0x200000000ULL, SZ_1G,
		    ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE);
	tb_srat_mem(&t_srat, 2, 0, 0, 0); /* QEMU's empty filler entry */
	tb_finish(&t_srat);
	publish();
	add_ram(0, SZ_1G);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG(
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x200000000-0x23fffffff] hotplug\n");
	assert_false(numa_is_faked());
	assert_int_equal(numa_online_map_count(), 1);
	assert_false(node_online(1));
	assert_true(node_possible(1));
	assert_int_equal(numa_get_meminfo()->nr_blks, 1);
}

static void test_broken_srat_falls_back(void **state)
{
	/* bad checksum: the table is rejected, so there is no SRAT */
	build_two_nodes(false);
	t_srat.b[50] ^= 1;
	capture_start();
	publish();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("Incorrect checksum in table [SRAT]");
	EXPECT_LOG("No NUMA configuration found\n");
	assert_int_equal(numa_online_map_count(), 1);

	/* a memory entry with a bad length: "SRAT not used." */
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_mem(&t_srat, 0, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, 0x100000000ULL, SZ_1G,
		    ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE);
	t_srat.b[t_srat.len - 40 + 1] = 36; /* second entry's length */
	t_srat.len -= 4;
	tb_finish(&t_srat);
	publish();
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("ACPI: SRAT: Unexpected header length: 36");
	EXPECT_LOG("ACPI: SRAT: SRAT not used.\n");
	EXPECT_LOG("No NUMA configuration found\n");
	assert_int_equal(numa_online_map_count(), 1);
	/* the hotplug mark of the attempt is gone */
	assert_false(hotplug_at(0x100000000ULL));
}

static void test_overlapping_nodes_fall_back(void **state)
{
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_mem(&t_srat, 0, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, SZ_1G - SZ_1M, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_finish(&t_srat);
	publish();
	add_ram(0, 2 * SZ_1G);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG(
		"node 0 [mem 0x00000000-0x3fffffff] overlaps with node 1 [mem 0x3ff00000-0x7fefffff]\n");
	EXPECT_LOG("No NUMA configuration found\n");
	assert_int_equal(numa_online_map_count(), 1);
}

static void test_invalid_slit_ignored(void **state)
{
	static const u8 bad[4] = { 10, 5, 5, 10 };

	build_two_nodes(false);
	tb_slit(&t_slit, 2, bad);
	publish();
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("ACPI: SLIT table looks invalid. Not used.\n");
	assert_int_equal(numa_online_map_count(), 2);
	assert_int_equal(node_distance(0, 1), REMOTE_DISTANCE);
}

/* A CPU whose node has no memory brings that node online, memoryless,
 * with its own data block (Linux's init_cpu_to_node); a CPU without SRAT
 * node gets the online nodes in turn. */
static void test_memoryless_cpu_node(void **state)
{
	const struct numa_cpu *cpus;
	unsigned int nr;

	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_cpu(&t_srat, 0, 0, ACPI_SRAT_CPU_ENABLED);
	tb_srat_cpu(&t_srat, 1, 1, ACPI_SRAT_CPU_ENABLED);
	tb_srat_mem(&t_srat, 0, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_finish(&t_srat);
	tb_madt_begin(&t_madt, 3);
	tb_madt_lapic(&t_madt, 0, 0, ACPI_MADT_ENABLED);
	tb_madt_lapic(&t_madt, 1, 1, ACPI_MADT_ENABLED);
	tb_madt_lapic(&t_madt, 2, 2, ACPI_MADT_ENABLED);
	tb_finish(&t_madt);
	publish();
	add_ram(0, SZ_1G);
	numa_set_node_data_size(PGDAT_SIZE);
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG("NODE_DATA(1) allocated [mem 0x3ffaa000-0x3ffd4fff]\n");
	EXPECT_LOG("    NODE_DATA(1) on node 0\n");
	assert_int_equal(numa_online_map_count(), 2);
	cpus = numa_cpu_list(&nr);
	assert_int_equal(nr, 3);
	assert_int_equal(cpus[0].node, 0);
	assert_int_equal(cpus[1].node, 1);
	assert_int_equal(cpus[2].node, 0); /* no SRAT entry: round-robin */
	assert_int_equal(numa_node_span(1, &(u64){ 0 }, &(u64){ 0 }), -ENOENT);
}

/* MADT rules: invalid ids, duplicates, disabled entries by revision. */
static void test_madt_cpu_rules(void **state)
{
	const struct numa_cpu *cpus;
	unsigned int nr;

	clear_tables();
	tb_madt_begin(&t_madt, 5);
	tb_madt_lapic(&t_madt, 0, 0, ACPI_MADT_ENABLED);
	tb_madt_lapic(&t_madt, 1, 0xff, ACPI_MADT_ENABLED); /* invalid id */
	tb_madt_lapic(&t_madt, 2, 2, 0); /* rev 5, not online-capable */
	tb_madt_lapic(&t_madt, 3, 3, ACPI_MADT_ONLINE_CAPABLE);
	tb_madt_x2apic(&t_madt, 4, 0, ACPI_MADT_ENABLED); /* duplicate */
	tb_madt_x2apic(&t_madt, 5, 0xffffffff, ACPI_MADT_ENABLED);
	tb_madt_x2apic(&t_madt, 6, 0x200, ACPI_MADT_ENABLED);
	tb_finish(&t_madt);
	publish();
	add_ram(0, SZ_1G);
	capture_start();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_LOG(
		"MADT lists APIC id 0x0 twice (X2APIC entry, uid 0x4): duplicate ignored");
	cpus = numa_cpu_list(&nr);
	assert_int_equal(nr, 3);
	assert_int_equal(cpus[0].apic_id, 0);
	assert_int_equal(cpus[1].apic_id, 3);
	assert_false(cpus[1].enabled);
	assert_true(cpus[1].online_capable);
	assert_int_equal(cpus[2].apic_id, 0x200);
	assert_true(cpus[2].x2apic);
	assert_int_equal(cpus[2].acpi_id, 6);

	/* before revision 5 a disabled CPU is kept (hot-add possible) */
	clear_tables();
	tb_madt_begin(&t_madt, 3);
	tb_madt_lapic(&t_madt, 0, 0, ACPI_MADT_ENABLED);
	tb_madt_lapic(&t_madt, 2, 2, 0);
	tb_finish(&t_madt);
	publish();
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	cpus = numa_cpu_list(&nr);
	assert_int_equal(nr, 2);
	assert_false(cpus[1].enabled);
}

/* v6.1 leaves a node spanning less than 4 MiB offline. */
static void test_tiny_node_stays_offline(void **state)
{
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_mem(&t_srat, 0, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, SZ_1G, 2 * SZ_1M, ACPI_SRAT_MEM_ENABLED);
	tb_finish(&t_srat);
	publish();
	add_ram(0, SZ_1G + 2 * SZ_1M);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	assert_true(node_online(0));
	assert_false(node_online(1));
	assert_int_equal(nid_of(SZ_1G), 1);
}

/* Linux merges same-node blocks only when no other node lies between. */
static void test_no_merge_across_other_node(void **state)
{
	clear_tables();
	tb_srat_begin(&t_srat, 3);
	tb_srat_mem(&t_srat, 0, 0, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, SZ_1G, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 0, 2 * SZ_1G, SZ_1G, ACPI_SRAT_MEM_ENABLED);
	tb_finish(&t_srat);
	publish();
	add_ram(0, 3 * SZ_1G);
	assert_int_equal(numa_init(&cfg), 0);
	numa_cpus_init();
	EXPECT_NO_LOG("NUMA: Node 0 [mem");
	assert_int_equal(numa_get_meminfo()->nr_blks, 3);
	assert_int_equal(nid_of(2 * SZ_1G), 0);
	assert_int_equal(nid_of(SZ_1G), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_qemu_two_nodes),
		T(test_slit_distances_x2apic_hotplug),
		T(test_hotplug_cleared_on_node_with_reserved),
		T(test_pxm_numbering_like_linux),
		T(test_numa_off),
		T(test_no_srat),
		T(test_memory_not_covered),
		T(test_srat_block_without_memory_makes_no_node),
		T(test_broken_srat_falls_back),
		T(test_overlapping_nodes_fall_back),
		T(test_invalid_slit_ignored),
		T(test_memoryless_cpu_node),
		T(test_madt_cpu_rules),
		T(test_tiny_node_stays_offline),
		T(test_no_merge_across_other_node),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
