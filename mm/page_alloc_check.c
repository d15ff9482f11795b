// SPDX-License-Identifier: MIT
/*
 * Misuse detection for the page allocator, reported as Linux's bad_page()
 * reports it:
 *
 *   BUG: Bad page state in process swapper/0  pfn:12345
 *   page:0000000012345678 refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x12345
 *   flags: 0x80(reserved)
 *   page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set
 *
 * What it owns: page_alloc_errors (the counters the stress suites read)
 * and the process name used in reports.
 *
 * The rule: a page found in a bad state is reported once, counted, and
 * leaked: it goes to no list (PageBuddy is cleared from it), so the free
 * lists stay intact whatever the caller did.  A free refused before the
 * page is touched (double free, tail page, wrong order) only reports
 * (bad_page_report): the page may be on a free list, or still the
 * caller's, and is left exactly as it was.  Reasons are Linux's page
 * checks ("nonzero mapcount", "non-NULL mapping", "nonzero _refcount",
 * "PAGE_FLAGS_CHECK_AT_FREE flag(s) set" / "..._AT_PREP...", and for tail
 * pages "PageTail not set", "compound_head not consistent", "corrupted
 * mapping in tail page"), plus sparsemm's own for misuse Linux catches
 * only with VM_BUG_ON: "double free", "freeing a tail page", "wrong order".
 *
 * Who calls it: mm/page_alloc_api.c and mm/page_free_api.c on every
 * allocation and free, mm/pcp.c, mm/memblock_free_all.c.
 */
#include <mm/page_alloc_internal.h>

#include <lib/printk.h>

struct page_alloc_errors page_alloc_errors;
const char *page_alloc_comm = "swapper/0";

/* Linux prints at most 60 reports a minute; sparsemm: the first 60, then
 * one line per 1000 suppressed (the counters keep exact counts). */
#define BAD_PAGE_REPORTS 60

void page_alloc_set_comm(const char *comm)
{
	page_alloc_comm = comm ? comm : "swapper/0";
}

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",	    [PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate", [PG_dirty] = "dirty",
	[PG_lru] = "lru",	    [PG_head] = "head",
	[PG_active] = "active",	    [PG_reserved] = "reserved",
	[PG_private] = "private",   [PG_hwpoison] = "hwpoison",
	[PG_pattern] = "pattern",
};

/* Linux's dump_page(), in short. */
static void dump_page(struct page *page, const char *reason)
{
	unsigned long flags = page->flags & ((1UL << __NR_PAGEFLAGS) - 1);
	char names[160];
	int n = 0, i;

	for (i = 0; i < __NR_PAGEFLAGS; i++)
		if (flags & (1UL << i))
			n += scnprintf(names + n, sizeof(names) - n, "%s%s",
				       n ? "|" : "", pageflag_names[i]);
	names[n] = '\0';
	printk(KERN_ALERT
	       "page:%p refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx\n",
	       (void *)page, page_ref_count(page), page->_mapcount + 1,
	       page->mapping, page->index, page_to_pfn(page));
	printk(KERN_ALERT "flags: %#lx(%s)\n", page->flags, names);
	printk(KERN_ALERT "page dumped because: %s\n", reason);
}

void bad_page_report(struct page *page, const char *reason)
{
	unsigned long nr = ++page_alloc_errors.bad_pages;

	if (nr <= BAD_PAGE_REPORTS) {
		printk(KERN_ALERT
		       "BUG: Bad page state in process %s  pfn:%05lx\n",
		       page_alloc_comm, page_to_pfn(page));
		dump_page(page, reason);
	} else if (nr % 1000 == 0) {
		printk(KERN_ALERT
		       "BUG: Bad page state: %lu messages suppressed\n",
		       nr - BAD_PAGE_REPORTS);
	}
}

void bad_page(struct page *page, const char *reason)
{
	bad_page_report(page, reason);
	/* Leave the bad fields for debugging, but never PageBuddy. */
	page_mapcount_reset(page);
}

/* Linux's page_bad_reason: the last check that fails names the state. */
static const char *page_bad_reason(const struct page *page, unsigned long flags)
{
	const char *bad_reason = NULL;

	if (page->_mapcount != -1)
		bad_reason = "nonzero mapcount";
	if (page->mapping != NULL)
		bad_reason = "non-NULL mapping";
	if (page_ref_count(page) != 0)
		bad_reason = "nonzero _refcount";
	if (page->flags & flags) {
		if (flags == PAGE_FLAGS_CHECK_AT_PREP)
			bad_reason = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
		else
			bad_reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	}
	return bad_reason;
}

static bool free_page_is_bad(struct page *page)
{
	if (likely(page_expected_state(page, PAGE_FLAGS_CHECK_AT_FREE)))
		return false;
	bad_page(page, page_bad_reason(page, PAGE_FLAGS_CHECK_AT_FREE));
	return true;
}

/* Linux's free_tail_pages_check (with CONFIG_DEBUG_VM). */
static int free_tail_pages_check(struct page *head, struct page *page)
{
	int ret = 1;

	switch (page - head) {
	case 1:
	case 2:
		/* Linux keeps compound metadata in these pages' mapping. */
		break;
	default:
		if (page->mapping != TAIL_MAPPING) {
			bad_page(page, "corrupted mapping in tail page");
			goto out;
		}
		break;
	}
	if (!PageTail(page)) {
		bad_page(page, "PageTail not set");
		goto out;
	}
	if (compound_head(page) != head) {
		bad_page(page, "compound_head not consistent");
		goto out;
	}
	ret = 0;
out:
	page->mapping = NULL;
	page->compound_head = 0;
	return ret;
}

/*
 * Without SPARSEMM_DEBUG_VM the tail pages are not checked (Linux checks
 * them only with CONFIG_DEBUG_VM): a compound block's tails lose their
 * compound metadata and TAIL_MAPPING, every tail the flags a free page
 * must not carry (as Linux's free_pages_prepare always does).
 */
static void free_tail_pages_nocheck(struct page *page, unsigned int order)
{
	const unsigned long clear =
		PAGE_FLAGS_CHECK_AT_PREP |
		(PAGE_ALLOC_ORDER_MASK << PAGE_ALLOC_ORDER_PGSHIFT);
	unsigned long i, nr = 1UL << order;

	if (PageHead(page)) {
		for (i = 1; i < nr; i++) {
			page[i].mapping = NULL;
			page[i].compound_head = 0;
			page[i].flags &= ~clear;
		}
		return;
	}
	/*
	 * Only a compound block's tails carry TAIL_MAPPING (set by
	 * prep_compound_page, cleared when it is freed): here the flags
	 * alone, which Linux's free_pages_prepare clears on every tail page.
	 * Same result, fewer dirty cache lines: read them all first and
	 * write only when some tail has a flag to clear (rare: they are
	 * clear when the block is handed out).
	 */
	unsigned long any = 0;

#pragma GCC unroll 16
	for (i = 1; i < nr; i++)
		any |= page[i].flags;
	if (likely(!(any & clear)))
		return;
	for (i = 1; i < nr; i++)
		page[i].flags &= ~clear;
}

bool __free_pages_prepare(struct page *page, unsigned int order)
{
	bool compound = PageHead(page);
	int bad = 0;
	unsigned long i;

	if (!SPARSEMM_DEBUG_VM) {
		if (unlikely(order))
			free_tail_pages_nocheck(page, order);
		goto head;
	}
	for (i = 1; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (compound)
			bad += free_tail_pages_check(page, p);
		else if (p->mapping == TAIL_MAPPING)
			p->mapping = NULL;
		if (free_page_is_bad(p)) {
			bad++;
			continue;
		}
		p->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		clear_page_alloc_order(p);
	}
head:
	/* Linux's free_page_is_bad on the head page: always. */
	if (free_page_is_bad(page))
		bad++;
	if (bad)
		return false;
	page->flags &= ~(PAGE_FLAGS_CHECK_AT_PREP |
			 (PAGE_ALLOC_ORDER_MASK << PAGE_ALLOC_ORDER_PGSHIFT));
	page->private = 0;
	return true;
}

bool check_new_pages(struct page *page, unsigned int order)
{
	unsigned long i, nr = SPARSEMM_DEBUG_VM ? 1UL << order : 1;

	for (i = 0; i < nr; i++) {
		struct page *p = page + i;

		if (likely(page_expected_state(p,
					       PAGE_FLAGS_CHECK_AT_PREP |
						       (1UL << PG_hwpoison))))
			continue;
		if (PageHWPoison(p)) {
			/* Known bad memory: dropped without a report. */
			page_mapcount_reset(p);
			return true;
		}
		bad_page(p, page_bad_reason(p, PAGE_FLAGS_CHECK_AT_PREP));
		return true;
	}
	return false;
}

static void report_bad_gfp(gfp_t gfp, unsigned int order, const char *why)
{
	char names[256];

	gfp_flags_string(names, sizeof(names), gfp);
	pr_warn("%s: page allocation rejected: %s: order:%u, mode:%#x(%s)\n",
		page_alloc_comm, why, order, gfp, names);
}

void report_bad_alloc_request(gfp_t gfp, unsigned int order)
{
	if (order > MAX_PAGE_ORDER) {
		page_alloc_errors.bad_order++;
		if (!(gfp & __GFP_NOWARN))
			report_bad_gfp(gfp, order, "order > MAX_PAGE_ORDER");
	} else if (!gfp_zone_valid(gfp)) {
		page_alloc_errors.bad_gfp++;
		report_bad_gfp(gfp, order, "impossible GFP zone combination");
	} else {
		page_alloc_errors.bad_gfp++;
		report_bad_gfp(gfp, order,
			       "__GFP_MOVABLE and __GFP_RECLAIMABLE together");
	}
}

void report_bad_free_request(struct page *page, unsigned int order)
{
	char why[80];

	if (order > MAX_PAGE_ORDER) {
		page_alloc_errors.bad_order++;
		bad_page_report(page, "order > MAX_PAGE_ORDER");
	} else if (PageTail(page)) {
		bad_page_report(page, "freeing a tail page");
	} else if (page_ref_count(page) <= 0) {
		bad_page_report(page, "double free (_refcount already 0)");
	} else {
		scnprintf(
			why, sizeof(why),
			"wrong order: allocated as order %d, freed as order %u",
			PageHead(page) ? (int)compound_order(page) :
					 page_alloc_order(page),
			order);
		bad_page_report(page, why);
	}
}
