// SPDX-License-Identifier: MIT
/*
 * SPARSEMEM sections: the root table, marking sections present, building
 * each present section's memmap and usage map at boot, and the pageblock
 * flags kept in the usage maps.
 *
 * What it owns: mem_section[] (SPARSEMEM_EXTREME roots) and every
 * mem_section's section_mem_map and usage.
 *
 * Invariants:
 *  - a root is non-NULL iff it was needed by a present section (roots are
 *    allocated in memory_present / sparse_add_section, one page each, and
 *    freed only by hot-remove when all their sections are gone);
 *  - a present section without SECTION_HAS_MEM_MAP holds its node id above
 *    the flag bits; with it, the low bits are flags and the rest is the
 *    encoded map, (struct page of the first pfn) - first pfn, so the map of
 *    pfn is base + pfn * sizeof(struct page);
 *  - SECTION_HAS_MEM_MAP implies usage != NULL and usage->nid is the node;
 *  - early sections (built by sparse_init) have every subsection holding
 *    memory marked in subsection_map and a memmap for all their pfns.
 *
 * Who calls it: the boot pipeline (sparse_init once memblock is final),
 * mm/sparse_hotplug.c, and everyone who asks pfn_valid() or the pageblock flags.
 * The memory model backend (mm/model/$(MODEL)/) supplies the memmaps.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>

#include "sparse_internal.h"

struct mem_section *mem_section[NR_SECTION_ROOTS];
unsigned long __highest_present_section_nr;
u64 sparse_init_cycles;

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* The encoded map must leave the flag bits clear. */
BUILD_BUG_ON((1UL << SECTION_MAP_LAST_BIT) > sizeof(struct page));
BUILD_BUG_ON(SECTIONS_WIDTH != SECTIONS_SHIFT);
BUILD_BUG_ON(MAX_NUMNODES > SPARSE_MAX_NODES);

int sparse_nid(int nid)
{
	if (nid < 0)
		return 0;
	if (nid >= MAX_NUMNODES) {
		pr_warn("sparse: node %d out of range, using node 0\n", nid);
		return 0;
	}
	return nid;
}

int sparse_index_init(unsigned long section_nr, int nid)
{
	unsigned long root = SECTION_NR_TO_ROOT(section_nr);
	phys_addr_t pa;

	if (mem_section[root])
		return 0;
	pa = sparse_alloc_phys(SECTION_ROOT_BYTES, PAGE_SIZE, 0, nid);
	if (!pa)
		return -ENOMEM;
	mem_section[root] = phys_to_virt(pa);
	return 0;
}

void sparse_index_free_if_empty(unsigned long section_nr)
{
	unsigned long root = SECTION_NR_TO_ROOT(section_nr);
	struct mem_section *r = mem_section[root];
	unsigned long i;

	if (!r)
		return;
	for (i = 0; i < SECTIONS_PER_ROOT; i++)
		if (r[i].section_mem_map || r[i].usage)
			return;
	mem_section[root] = NULL;
	sparse_free_phys(virt_to_phys(r), SECTION_ROOT_BYTES);
}

void sparse_mark_present(unsigned long section_nr, int nid, unsigned long flags)
{
	struct mem_section *ms = __nr_to_section(section_nr);

	ms->section_mem_map = ((unsigned long)nid << SECTION_NID_SHIFT) |
			      SECTION_MARKED_PRESENT | flags;
	if (section_nr > __highest_present_section_nr)
		__highest_present_section_nr = section_nr;
}

unsigned long next_present_section_nr(unsigned long nr)
{
	while (nr <= __highest_present_section_nr) {
		struct mem_section *root = mem_section[SECTION_NR_TO_ROOT(nr)];

		if (!root) {
			nr = ALIGN_DOWN(nr, SECTIONS_PER_ROOT) +
			     SECTIONS_PER_ROOT;
			continue;
		}
		if (present_section(&root[nr & SECTION_ROOT_MASK]))
			return nr;
		nr++;
	}
	return -1UL;
}

int memory_present(int nid, unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long nr;

	if (end_pfn > MAX_PHYSMEM_PFN) {
		pr_warn("sparse: ignoring pfns [%#lx-%#lx) past MAX_PHYSMEM_BITS %d\n",
			MAX(start_pfn, MAX_PHYSMEM_PFN), end_pfn,
			MAX_PHYSMEM_BITS);
		end_pfn = MAX_PHYSMEM_PFN;
	}
	nid = sparse_nid(nid);
	for (nr = pfn_to_section_nr(start_pfn);
	     start_pfn < end_pfn && section_nr_to_pfn(nr) < end_pfn; nr++) {
		if (sparse_index_init(nr, nid)) {
			pr_err("sparse: no memory for the section root of section %lu\n",
			       nr);
			return -ENOMEM;
		}
		/* Linux marks early sections online when present. */
		if (!present_section_nr(nr))
			sparse_mark_present(nr, nid, SECTION_IS_ONLINE);
	}
	return 0;
}

int memblocks_present(void)
{
	unsigned long start, end;
	int i, nid, ret;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start, &end, &nid) {
		ret = memory_present(nid, start, end);
		if (ret)
			return ret;
	}
	return 0;
}

static void set_bits(unsigned long *map, unsigned long first,
		     unsigned long count, bool set)
{
	unsigned long i;

	for (i = first; i < first + count; i++) {
		if (set)
			map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
		else
			map[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
	}
}

static void subsection_range(unsigned long pfn, unsigned long nr,
			     unsigned long *first, unsigned long *count)
{
	unsigned long end = pfn + nr;

	*first = subsection_nr(pfn);
	*count = subsection_nr(end - 1) - *first + 1;
}

void subsection_map_set(struct mem_section *ms, unsigned long pfn,
			unsigned long nr)
{
	unsigned long first, count;

	subsection_range(pfn, nr, &first, &count);
	set_bits(ms->usage->subsection_map, first, count, true);
}

void subsection_map_clear(struct mem_section *ms, unsigned long pfn,
			  unsigned long nr)
{
	unsigned long first, count;

	subsection_range(pfn, nr, &first, &count);
	set_bits(ms->usage->subsection_map, first, count, false);
}

bool subsection_map_empty(const struct mem_section *ms)
{
	unsigned long i;

	for (i = 0; i < SUBSECTION_MAP_LONGS; i++)
		if (ms->usage->subsection_map[i])
			return false;
	return true;
}

void sparse_init_one_section(struct mem_section *ms, unsigned long pnum,
			     struct page *map, struct mem_section_usage *usage,
			     unsigned long flags)
{
	unsigned long coded = (unsigned long)map -
			      section_nr_to_pfn(pnum) * sizeof(struct page);

	ms->section_mem_map &= ~SECTION_MAP_MASK;
	ms->section_mem_map |= coded | SECTION_HAS_MEM_MAP | flags;
	ms->usage = usage;
}

/*
 * Build the sections [pnum_begin, pnum_end) of node nid, map_count of which
 * are present: one usage array for all of them, then a memmap per section.
 */
static void sparse_init_nid(int nid, unsigned long pnum_begin,
			    unsigned long pnum_end, unsigned long map_count)
{
	struct mem_section_usage *usage;
	unsigned long pnum;
	phys_addr_t pa;

	pa = sparse_alloc_phys(map_count * sizeof(*usage), SMP_CACHE_BYTES,
			       SZ_16M, nid);
	if (!pa) {
		pr_err("%s: node[%d] usemap allocation failed\n", __func__,
		       nid);
		goto failed;
	}
	usage = phys_to_virt(pa);
	for (pnum = pnum_begin; pnum < pnum_end; pnum++) {
		struct mem_section *ms = __nr_to_section(pnum);
		struct page *map;

		if (!present_section(ms) || section_nid(ms) != nid)
			continue;
		map = memmap_model_populate(section_nr_to_pfn(pnum),
					    PAGES_PER_SECTION, nid);
		if (!map) {
			pr_err("%s: node[%d] memory map backing failed. Some memory will not be available.\n",
			       __func__, nid);
			ms->section_mem_map = 0;
			usage++;
			continue;
		}
		usage->nid = nid;
		sparse_init_one_section(ms, pnum, map, usage, SECTION_IS_EARLY);
		usage++;
	}
	return;
failed:
	for (pnum = pnum_begin; pnum < pnum_end; pnum++) {
		struct mem_section *ms = __nr_to_section(pnum);

		if (present_section(ms) && section_nid(ms) == nid &&
		    !valid_section(ms))
			ms->section_mem_map = 0;
	}
}

int sparse_init(void)
{
	unsigned long pnum, pnum_begin, map_count = 1, start, end, built = 0;
	u64 t0 = arch_cycles();
	int nid_begin, nid, i, ret;

	ret = memblocks_present();
	if (ret)
		return ret;
	pnum_begin = next_present_section_nr(0);
	if (pnum_begin == -1UL) {
		pr_err("sparse: no memory present\n");
		return -ENOMEM;
	}
	ret = memmap_model_prepare();
	if (ret)
		return ret;

	/* Runs of consecutive present sections of one node. */
	nid_begin = section_nid(__nr_to_section(pnum_begin));
	for_each_present_section_nr(pnum_begin + 1, pnum) {
		nid = section_nid(__nr_to_section(pnum));
		if (nid == nid_begin) {
			map_count++;
			continue;
		}
		sparse_init_nid(nid_begin, pnum_begin, pnum, map_count);
		nid_begin = nid;
		pnum_begin = pnum;
		map_count = 1;
	}
	sparse_init_nid(nid_begin, pnum_begin, __highest_present_section_nr + 1,
			map_count);

	/* Early sections: every subsection that holds memory has a map. */
	for_each_mem_pfn_range(i, NUMA_NO_NODE, &start, &end, &nid) {
		end = MIN(end, MAX_PHYSMEM_PFN);
		while (start < end) {
			unsigned long next =
				MIN(end, section_nr_to_pfn(
						 pfn_to_section_nr(start) + 1));
			struct mem_section *ms = __pfn_to_section(start);

			if (valid_section(ms))
				subsection_map_set(ms, start, next - start);
			start = next;
		}
	}
	for_each_present_section_nr(0, pnum)
		if (valid_section_nr(pnum))
			built++;
	sparse_init_cycles = arch_cycles() - t0;
	return built ? 0 : -ENOMEM;
}

void sparse_reset(void)
{
	memset(mem_section, 0, sizeof(mem_section));
	__highest_present_section_nr = 0;
	sparse_init_cycles = 0;
}

static void set_online(unsigned long start_pfn, unsigned long end_pfn,
		       bool online)
{
	unsigned long nr;

	for (nr = pfn_to_section_nr(start_pfn);
	     section_nr_to_pfn(nr) < end_pfn && nr < NR_MEM_SECTIONS; nr++) {
		struct mem_section *ms = __nr_to_section(nr);

		if (!present_section(ms))
			continue;
		if (online)
			ms->section_mem_map |= SECTION_IS_ONLINE;
		else
			ms->section_mem_map &= ~SECTION_IS_ONLINE;
	}
}

void online_mem_sections(unsigned long start_pfn, unsigned long end_pfn)
{
	set_online(start_pfn, end_pfn, true);
}

void offline_mem_sections(unsigned long start_pfn, unsigned long end_pfn)
{
	set_online(start_pfn, end_pfn, false);
}

struct page *pfn_to_online_page(unsigned long pfn)
{
	if (!pfn_valid(pfn) || !online_section(__pfn_to_section(pfn)))
		return NULL;
	return pfn_to_page(pfn);
}

/* ---- pageblock flags ---------------------------------------------------- */

void set_pfnblock_flags_mask(struct page *page, unsigned long flags,
			     unsigned long pfn, unsigned long mask)
{
	unsigned int shift;
	unsigned long *word = pageblock_word(pfn, &shift);
	unsigned long old = __atomic_load_n(word, __ATOMIC_RELAXED), new;

	do {
		new = (old & ~(mask << shift)) | ((flags & mask) << shift);
	} while (!__atomic_compare_exchange_n(
		word, &old, new, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
}

int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	if (migratetype < 0 || migratetype >= MIGRATE_TYPES) {
		pr_err("sparse: migrate type %d out of range at pfn %#lx\n",
		       migratetype, page_to_pfn(page));
		migratetype = MIGRATE_UNMOVABLE;
	}
	set_pfnblock_flags_mask(page, (unsigned long)migratetype,
				page_to_pfn(page), MIGRATETYPE_MASK);
}
