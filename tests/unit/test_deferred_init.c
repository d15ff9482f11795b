// SPDX-License-Identifier: MIT
/*
 * Struct page initialization split over CPUs (mm/deferred_init.c,
 * memmap_init_chunk in mm/memmap_init.c) gives the same struct pages, byte
 * for byte, as one CPU doing it all; and the check after the work catches a
 * CPU whose share was missed or done twice.
 *
 * The machine has what makes the split hard: a section holding two nodes,
 * a node whose sections are not contiguous, a node without CPUs (its
 * sections are shared by all CPUs), a CPU on a node without memory, holes
 * and reserved memory inside sections.  The CPUs are run one after the
 * other, in a shuffled order, each as its own smp_processor_id().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host.h>
#include <mm/deferred_init.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/mmzone.h>
#include <mm/page.h>
#include <mm/sparse.h>

#include "capture.h"
#include "mm_machine.h"

#define MiB (1ULL << 20)
#define SECTION_BYTES (PAGES_PER_SECTION * sizeof(struct page))

/*
 * node 0: [16M, 300M) and [2G, 2.25G)   CPUs 0 and 2
 * node 1: [300M, 700M)                  CPUs 1 and 3 (section 2 holds
 *                                       nodes 0 and 1)
 * node 2: [1G, 1.5G)                    no CPU
 * node 3: no memory                     CPU 4
 */
static const struct mm_range machine[] = {
	{ 16 * MiB, 284 * MiB, 0, 0 },
	{ 300 * MiB, 400 * MiB, 1, 0 },
	{ 1024 * MiB, 512 * MiB, 2, 0 },
	{ 2048 * MiB, 256 * MiB, 0, 0 },
	{ 0, 0, 3, 0 },
};
static const phys_addr_t reserved[][2] = {
	{ 20 * MiB, 1 * MiB },
	{ 400 * MiB, 3 * MiB },
	{ 1100 * MiB, 64 * 1024 },
};

#define NR_TEST_CPUS 5
static const int test_cpu_node[NR_TEST_CPUS] = { 0, 1, 0, 1, 3 };

/* The order the fake platform runs its CPUs in, and what to get wrong. */
static const unsigned int run_order[NR_TEST_CPUS] = { 3, 0, 4, 2, 1 };
static int skip_cpu = -1, twice_cpu = -1;

static void run_cpus(unsigned int ncpus, void (*fn)(void *arg), void *arg)
{
	assert_int_equal(ncpus, NR_TEST_CPUS);
	for (unsigned int i = 0; i < NR_TEST_CPUS; i++) {
		unsigned int cpu = run_order[i];

		if ((int)cpu == skip_cpu)
			continue;
		host_set_cpu(cpu);
		fn(arg);
		if ((int)cpu == twice_cpu)
			fn(arg);
	}
	host_set_cpu(0);
}

static int cpu_node(unsigned int cpu)
{
	return cpu < NR_TEST_CPUS ? test_cpu_node[cpu] : -1;
}

static const struct mm_cpus test_cpus = {
	.nr_cpus = NR_TEST_CPUS,
	.run = run_cpus,
	.cpu_node = cpu_node,
};

static bool is_deferred(unsigned long nr)
{
	struct mem_section *ms = __nr_to_section(nr);

	return valid_section(ms) && early_section(ms);
}

/* Every struct page of every present early section, in section order. */
static unsigned char *snapshot(size_t *bytes)
{
	unsigned long nr, n = 0;
	unsigned char *buf;

	for_each_present_section_nr(0, nr)
		if (is_deferred(nr))
			n++;
	buf = malloc(n * SECTION_BYTES);
	assert_non_null(buf);
	n = 0;
	for_each_present_section_nr(0, nr)
		if (is_deferred(nr))
			memcpy(buf + SECTION_BYTES * n++,
			       pfn_to_page(section_nr_to_pfn(nr)),
			       SECTION_BYTES);
	*bytes = n * SECTION_BYTES;
	return buf;
}

/* Struct pages overwritten with a pattern, pageblocks made unmovable:
 * whatever the next run does not write shows. */
static void scribble(void)
{
	unsigned long nr, pfn;

	for_each_present_section_nr(0, nr) {
		if (!is_deferred(nr))
			continue;
		pfn = section_nr_to_pfn(nr);
		memset(pfn_to_page(pfn), 0x5a, SECTION_BYTES);
		/* By pfn: a scribbled page has no section for page_to_pfn. */
		for (; pfn < section_nr_to_pfn(nr + 1);
		     pfn += pageblock_nr_pages)
			set_pfnblock_flags_mask(pfn_to_page(pfn),
						MIGRATE_UNMOVABLE, pfn,
						MIGRATETYPE_MASK);
	}
}

static void assert_all_movable(void)
{
	unsigned long nr, pfn;

	for_each_present_section_nr(0, nr)
		if (is_deferred(nr))
			for (pfn = section_nr_to_pfn(nr);
			     pfn < section_nr_to_pfn(nr + 1);
			     pfn += pageblock_nr_pages)
				assert_int_equal(get_pageblock_migratetype(
							 pfn_to_page(pfn)),
						 MIGRATE_MOVABLE);
}

static unsigned char *serial;
static size_t serial_bytes;

/* The machine, and its struct pages as one call over all of it writes
 * them: the serial initialization, the reference. */
static void boot_and_init_serially(void)
{
	mm_machine_boot(machine, ARRAY_SIZE(machine), reserved,
			ARRAY_SIZE(reserved), NULL, true);
	scribble();
	memmap_init_chunk(0,
			  section_nr_to_pfn(__highest_present_section_nr + 1),
			  NUMA_NO_NODE);
	assert_all_movable();
	/* Node, zone and section of every page as memblock says. */
	assert_int_equal(sparse_check_pfns(true, 8), 0);
	serial = snapshot(&serial_bytes);
	/* Sections 0-2 and 16-17 (node 0), 3-5 (node 1), 8-11 (node 2). */
	assert_int_equal(serial_bytes, 12 * SECTION_BYTES);
}

static int teardown(void **state)
{
	free(serial);
	serial = NULL;
	skip_cpu = twice_cpu = -1;
	mm_machine_reset();
	return 0;
}

static void assert_same_as_serial(void)
{
	size_t bytes;
	unsigned char *now = snapshot(&bytes);

	assert_int_equal(bytes, serial_bytes);
	for (size_t off = 0; off < bytes; off += sizeof(struct page))
		if (memcmp(now + off, serial + off, sizeof(struct page)))
			fail_msg(
				"struct page %zu of the present sections differs",
				off / sizeof(struct page));
	free(now);
	assert_all_movable();
}

/* Five CPUs, shuffled: the same bytes; every CPU of a node with memory did
 * some of its own node; the CPU of the memoryless node only helped the
 * node without CPUs; the counts add up. */
static void test_cpus_give_the_serial_result(void **state)
{
	const struct deferred_init_stats *s = deferred_init_stats();
	unsigned long sum = 0;

	boot_and_init_serially();
	scribble();
	deferred_init_set_cpus(&test_cpus);
	assert_int_equal(memmap_init(), 0);
	assert_same_as_serial();
	/* And memmap_init() on the calling CPU alone. */
	scribble();
	deferred_init_set_cpus(NULL);
	assert_int_equal(memmap_init(), 0);
	assert_same_as_serial();
	scribble();
	deferred_init_set_cpus(&test_cpus);
	assert_int_equal(memmap_init(), 0);

	assert_int_equal(s->nr_cpus, NR_TEST_CPUS);
	for (unsigned int cpu = 0; cpu < NR_TEST_CPUS; cpu++) {
		assert_int_equal(s->cpu[cpu].node, test_cpu_node[cpu]);
		assert_true(s->cpu[cpu].pages > 0);
		sum += s->cpu[cpu].pages;
	}
	for (unsigned int cpu = 0; cpu < 4; cpu++)
		assert_true(s->cpu[cpu].local_pages > 0);
	assert_int_equal(s->cpu[4].local_pages, 0);
	assert_int_equal(sum, s->pages);
	assert_int_equal(sum * sizeof(struct page), serial_bytes);
	assert_int_equal(s->node[0].nr_cpus, 2);
	assert_int_equal(s->node[1].nr_cpus, 2);
	assert_int_equal(s->node[2].nr_cpus, 0);
	/* Node 2's 4 sections, shared by 5 CPUs: one each for four. */
	assert_int_equal(s->node[2].pages, 4 * PAGES_PER_SECTION);
	deferred_init_print();
	assert_true(capture_contains("node 2 deferred pages initialised in "));
	assert_true(capture_contains(
		"sparsemm: deferred init: CPU 4 (node 3): 32768 struct pages (0 node-local) in "));
}

/* One chunk per section, in a scrambled order, then the node fix-ups of
 * the split section: still the same bytes. */
static void test_chunks_in_any_order(void **state)
{
	unsigned long nrs[64], n = 0, nr;

	boot_and_init_serially();
	scribble();
	for_each_present_section_nr(0, nr)
		if (is_deferred(nr))
			nrs[n++] = nr;
	assert_true(n <= ARRAY_SIZE(nrs));
	for (unsigned long i = 0; i < n; i++) {
		unsigned long k = (i * 7 + 3) % n; /* 7 is prime to n here */

		assert_int_equal(
			memmap_init_chunk(section_nr_to_pfn(nrs[k]),
					  section_nr_to_pfn(nrs[k] + 1),
					  NUMA_NO_NODE),
			PAGES_PER_SECTION);
	}
	assert_same_as_serial();
}

/* Shares of a node are disjoint, contiguous, cover its sections once, and
 * differ by a section at most. */
static void test_shares_partition_a_node(void **state)
{
	unsigned long start, end, prev_end = 0, total = 0, nr, min = ~0UL,
				  max = 0;

	boot_and_init_serially();
	for (unsigned int i = 0; i < 3; i++) {
		unsigned long k = 0;

		assert_true(deferred_init_share(0, i, 3, &start, &end));
		assert_true(start >= prev_end);
		for (nr = pfn_to_section_nr(start); nr < pfn_to_section_nr(end);
		     nr++)
			if (is_deferred(nr) &&
			    section_nid(__nr_to_section(nr)) == 0)
				k++;
		total += k;
		min = MIN(min, k);
		max = MAX(max, k);
		prev_end = end;
	}
	for_each_present_section_nr(0, nr)
		if (is_deferred(nr) && section_nid(__nr_to_section(nr)) == 0)
			total--;
	assert_int_equal(total, 0);
	assert_true(max - min <= 1);
	/* More shares than sections: one section each for five of them. */
	total = 0;
	for (unsigned int i = 0; i < 64; i++)
		if (deferred_init_share(0, i, 64, &start, &end)) {
			assert_int_equal(end - start, PAGES_PER_SECTION);
			total++;
		}
	assert_int_equal(total, 5);
}

/* A CPU that never ran: its sections are reported missed. */
static void test_missed_share_is_caught(void **state)
{
	boot_and_init_serially();
	deferred_init_set_cpus(&test_cpus);
	skip_cpu = 2;
	assert_int_equal(memmap_init(), -EINVAL);
	assert_true(capture_contains("missed: no CPU initialized it"));
}

/* A CPU that ran twice: its sections were initialized twice. */
static void test_doubled_share_is_caught(void **state)
{
	boot_and_init_serially();
	deferred_init_set_cpus(&test_cpus);
	twice_cpu = 1;
	assert_int_equal(memmap_init(), -EINVAL);
	assert_true(capture_contains("sections initialized more than once"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_cpus_give_the_serial_result,
					  teardown),
		cmocka_unit_test_teardown(test_chunks_in_any_order, teardown),
		cmocka_unit_test_teardown(test_shares_partition_a_node,
					  teardown),
		cmocka_unit_test_teardown(test_missed_share_is_caught,
					  teardown),
		cmocka_unit_test_teardown(test_doubled_share_is_caught,
					  teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
