// SPDX-License-Identifier: MIT
/*
 * The figures of the memory model (boot log and report) and the pfn <->
 * struct page checks the suites and tests run.
 *
 * What it owns: nothing persistent; it reads the section table, memblock,
 * the model backend's byte count and the arch's page-table counter.
 *
 * The cost of the models not built is computed from the same sections:
 *  - classic sparse: one 2 MiB memmap per present section;
 *  - vmemmap: 2 MiB per early section and 32 KiB per hot-added subsection,
 *    plus the x86-64 page tables over them: one PMD page per GiB of
 *    vmemmap touched (64 GiB of memory), one PUD page per 512 GiB of
 *    vmemmap touched, one PTE page per 2 MiB chunk mapped with 4 KiB pages
 *    (assuming every 2 MiB block can be had);
 *  - flatmem: one struct page for every pfn from the lowest to the highest
 *    pfn of memory.
 * "Holes" is what a model spends on struct pages of pfns that are not
 * memory.
 *
 * Who calls it: the boot pipeline (after memmap_init), tests, suites.
 */
#include <mm/sparse.h>

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>

#define SECTION_MEMMAP_BYTES ((u64)PAGES_PER_SECTION * sizeof(struct page))
#define SUBSECTION_MEMMAP_BYTES \
	((u64)PAGES_PER_SUBSECTION * sizeof(struct page))
#define SECTIONS_PER_PMD_PAGE 512UL /* 1 GiB of vmemmap = 512 sections */
#define SECTIONS_PER_PUD_PAGE (512UL * 512UL)

static unsigned long subsections_set(const struct mem_section *ms)
{
	unsigned long i, n = 0;

	for (i = 0; i < SUBSECTIONS_PER_SECTION; i++)
		n += (ms->usage->subsection_map[i / BITS_PER_LONG] >>
		      (i % BITS_PER_LONG)) &
		     1;
	return n;
}

/* Pages of memblock.memory in [start, end). */
static u64 memory_pages_in(unsigned long start, unsigned long end)
{
	unsigned long s, e;
	u64 n = 0;
	int i;

	for_each_mem_pfn_range(i, NUMA_NO_NODE, &s, &e, NULL) {
		s = MAX(s, start);
		e = MIN(e, end);
		if (s < e)
			n += e - s;
	}
	return n;
}

void sparse_get_stats(struct sparse_stats *st)
{
	unsigned long nr, i, last_pmd = -1UL, last_pud = -1UL;
	unsigned long lo = -1UL, hi = 0;
	u64 present_pages = 0, vm_pt = 0;
	int nid;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < NR_SECTION_ROOTS; i++)
		st->root_pages += mem_section[i] != NULL;

	for_each_present_section_nr(0, nr) {
		struct mem_section *ms = __nr_to_section(nr);
		unsigned long start = section_nr_to_pfn(nr);

		nid = section_nid(ms);
		st->present_sections++;
		if (nid >= 0 && nid < SPARSE_MAX_NODES)
			st->node_present[nid]++;
		if (online_section(ms)) {
			st->online_sections++;
			if (nid >= 0 && nid < SPARSE_MAX_NODES)
				st->node_online[nid]++;
		}
		if (!valid_section(ms))
			continue;
		st->usage_bytes += sizeof(*ms->usage);
		st->cost_sparse_memmap += SECTION_MEMMAP_BYTES;
		if (early_section(ms)) {
			present_pages += memory_pages_in(
				start, start + PAGES_PER_SECTION);
			st->cost_vmemmap_memmap += SECTION_MEMMAP_BYTES;
		} else {
			unsigned long n = subsections_set(ms);

			present_pages += n * PAGES_PER_SUBSECTION;
			st->cost_vmemmap_memmap += n * SUBSECTION_MEMMAP_BYTES;
			vm_pt++; /* a PTE page for the 4 KiB-mapped chunk */
		}
		if (nr / SECTIONS_PER_PMD_PAGE != last_pmd) {
			last_pmd = nr / SECTIONS_PER_PMD_PAGE;
			vm_pt++;
		}
		if (nr / SECTIONS_PER_PUD_PAGE != last_pud) {
			last_pud = nr / SECTIONS_PER_PUD_PAGE;
			vm_pt++;
		}
		if (!early_section(ms)) {
			lo = MIN(lo, start);
			hi = MAX(hi, start + PAGES_PER_SECTION);
		}
	}
	/* Flatmem spans memory's lowest to highest pfn, hot-added included. */
	if (memblock.memory.cnt) {
		lo = MIN(lo, PFN_UP(memblock_start_of_DRAM()));
		hi = MAX(hi, PFN_DOWN(memblock_end_of_DRAM()));
	}
	st->present_bytes = present_pages << PAGE_SHIFT;
	st->memmap_bytes = memmap_model_bytes();
	st->hole_bytes =
		st->memmap_bytes > present_pages * sizeof(struct page) ?
			st->memmap_bytes - present_pages * sizeof(struct page) :
			0;
	st->pgtable_pages = arch_vmemmap_pgtable_pages();
	st->cost_vmemmap_pgtables = vm_pt * PAGE_SIZE;
	st->cost_flatmem_memmap =
		hi > lo ? (u64)(hi - lo) * sizeof(struct page) : 0;
	st->cost_sparse_holes = st->cost_sparse_memmap -
				MIN(st->cost_sparse_memmap,
				    present_pages * sizeof(struct page));
	st->cost_flatmem_holes = st->cost_flatmem_memmap -
				 MIN(st->cost_flatmem_memmap,
				     present_pages * sizeof(struct page));
	st->sparse_init_cycles = sparse_init_cycles;
	st->memmap_init_cycles = memmap_init_cycles;
}

/* a per GiB of b, without overflow for any a, b below 2^52. */
static u64 per_gib(u64 a, u64 b)
{
	if (!b)
		return 0;
	if (b >= SZ_1M)
		return a * 1024 / (b >> 20);
	return (a << 30) / b;
}

static u64 cycles_to_us(u64 cycles)
{
	u64 hz = arch_cycles_per_sec();

	return hz ? cycles / (hz / 1000000 ? hz / 1000000 : 1) : 0;
}

void sparse_print_model_costs(void)
{
	struct sparse_stats st;
	struct vmemmap_counts vc;
	int nid;

	sparse_get_stats(&st);
	vmemmap_get_counts(&vc);
	pr_info("sparse: memory model %s, SECTION_SIZE_BITS %d, MAX_PHYSMEM_BITS %d, %lu of %lu section roots allocated\n",
		memory_model_name, SECTION_SIZE_BITS, MAX_PHYSMEM_BITS,
		st.root_pages, (unsigned long)NR_SECTION_ROOTS);
	for (nid = 0; nid < SPARSE_MAX_NODES; nid++)
		if (st.node_present[nid])
			pr_info("sparse: node %d: %lu sections present, %lu online\n",
				nid, st.node_present[nid], st.node_online[nid]);
	pr_info("sparse: %llu MiB present in %lu sections\n",
		(unsigned long long)(st.present_bytes >> 20),
		st.present_sections);
	pr_info("sparse: memmap %llu KiB (%llu KiB per present GiB), %llu KiB on holes, %llu bytes of usage maps\n",
		(unsigned long long)(st.memmap_bytes >> 10),
		(unsigned long long)(per_gib(st.memmap_bytes,
					     st.present_bytes) >>
				     10),
		(unsigned long long)(st.hole_bytes >> 10),
		(unsigned long long)st.usage_bytes);
	pr_info("sparse: vmemmap %llu KiB in 2 MiB mappings, %llu KiB in 4 KiB pages, %lu page-table pages\n",
		(unsigned long long)(vc.pmd_bytes >> 10),
		(unsigned long long)(vc.pte_bytes >> 10), st.pgtable_pages);
	pr_info("sparse: sparse_init took %llu us, memmap_init took %llu us\n",
		(unsigned long long)cycles_to_us(st.sparse_init_cycles),
		(unsigned long long)cycles_to_us(st.memmap_init_cycles));
	pr_info("sparse: this machine as vmemmap: memmap %llu KiB + page tables %llu KiB, holes %llu KiB\n",
		(unsigned long long)(st.cost_vmemmap_memmap >> 10),
		(unsigned long long)(st.cost_vmemmap_pgtables >> 10),
		(unsigned long long)(st.cost_sparse_holes >> 10));
	pr_info("sparse: this machine as sparse: memmap %llu KiB, holes %llu KiB\n",
		(unsigned long long)(st.cost_sparse_memmap >> 10),
		(unsigned long long)(st.cost_sparse_holes >> 10));
	pr_info("sparse: this machine as flatmem: memmap %llu KiB (%llu KiB per present GiB), holes %llu KiB\n",
		(unsigned long long)(st.cost_flatmem_memmap >> 10),
		(unsigned long long)(per_gib(st.cost_flatmem_memmap,
					     st.present_bytes) >>
				     10),
		(unsigned long long)(st.cost_flatmem_holes >> 10));
}

static unsigned long report(unsigned long bad, unsigned long max_report,
			    unsigned long pfn, const char *what, u64 got,
			    u64 want)
{
	if (bad < max_report)
		pr_err("sparse check: pfn %#lx: %s is %#llx, expected %#llx\n",
		       pfn, what, (unsigned long long)got,
		       (unsigned long long)want);
	return bad + 1;
}

/* The node memblock gives pa, or dflt outside memblock.memory (holes,
 * hot-added memory). */
static int memblock_nid_at(phys_addr_t pa, int dflt)
{
	struct memblock_region *r;

	for_each_mem_region(r) if (pa >= r->base &&
				   pa - r->base < r->size) return r->nid;
	return dflt;
}

/* True when no memory of section nr lies on a node other than nid: then
 * every page of it belongs to nid without a per-page lookup. */
static bool section_on_one_node(unsigned long nr, int nid)
{
	phys_addr_t s = PFN_PHYS(section_nr_to_pfn(nr));
	phys_addr_t e = PFN_PHYS(section_nr_to_pfn(nr + 1));
	struct memblock_region *r;

	for_each_mem_region(r) if (r->base < e && r->base + r->size > s &&
				   r->nid != nid) return false;
	return true;
}

unsigned long sparse_check_pfns(bool zones, unsigned long max_report)
{
	unsigned long nr, pfn, end, bad = 0;

	for (nr = 0; nr <= __highest_present_section_nr; nr++) {
		struct mem_section *ms = __nr_to_section(nr);
		int nid = section_nid(ms);

		pfn = section_nr_to_pfn(nr);
		end = pfn + PAGES_PER_SECTION;
		if (!ms) { /* absent root: skip it whole, probing one pfn */
			if (pfn_valid(pfn))
				bad = report(bad, max_report, pfn, "pfn_valid",
					     1, 0);
			nr = ALIGN_DOWN(nr, SECTIONS_PER_ROOT) +
			     SECTIONS_PER_ROOT - 1;
			continue;
		}
		if (!valid_section(ms)) {
			if (pfn_valid(pfn) || pfn_valid(end - 1))
				bad = report(bad, max_report, pfn, "pfn_valid",
					     1, 0);
			continue;
		}
		bool one_node = section_on_one_node(nr, nid);

		for (; pfn < end; pfn++) {
			/* A page's node is memblock's (a section may hold two
			 * nodes, as in Linux); holes keep the section's. */
			int pnid = one_node ?
					   nid :
					   memblock_nid_at(PFN_PHYS(pfn), nid);
			struct page *page;
			bool sub = early_section(ms) ||
				   pfn_section_valid(ms, pfn);

			if (pfn_valid(pfn) != sub) {
				bad = report(bad, max_report, pfn, "pfn_valid",
					     !sub, sub);
				continue;
			}
			if (!sub)
				continue;
			page = pfn_to_page(pfn);
			if (page_to_pfn(page) != pfn)
				bad = report(bad, max_report, pfn,
					     "page_to_pfn(pfn_to_page)",
					     page_to_pfn(page), pfn);
			if (page_to_section(page) != nr)
				bad = report(bad, max_report, pfn, "section",
					     page_to_section(page), nr);
			if (page_to_nid(page) != pnid)
				bad = report(bad, max_report, pfn, "node",
					     (u64)page_to_nid(page), (u64)pnid);
			if (zones && page_zonenum(page) !=
					     memmap_zone_for_pfn(pfn, pnid))
				bad = report(bad, max_report, pfn, "zone",
					     page_zonenum(page),
					     memmap_zone_for_pfn(pfn, pnid));
			if (early_section(ms) && !PageReserved(page) &&
			    !memblock_is_memory(PFN_PHYS(pfn)))
				bad = report(bad, max_report, pfn,
					     "PG_reserved of a hole", 0, 1);
		}
	}
	if (pfn_valid(section_nr_to_pfn(__highest_present_section_nr + 1)))
		bad = report(
			bad, max_report,
			section_nr_to_pfn(__highest_present_section_nr + 1),
			"pfn_valid past the last section", 1, 0);
	return bad;
}
