// SPDX-License-Identifier: MIT
/*
 * The baseline allocator: one bare LIFO free list per order over a
 * private arena, carved on demand and never split or merged.  It is the
 * least work an allocator can do per request (a pop and a push), so a
 * sparsemm figure divided by this one is the price of everything the buddy
 * allocator does beyond that: watermarks, zones, per-CPU lists, splitting,
 * merging, page state checks.  Single-threaded.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mm/mmzone_sections.h>
#include <mm/pfn.h>

#include <arch/arch.h>

#include "bench.h"

#define ARENA (512UL << 20)

struct lifo_block {
	struct lifo_block *next;
};

static u8 *arena, *bump;
static struct lifo_block *lists[MAX_PAGE_ORDER + 1];

static int l_init(const char *map, unsigned int nr_cpus)
{
	if (!arena) {
		void *p = mmap(NULL, ARENA * 2, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			       0);

		if (p == MAP_FAILED)
			return -1;
		/* aligned to the largest block, as buddy blocks are */
		arena = (u8 *)ALIGN_UP((uintptr_t)p,
				       PAGE_SIZE << MAX_PAGE_ORDER);
	}
	bump = arena;
	memset(lists, 0, sizeof(lists));
	return 0;
}

static void *l_alloc(unsigned int order, gfp_t gfp)
{
	struct lifo_block *b = lists[order];
	size_t size = PAGE_SIZE << order;

	if (b) {
		lists[order] = b->next;
	} else {
		if (bump + size > arena + ARENA)
			return NULL;
		b = (struct lifo_block *)bump;
		bump += size;
	}
	if (gfp & __GFP_ZERO)
		arch_clear_pages(b, size); /* as sparsemm zeroes */
	return b;
}

static void l_free(void *block, unsigned int order)
{
	struct lifo_block *b = block;

	b->next = lists[order];
	lists[order] = b;
}

static void *l_address(void *block)
{
	return block;
}

const struct bench_allocator lifo_allocator = {
	.name = "lifo",
	.init = l_init,
	.alloc = l_alloc,
	.free = l_free,
	.address = l_address,
};
