// SPDX-License-Identifier: MIT
/*
 * Fuzz target: memblock (mm/memblock.c) under random operation sequences,
 * checked after every operation against memblock_check() and a shadow
 * model.
 *
 * The model: a window of NR_GRAINS grains of GRAIN bytes of simulated
 * physical memory at address 0, with per grain "is memory", "is reserved"
 * and "is NOMAP".  Every operation's range is a whole number of grains
 * inside (or running past) the window, so membership is constant within a
 * grain and one query per grain tells all.
 *
 * Input: [flags u8] then operations of 5 bytes until the input ends:
 *   op, first grain (u16), grains (u8), parameter.
 * Memory is only ever added inside the window; the other operations may
 * run past it.
 * flags bit 0: memblock_allow_resize() (the region arrays may double,
 * reserving their new array from the window); bit 1: bottom-up allocation.
 *
 * After every operation:
 *   - memblock_check() == 0 (sorted, disjoint, merged, totals, arrays);
 *   - memblock_is_memory() of every grain equals the model; a failed
 *     operation (-ENOMEM: array full) changed nothing;
 *   - reserved equals the model exactly without resizing; with it, every
 *     grain the model has reserved is reserved and the extra ones are
 *     memory (the doubled arrays);
 *   - an allocation returned 0 or an aligned range of the asked size
 *     inside [start, end) that was free memory, not NOMAP, and is now
 *     reserved; memblock_alloc_try_nid()'s memory reads as zero.
 * mem= / cap operations re-read the model from memblock (their effect is
 * checked by the unit tests) but still go through the invariants.
 */
#include <errno.h>

#include <arch/arch.h>
#include <arch/host.h>
#include <mm/memblock.h>

#include "fuzz.h"

#define GRAIN 1024ULL
#define NR_GRAINS 1024
#define WINDOW (GRAIN * NR_GRAINS)

static bool mem[NR_GRAINS], res[NR_GRAINS], nomap[NR_GRAINS];
static bool resizing;

static void model_set(bool *a, u64 base, u64 size, bool v)
{
	u64 g, end = base + size;

	for (g = base / GRAIN; g < NR_GRAINS && g * GRAIN < end; g++)
		a[g] = v;
}

static void model_add(u64 base, u64 size)
{
	u64 g, end = base + size;

	for (g = base / GRAIN; g < NR_GRAINS && g * GRAIN < end; g++) {
		if (!mem[g])
			nomap[g] = false; /* new parts: no flags */
		mem[g] = true;
	}
}

static void model_reread(void)
{
	unsigned int g;

	for (g = 0; g < NR_GRAINS; g++) {
		mem[g] = memblock_is_memory(g * GRAIN);
		res[g] = memblock_is_reserved(g * GRAIN);
		nomap[g] = mem[g] && !memblock_is_map_memory(g * GRAIN);
	}
}

static void check_model(const char *what)
{
	unsigned int g;

	FZ_CHECK(memblock_check() == 0, "%s: memblock_check failed", what);
	for (g = 0; g < NR_GRAINS; g++) {
		bool m = memblock_is_memory(g * GRAIN);
		bool r = memblock_is_reserved(g * GRAIN);

		FZ_CHECK(m == mem[g],
			 "%s: grain %u (%#llx) memory %d, model %d", what, g,
			 g * GRAIN, m, mem[g]);
		if (m)
			FZ_CHECK(memblock_is_map_memory(g * GRAIN) == !nomap[g],
				 "%s: grain %u NOMAP %d, model %d", what, g,
				 !memblock_is_map_memory(g * GRAIN), nomap[g]);
		if (!resizing)
			FZ_CHECK(r == res[g],
				 "%s: grain %u reserved %d, model %d", what, g,
				 r, res[g]);
		else
			FZ_CHECK(r || !res[g],
				 "%s: grain %u reserved in the model, not in "
				 "memblock",
				 what, g);
	}
}

/* An allocation's result [pa, pa + size) against the model before it. */
static void check_alloc(const char *what, u64 pa, u64 size, u64 align,
			u64 start, u64 end)
{
	u64 g;

	if (!pa)
		return;
	FZ_CHECK(IS_ALIGNED(pa, align), "%s: %#llx not aligned to %#llx", what,
		 (unsigned long long)pa, (unsigned long long)align);
	FZ_CHECK(pa >= start && pa + size <= end,
		 "%s: [%#llx+%#llx) outside [%#llx, %#llx)", what,
		 (unsigned long long)pa, (unsigned long long)size,
		 (unsigned long long)start, (unsigned long long)end);
	FZ_CHECK(pa + size <= WINDOW, "%s: %#llx outside the window", what,
		 (unsigned long long)pa);
	for (g = pa / GRAIN; g * GRAIN < pa + size; g++) {
		FZ_CHECK(
			mem[g] && !res[g] && !nomap[g],
			"%s: [%#llx+%#llx) takes grain %llu: memory %d reserved "
			"%d nomap %d",
			what, (unsigned long long)pa, (unsigned long long)size,
			(unsigned long long)g, mem[g], res[g], nomap[g]);
		FZ_CHECK(memblock_is_reserved(g * GRAIN),
			 "%s: grain %llu allocated but not reserved", what,
			 (unsigned long long)g);
	}
	model_set(res, pa, size, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct fz f;
	u8 flags;
	char what[48];

	fz_quiet();
	if (!ready) {
		FZ_CHECK(host_phys_init(32) == 0, "host_phys_init");
		FZ_CHECK(host_phys_populate(0, WINDOW) == 0, "populate");
		ready = true;
	}
	memblock_reset();
	memset(mem, 0, sizeof(mem));
	memset(res, 0, sizeof(res));
	memset(nomap, 0, sizeof(nomap));
	fz_init(&f, data, size);
	flags = fz_u8(&f);
	resizing = flags & 1;
	if (resizing)
		memblock_allow_resize();
	memblock_set_bottom_up(flags & 2);

	while (fz_more(&f)) {
		u8 op = fz_u8(&f);
		u64 base = (u64)(fz_u16(&f) % (NR_GRAINS + 64)) * GRAIN;
		u64 len = (u64)fz_u8(&f) * GRAIN;
		u8 p = fz_u8(&f);
		u64 align = GRAIN << (p % 8), pa, lo, hi;
		int err = 0, nid = p % 4;
		void *va;

		if (op & 0x80)
			len *= 16;
		switch (op % 16) {
		case 0:
		case 1:
			snprintf(what, sizeof(what), "add");
			/* memory stays inside the window, the model's world */
			if (base >= WINDOW)
				break;
			len = MIN(len, WINDOW - base);
			err = op & 1 ? memblock_add(base, len) :
				       memblock_add_node(base, len, nid, 0);
			if (!err)
				model_add(base, len);
			break;
		case 2:
			snprintf(what, sizeof(what), "remove");
			err = memblock_remove(base, len);
			if (!err) {
				model_set(mem, base, len, false);
				model_set(nomap, base, len, false);
			}
			break;
		case 3:
		case 4:
			snprintf(what, sizeof(what), "reserve");
			err = memblock_reserve(base, len);
			if (!err)
				model_set(res, base, len, true);
			break;
		case 5:
			snprintf(what, sizeof(what), "phys_free");
			err = memblock_phys_free(base, len);
			if (!err)
				model_set(res, base, len, false);
			break;
		case 6:
			snprintf(what, sizeof(what), "flags %u", p % 5u);
			switch (p % 5) {
			case 0:
				err = memblock_mark_hotplug(base, len);
				break;
			case 1:
				err = memblock_clear_hotplug(base, len);
				break;
			case 2:
				err = memblock_mark_mirror(base, len);
				break;
			case 3:
				err = memblock_mark_nomap(base, len);
				if (!err)
					for (u64 g = base / GRAIN;
					     g < NR_GRAINS &&
					     g * GRAIN < base + len;
					     g++)
						nomap[g] = mem[g];
				break;
			default:
				err = memblock_clear_nomap(base, len);
				if (!err)
					model_set(nomap, base, len, false);
				break;
			}
			break;
		case 7:
			snprintf(what, sizeof(what), "set_node %d", nid);
			err = memblock_set_node(base, len, &memblock.memory,
						nid);
			break;
		case 8:
		case 9:
			lo = base;
			hi = op & 0x40 ? MEMBLOCK_ALLOC_ANYWHERE :
					 base + (u64)p * GRAIN * 4;
			snprintf(what, sizeof(what), "phys_alloc_range");
			pa = memblock_phys_alloc_range(len, align, lo, hi);
			/* end 0 is MEMBLOCK_ALLOC_ACCESSIBLE: no limit here */
			check_alloc(
				what, pa, len, align, lo,
				hi == MEMBLOCK_ALLOC_ANYWHERE ||
						hi == MEMBLOCK_ALLOC_ACCESSIBLE ?
					WINDOW :
					hi);
			if (!len)
				FZ_CHECK(!pa, "size 0 allocated %#llx",
					 (unsigned long long)pa);
			break;
		case 10:
			snprintf(what, sizeof(what), "find_in_range");
			pa = memblock_find_in_range_node(len ? len : GRAIN,
							 align, base, WINDOW,
							 NUMA_NO_NODE,
							 MEMBLOCK_NONE);
			if (pa) {
				for (u64 g = pa / GRAIN;
				     g * GRAIN < pa + (len ? len : GRAIN); g++)
					FZ_CHECK(mem[g] && !res[g] && !nomap[g],
						 "%s: %#llx takes grain %llu",
						 what, (unsigned long long)pa,
						 (unsigned long long)g);
			}
			break;
		case 11:
			snprintf(what, sizeof(what), "alloc_try_nid");
			va = memblock_alloc_try_nid(len, align, base, WINDOW,
						    nid);
			if (va) {
				pa = virt_to_phys(va);
				for (u64 i = 0; i < len; i++)
					FZ_CHECK(((u8 *)va)[i] == 0,
						 "%s: byte %llu not zero", what,
						 (unsigned long long)i);
				memset(va, 0xa5, len);
				/* retried from 0 when nothing fits above base */
				check_alloc(what, pa, len, align, 0, WINDOW);
			}
			break;
		case 12:
			snprintf(what, sizeof(what), "phys_alloc_try_nid");
			pa = memblock_phys_alloc_try_nid(len, align, nid);
			check_alloc(what, pa, len, align, 0, WINDOW);
			break;
		case 13:
			snprintf(what, sizeof(what), "mem=%#llx",
				 (unsigned long long)base);
			memblock_enforce_memory_limit(base);
			model_reread();
			break;
		case 14:
			snprintf(what, sizeof(what), "cap");
			memblock_cap_memory_range(base, len);
			model_reread();
			break;
		default:
			snprintf(what, sizeof(what), "queries");
			(void)memblock_is_region_memory(base, len);
			(void)memblock_is_region_reserved(base, len);
			(void)memblock_phys_mem_size();
			(void)memblock_start_of_DRAM();
			(void)memblock_end_of_DRAM();
			break;
		}
		FZ_CHECK(err == 0 || err == -ENOMEM, "%s returned %d", what,
			 err);
		check_model(what);
	}
	return 0;
}
