/* SPDX-License-Identifier: MIT */
/*
 * What the memblock unit tests share (tests/unit/test_memblock*.c): the
 * simulated-RAM set-up, adding RAM, and EXPECT(), which asserts a whole
 * collection region by region.  Header-only so that each test binary has
 * its own copy.
 */
#ifndef TESTS_UNIT_MEMBLOCK_CASES_H
#define TESTS_UNIT_MEMBLOCK_CASES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <arch/arch.h>
#include <arch/host.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/pfn.h>

#include "capture.h"

#define SIM_BITS 36 /* 64 GiB of simulated physical address space */
#define SZ_4K 0x1000ULL
#define SZ_8K 0x2000ULL
#define TOP_1G (SZ_1G + SZ_16M) /* end of the "big RAM" region used below */

#define CHECK() assert_int_equal(memblock_check(), 0)

struct rgn {
	phys_addr_t base, size;
	int nid;
	unsigned int flags;
};

static inline int setup(void **state)
{
	memblock_reset();
	memblock_debug = 0;
	assert_int_equal(host_phys_init(SIM_BITS), 0);
	return 0;
}

static inline int teardown(void **state)
{
	memblock_debug = 0;
	capture_stop();
	memblock_reset();
	host_phys_exit();
	return 0;
}

/* Make [base, base + size) simulated RAM and add it to memblock. */
static inline void add_ram_node(phys_addr_t base, phys_addr_t size, int nid,
				unsigned int flags)
{
	phys_addr_t a = ALIGN_DOWN(base, SZ_4K);
	phys_addr_t e = ALIGN_UP(base + size, SZ_4K);

	assert_int_equal(host_phys_populate(a, e - a), 0);
	assert_int_equal(memblock_add_node(base, size, nid, flags), 0);
	CHECK();
}

static inline void add_ram(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t a = ALIGN_DOWN(base, SZ_4K);
	phys_addr_t e = ALIGN_UP(base + size, SZ_4K);

	assert_int_equal(host_phys_populate(a, e - a), 0);
	assert_int_equal(memblock_add(base, size), 0);
	CHECK();
}

/* The collection is exactly 'want' (base, size, nid, flags), in order. */
static inline void expect(const struct memblock_type *t, const struct rgn *want,
			  unsigned long n)
{
	phys_addr_t total = 0;
	unsigned long i;

	assert_int_equal(t->cnt, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(t->regions[i].base, want[i].base);
		assert_int_equal(t->regions[i].size, want[i].size);
		assert_int_equal(t->regions[i].nid, want[i].nid);
		assert_int_equal(t->regions[i].flags, want[i].flags);
		total += want[i].size;
	}
	assert_int_equal(t->total_size, total);
	CHECK();
}

#define EXPECT(t, ...)                                   \
	do {                                             \
		const struct rgn w_[] = { __VA_ARGS__ }; \
		expect(t, w_, ARRAY_SIZE(w_));           \
	} while (0)
#define R(b, s)                                       \
	{                                             \
		(b), (s), NUMA_NO_NODE, MEMBLOCK_NONE \
	}
#define RN(b, s, n, f)             \
	{                          \
		(b), (s), (n), (f) \
	}

static struct memblock_type *const mem __unused = &memblock.memory;
static struct memblock_type *const rsv __unused = &memblock.reserved;

#endif
