// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the buddy allocator and its per-CPU lists under operation
 * sequences, on a small synthetic machine booted through the real pipeline
 * (tests/unit/mm_machine.c: memblock -> sparse_init -> free_area_init ->
 * memmap_init -> page_alloc_init) afresh for every input.
 *
 * Input: [machine u8] then operations of 3 bytes until the input ends (at
 * most MAX_OPS): op, a, b.  The machine byte picks one of four shapes
 * (one node with the ISA hole; two nodes; holes and reservations; memory
 * above 4 GiB), movablecore=25% or not, and 1 or 2 CPUs.  Operations:
 * alloc (order 0..11, a GFP mix including impossible zone and mobility
 * combinations, __GFP_ZERO, __GFP_COMP), free, free with the wrong order
 * (must be refused), bulk alloc, get_zeroed_page/free_pages, switch CPU
 * (including one with no per-CPU lists), drain.
 *
 * Oracles, after every operation: mm_check_free_lists() == 0.  For every
 * block handed out: naturally aligned, inside a zone the GFP allows
 * (DMA below 16 MiB, DMA32 below 4 GiB), refcount 1, zeroed when asked,
 * compound when asked; an impossible request gets NULL.  Each live block
 * carries a tag in the first word of each page, checked when it is freed:
 * two live blocks that overlap destroy each other's tags.  A refused free
 * changes no free count.  At the end everything is freed and drained, and
 * the free page count is back to what it was after boot.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/host.h>
#include <mm/gfp.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/page_alloc_internal.h>
#include <mm/sparse.h>

#include "../unit/mm_machine.h"
#include "fuzz.h"

#define MAX_LIVE 256
#define MAX_OPS 400
#define TAG 0x5a5a000000000000ULL

static const gfp_t gfps[] = {
	GFP_KERNEL,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_DMA,
	GFP_DMA32,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_TRANSHUGE_LIGHT,
	GFP_KERNEL | __GFP_DMA32 | __GFP_HIGHMEM, /* impossible zone */
	GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE, /* both mobility */
	GFP_KERNEL | __GFP_HIGH | __GFP_MEMALLOC,
	GFP_KERNEL | __GFP_NORETRY,
	GFP_KERNEL | __GFP_RETRY_MAYFAIL,
	GFP_KERNEL | __GFP_THISNODE,
	GFP_USER,
	GFP_NOIO | __GFP_DMA,
};

struct live {
	struct page *page;
	unsigned int order;
};

static struct live live[MAX_LIVE];
static unsigned int nr_live;

static u64 tag_of(unsigned long pfn)
{
	return TAG ^ pfn;
}

static unsigned long free_and_listed(void)
{
	struct zone *z;
	unsigned long n = global_free_pages();

	for_each_populated_zone(z)
		n += zone_page_state(z, NR_ZONE_PCP_PAGES);
	return n;
}

static void boot(u8 shape)
{
	static const struct mm_range one[] = {
		{ 0x1000, 0x9f000, 0, 0 },
		{ 0x100000, 63 * SZ_1M, 0, 0 },
	};
	/* Node boundaries on sections: a page's node is its section's
	 * (mm/memmap_init.c), so two nodes cannot share a section. */
	static const struct mm_range two[] = {
		/* Node 1 starts inside section 0: a section holding two
		 * nodes (memmap_init gives each page memblock's node). */
		{ 0x100000, 95 * SZ_1M, 0, 0 },
		{ 96 * SZ_1M, 64 * SZ_1M, 1, 0 },
	};
	static const struct mm_range holes[] = {
		{ 0x100000, 23 * SZ_1M, 0, 0 },
		{ 40 * SZ_1M + 0x3000, 32 * SZ_1M - 0x3000, 0, 0 },
	};
	static const phys_addr_t holes_res[][2] = {
		{ 2 * SZ_1M, 0x5000 },
		{ 50 * SZ_1M + 0x1000, SZ_1M },
	};
	static const struct mm_range high[] = {
		{ 0x100000, 15 * SZ_1M, 0, 0 },
		{ SZ_4G, 48 * SZ_1M, 0, 0 },
	};
	struct zones_config cfg = {
		.nr_cpus = shape & 4 ? 2 : 1,
		.movablecore_percent = shape & 8 ? 25 : 0,
	};

	switch (shape % 4) {
	case 0:
		mm_machine_boot(one, 2, NULL, 0, &cfg, false);
		break;
	case 1:
		mm_machine_boot(two, 2, NULL, 0, &cfg, false);
		break;
	case 2:
		mm_machine_boot(holes, 2, holes_res, 2, &cfg, false);
		break;
	default:
		mm_machine_boot(high, 2, NULL, 0, &cfg, false);
		break;
	}
	/* The memory model's invariants on the machine just built: every
	 * present pfn round-trips, carries its section, node and zone, and
	 * absent sections are !pfn_valid. */
	FZ_CHECK(sparse_check_pfns(true, 8) == 0,
		 "sparse_check_pfns found violations on shape %u", shape);
}

/* Check a block just handed out for gfp, zero it if needed, tag it. */
static void take(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long pfn = page_to_pfn(page), i;
	unsigned int zi = page_zonenum(page);
	u8 *va = page_address(page);

	FZ_CHECK(pfn % (1UL << order) == 0, "pfn %#lx order %u misaligned", pfn,
		 order);
	FZ_CHECK(zi <= gfp_zone(gfp), "pfn %#lx in zone %u, gfp %#x allows %u",
		 pfn, zi, gfp, gfp_zone(gfp));
	if (gfp_zone(gfp) == ZONE_DMA)
		FZ_CHECK(pfn + (1UL << order) <= MAX_DMA_PFN, "DMA pfn %#lx",
			 pfn);
	if (gfp_zone(gfp) == ZONE_DMA32)
		FZ_CHECK(pfn + (1UL << order) <= MAX_DMA32_PFN,
			 "DMA32 pfn %#lx", pfn);
	FZ_CHECK(page_ref_count(page) == 1, "pfn %#lx refcount %d", pfn,
		 page_ref_count(page));
	if (gfp & __GFP_COMP && order)
		FZ_CHECK(PageHead(page) && compound_order(page) == order,
			 "pfn %#lx not a compound page of order %u", pfn,
			 order);
	if (gfp & __GFP_ZERO)
		for (i = 0; i < (PAGE_SIZE << order); i++)
			FZ_CHECK(va[i] == 0, "pfn %#lx byte %lu not zero", pfn,
				 i);
	for (i = 0; i < (1UL << order); i++)
		*(u64 *)(va + i * PAGE_SIZE) = tag_of(pfn + i);
	if (nr_live == MAX_LIVE) {
		__free_pages(live[0].page, live[0].order);
		live[0] = live[--nr_live];
	}
	live[nr_live++] = (struct live){ page, order };
}

static void give_back(unsigned int idx)
{
	struct live l = live[idx];
	unsigned long pfn = page_to_pfn(l.page), i;
	u8 *va = page_address(l.page);

	for (i = 0; i < (1UL << l.order); i++)
		FZ_CHECK(
			*(u64 *)(va + i * PAGE_SIZE) == tag_of(pfn + i),
			"block pfn %#lx order %u: page %lu overwritten (%#llx): "
			"another live block overlaps it",
			pfn, l.order, i,
			(unsigned long long)*(u64 *)(va + i * PAGE_SIZE));
	live[idx] = live[--nr_live];
	__free_pages(l.page, l.order);
}

static bool is_compound(const struct live *l)
{
	return l->order && PageHead(l->page);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long initial;
	unsigned int ops = 0;
	struct fz f;
	long bad;

	fz_quiet();
	fz_init(&f, data, size);
	boot(fz_u8(&f));
	nr_live = 0;
	drain_all_pages(NULL);
	initial = free_and_listed();

	while (fz_more(&f) && ops++ < MAX_OPS) {
		u8 op = fz_u8(&f), a = fz_u8(&f), b = fz_u8(&f);
		unsigned int order = a % (MAX_PAGE_ORDER + 2);
		gfp_t gfp = gfps[b % ARRAY_SIZE(gfps)];
		struct page *page;

		if (b & 0x10)
			gfp |= __GFP_ZERO;
		if (b & 0x20)
			gfp |= __GFP_COMP;
		if (b & 0x40)
			gfp |= __GFP_NOWARN;
		switch (op % 10) {
		case 0:
		case 1:
		case 2:
			page = alloc_pages(gfp, order);
			if (!gfp_zone_valid(gfp) ||
			    (gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK ||
			    order > MAX_PAGE_ORDER)
				FZ_CHECK(!page,
					 "impossible request gfp %#x order %u "
					 "served",
					 gfp, order);
			if (page)
				take(page, order, gfp);
			break;
		case 3:
		case 4:
		case 5:
			if (nr_live)
				give_back(a % nr_live);
			break;
		case 6:
			/* The wrong order must be refused, the block untouched. */
			if (nr_live && !is_compound(&live[a % nr_live])) {
				struct live *l = &live[a % nr_live];
				unsigned long before = free_and_listed();
				unsigned int wrong =
					b & 1 ? l->order + 1 :
						(l->order ? l->order - 1 : 1);

				__free_pages(l->page, wrong);
				FZ_CHECK(
					free_and_listed() == before,
					"free of order %u with order %u changed "
					"the free count %lu -> %lu",
					l->order, wrong, before,
					free_and_listed());
			}
			break;
		case 7: {
			struct page *pages[16] = { NULL };
			unsigned long n, i;

			n = alloc_pages_bulk_array(gfp & ~(__GFP_COMP |
							   __GFP_ZERO),
						   1 + a % 16, pages);
			FZ_CHECK(n <= 1 + a % 16u, "bulk filled %lu of %u", n,
				 1 + a % 16u);
			for (i = 0; i < 16; i++)
				if (pages[i])
					take(pages[i], 0,
					     gfp & ~(__GFP_COMP | __GFP_ZERO));
			break;
		}
		case 8: {
			unsigned long addr = get_zeroed_page(gfp & ~__GFP_COMP);

			if (addr) {
				for (unsigned int i = 0; i < PAGE_SIZE; i++)
					FZ_CHECK(((u8 *)addr)[i] == 0,
						 "get_zeroed_page byte %u", i);
				free_pages(addr, 0);
			}
			break;
		}
		default:
			if (a & 1)
				drain_all_pages(NULL);
			else if (a & 2)
				drain_local_pages(NULL);
			/* CPU nr_cpu_ids has no per-CPU lists: buddy path */
			host_set_cpu(b % (nr_cpu_ids + 1));
			break;
		}
		bad = mm_check_free_lists();
		FZ_CHECK(bad == 0, "op %u (%u): %ld free-list problems", ops,
			 op % 10u, bad);
	}
	while (nr_live)
		give_back(nr_live - 1);
	host_set_cpu(0);
	drain_all_pages(NULL);
	FZ_CHECK(mm_check_free_lists() == 0, "free lists after freeing all");
	FZ_CHECK(free_and_listed() == initial,
		 "%lu pages free after freeing everything, %lu after boot",
		 free_and_listed(), initial);
	return 0;
}
