// SPDX-License-Identifier: MIT
/*
 * The status area at the top of the screen (layout in fb.h): it stays in
 * place while the log scrolls below it.
 *
 *   row 0  the machine (SMBIOS vendor and product), RAM, screen mode
 *   row 1  current suite, a progress bar, errors so far, memory tested
 *          and, at the right of rows 0-1, the verdict box: amber while
 *          running, green PASS, red FAIL or CRASH
 *   row 2  caption of the memory bar: the address range it spans
 *   rows 3-5  the bar: e820 types (with holes), zones, nodes
 *   row 6  the legend
 *
 * Who feeds it: fbcon_init() draws it; fbcon hands over every log line
 * (fbstatus_log_line: KTAP "# Subtest:" names the suite, the runner's
 * "# progress:" diagnostics give percent and errors, "not ok" counts
 * failures); the stress runner may also call status_update()
 * (include/lib/status.h), whose hook is installed here; post_exit_main
 * calls fbstatus_memory() once zones exist, and sparsemm_finish calls
 * fbstatus_verdict().
 *
 * The bar is not to scale: each range (RAM, reserved, hole, ...) gets a
 * width that grows with log2 of its size, so the 4 KiB and 640 KiB ranges
 * at the bottom of memory are as visible as gigabytes of RAM.  Zones and
 * nodes are placed on the same piecewise scale, so their boundaries line
 * up with the ranges they cover.
 */
#include "boot.h"
#include "fb.h"

#include <lib/printk.h>
#include <lib/status.h>
#include <lib/string.h>
#include <mm/e820.h>
#include <mm/mmzone.h>

#define STATUS_TEXT_ROWS 2
#define STATUS_ROWS 7 /* cell rows of the whole area */
#define VERDICT_COLS 16 /* width of the verdict box in cells */
#define VERDICT_MUL 2 /* its text: twice the console's size */
#define PROGRESS_COLS 20 /* width of the progress bar in cells */
#define BAR_MAX_SEGS 128 /* ranges and holes drawn in the bar */
#define BAR_MIN_WEIGHT 1
#define LOG2_PAGE 12 /* ranges of one page weigh BAR_MIN_WEIGHT */
#define NAME_MAX 32

enum { SEG_HOLE = 0 };

struct bar_seg {
	u64 start, end; /* [start, end) */
	u32 type; /* E820_TYPE_*, or SEG_HOLE */
	u32 x0, x1; /* pixels: [x0, x1) */
};

static const struct {
	u32 type;
	u32 rgb;
	const char *name;
} type_colours[] = {
	{ E820_TYPE_RAM, 0x30a040, "RAM" },
	{ E820_TYPE_RESERVED, 0x808080, "reserved" },
	{ E820_TYPE_ACPI, 0x3070ff, "ACPI" },
	{ E820_TYPE_NVS, 0x9060ff, "NVS" },
	{ E820_TYPE_UNUSABLE, 0xff3030, "unusable" },
	{ E820_TYPE_PMEM, 0xff80ff, "pmem" },
	{ SEG_HOLE, 0x181818, "hole" },
};
#define OTHER_TYPE_RGB 0xc0a000

static const u32 zone_colours[MAX_NR_ZONES] = { 0xe08030, 0xd0c040, 0x40a0d0,
						0xb060c0 };
static const u32 node_colours[] = { 0x5070a0, 0x50a070, 0xa07050, 0x9050a0 };

static u32 cw, ch; /* cell size in pixels */
static u32 width;
static bool ready;

static char machine[2 * NAME_MAX + 8];
static u64 ram_bytes;
static char suite[NAME_MAX];
static unsigned int pct;
static unsigned long errors, log_errors;
static unsigned long suite_failures; /* failing cases of the current suite */
static u64 tested_bytes;

static struct bar_seg segs[BAR_MAX_SEGS];
static unsigned int nr_segs;

static u32 type_rgb(u32 type)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(type_colours); i++)
		if (type_colours[i].type == type)
			return type_colours[i].rgb;
	return OTHER_TYPE_RGB;
}

static void draw_row_text(u32 row, const char *s, u32 fg)
{
	u32 text_cols = width / cw - VERDICT_COLS;

	fb_fill(0, row * ch, text_cols * cw, ch, FB_STATUS_BG);
	fb_text(cw / 2, row * ch, s, text_cols - 1, fg, FB_STATUS_BG);
}

static void draw_machine(void)
{
	char buf[160];
	int n;

	n = scnprintf(buf, sizeof(buf), "sparsemm  %s", machine);
	if (ram_bytes)
		n += scnprintf(buf + n, sizeof(buf) - n, "  |  RAM %llu MiB",
			       (unsigned long long)(ram_bytes >> 20));
	scnprintf(buf + n, sizeof(buf) - n, "  |  %ux%u", boot.fb.width,
		  boot.fb.height);
	draw_row_text(0, buf, FB_WHITE);
}

static void draw_progress(void)
{
	char buf[128];
	u32 x, y = ch, fill;
	int n;

	n = scnprintf(buf, sizeof(buf), "suite %-20s", suite[0] ? suite : "-");
	draw_row_text(1, buf, FB_WHITE);
	/* The bar: an outline and a filled part, a quarter cell inset. */
	x = cw / 2 + (u32)n * cw;
	fb_fill(x, y + ch / 4, PROGRESS_COLS * cw, ch / 2, FB_DARK_GREY);
	fill = PROGRESS_COLS * cw * pct / STATUS_PCT_MAX;
	fb_fill(x, y + ch / 4, fill, ch / 2, FB_CYAN);
	x += (PROGRESS_COLS + 1) * cw;
	n = scnprintf(buf, sizeof(buf), "%3u%%   errors %lu", pct,
		      MAX(errors, log_errors));
	if (tested_bytes)
		scnprintf(buf + n, sizeof(buf) - n, "   tested %llu MiB",
			  (unsigned long long)(tested_bytes >> 20));
	fb_text(x, y, buf, (width - x) / cw - VERDICT_COLS,
		MAX(errors, log_errors) ? FB_RED : FB_WHITE, FB_STATUS_BG);
}

static void draw_verdict(const char *text, u32 rgb)
{
	u32 x = width - VERDICT_COLS * cw;
	u32 len = MIN((u32)strlen(text), (u32)VERDICT_COLS / VERDICT_MUL);

	fb_fill(x, 0, VERDICT_COLS * cw, STATUS_TEXT_ROWS * ch, rgb);
	fb_text_big(x + (VERDICT_COLS - len * VERDICT_MUL) * cw / 2,
		    (STATUS_TEXT_ROWS * ch - VERDICT_MUL * ch) / 2, text,
		    FB_WHITE, rgb);
}

static void copy_word(char *dst, size_t size, const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && s[n] != ' ' && n + 1 < size) {
		dst[n] = s[n];
		n++;
	}
	dst[n] = '\0';
}

static void status_hook(const struct run_status *st)
{
	if (st->suite && st->suite[0])
		copy_word(suite, sizeof(suite), st->suite,
			  st->suite + strnlen(st->suite, sizeof(suite)));
	pct = st->pct;
	errors = st->errors;
	if (st->tested_bytes)
		tested_bytes = st->tested_bytes;
	draw_progress();
}

u32 fbstatus_init(void)
{
	u32 height;

	cw = fb_cell_width();
	ch = fb_cell_height();
	width = boot.fb.width;
	height = STATUS_ROWS * ch + ch / 2;
	if (!fb_active() || width / cw < 2 * VERDICT_COLS ||
	    boot.fb.height < 3 * height)
		return 0; /* too small a screen for a status area */
	scnprintf(machine, sizeof(machine), "%s %s",
		  boot.sys_vendor[0] ? boot.sys_vendor : "unknown vendor",
		  boot.product[0] ? boot.product : "unknown machine");
	fb_fill(0, 0, width, STATUS_ROWS * ch, FB_STATUS_BG);
	/* The separator between the status area and the log. */
	fb_fill(0, STATUS_ROWS * ch + ch / 8, width, MAX(ch / 8, 1u), FB_GREY);
	ready = true;
	draw_machine();
	draw_progress();
	draw_verdict("RUNNING", FB_VERDICT_RUN);
	draw_row_text(2, "memory map: known after the e820 table is built",
		      FB_GREY);
	status_set_hook(status_hook);
	return height;
}

/* ---- the memory bar ------------------------------------------------------- */

static unsigned int log2_u64(u64 x)
{
	unsigned int n = 0;

	while (x >>= 1)
		n++;
	return n;
}

static void add_seg(u64 start, u64 end, u32 type)
{
	if (end <= start || nr_segs == BAR_MAX_SEGS)
		return;
	segs[nr_segs++] =
		(struct bar_seg){ .start = start, .end = end, .type = type };
}

/* Each range's width: BAR_MIN_WEIGHT plus log2 of its size in pages. */
static void layout_segs(u32 x0, u32 w)
{
	u64 total = 0, acc = 0;

	for (unsigned int i = 0; i < nr_segs; i++) {
		u64 pages = (segs[i].end - segs[i].start) >> LOG2_PAGE;

		total += BAR_MIN_WEIGHT + log2_u64(pages ? pages : 1);
	}
	for (unsigned int i = 0; i < nr_segs; i++) {
		u64 pages = (segs[i].end - segs[i].start) >> LOG2_PAGE;

		segs[i].x0 = x0 + (u32)(w * acc / total);
		acc += BAR_MIN_WEIGHT + log2_u64(pages ? pages : 1);
		segs[i].x1 = x0 + (u32)(w * acc / total);
	}
}

/* The x of an address on the piecewise scale of the bar. */
static u32 addr_to_x(u64 addr)
{
	for (unsigned int i = 0; i < nr_segs; i++) {
		const struct bar_seg *s = &segs[i];

		if (addr < s->end) {
			if (addr <= s->start)
				return s->x0;
			/* Scale within the range in 4 KiB units: no overflow. */
			return s->x0 +
			       (u32)((u64)(s->x1 - s->x0) *
				     ((addr - s->start) >> LOG2_PAGE) /
				     MAX((s->end - s->start) >> LOG2_PAGE,
					 1ULL));
		}
	}
	return nr_segs ? segs[nr_segs - 1].x1 : 0;
}

/* A band segment with its label inside when the label fits. */
static void band(u32 x0, u32 x1, u32 y, u32 rgb, const char *label)
{
	u32 w = x1 > x0 ? x1 - x0 : 0, len = (u32)strlen(label);

	if (!w)
		w = 1;
	fb_fill(x0, y, w, ch, rgb);
	if (x0 > 0)
		fb_fill(x0, y, 1, ch, FB_BLACK); /* boundary */
	if ((len + 1) * cw <= w)
		fb_text(x0 + (w - len * cw) / 2, y, label, len, FB_BLACK, rgb);
}

static void draw_legend(u32 y)
{
	u32 x = cw / 2, sq = ch / 2;

	fb_fill(0, y, width, ch, FB_STATUS_BG);
	for (unsigned int i = 0; i < ARRAY_SIZE(type_colours); i++) {
		u32 len = (u32)strlen(type_colours[i].name);

		fb_fill(x, y + sq / 2, sq, sq, type_colours[i].rgb);
		fb_fill(x, y + sq / 2, sq, 1, FB_GREY);
		fb_text(x + sq + cw / 2, y, type_colours[i].name, len, FB_GREY,
			FB_STATUS_BG);
		x += sq + (len + 2) * cw;
	}
	fb_text(x, y, "| bands: e820 type, zone, node", 30, FB_GREY,
		FB_STATUS_BG);
}

void fbstatus_memory(const struct e820_table *e820)
{
	u32 bar_x = cw / 2, bar_w = width - cw, y = 3 * ch;
	u64 prev = 0, top;
	char caption[128];
	unsigned int nid;

	if (!ready)
		return;
	nr_segs = 0;
	ram_bytes = 0;
	for (unsigned int i = 0; i < e820->nr_entries; i++) {
		const struct e820_entry *e = &e820->entries[i];

		add_seg(prev, e->addr, SEG_HOLE);
		add_seg(e->addr, e820_entry_end(e), e->type);
		if (e->type == E820_TYPE_RAM)
			ram_bytes += e->size;
		prev = MAX(prev, e820_entry_end(e));
	}
	if (!nr_segs)
		return;
	top = segs[nr_segs - 1].end;
	layout_segs(bar_x, bar_w);
	draw_machine();
	scnprintf(
		caption, sizeof(caption),
		"physical memory [0-%#llx) %llu MiB: %u ranges, widths by log2(size), not to scale",
		(unsigned long long)top, (unsigned long long)(top >> 20),
		nr_segs);
	draw_row_text(2, caption, FB_GREY);
	fb_fill(0, y, width, 3 * ch, FB_STATUS_BG);
	for (unsigned int i = 0; i < nr_segs; i++)
		band(segs[i].x0, segs[i].x1, y, type_rgb(segs[i].type), "");
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		const pg_data_t *pgdat = NODE_DATA(nid);
		char name[16];

		if (!pgdat || !pgdat->node_spanned_pages)
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pgdat->node_zones[z];
			u64 s = (u64)zone->zone_start_pfn << LOG2_PAGE;

			if (!zone->spanned_pages)
				continue;
			band(addr_to_x(s),
			     addr_to_x(s +
				       ((u64)zone->spanned_pages << LOG2_PAGE)),
			     y + ch, zone_colours[z], zone_names[z]);
		}
		scnprintf(name, sizeof(name), "node %u", nid);
		band(addr_to_x((u64)pgdat->node_start_pfn << LOG2_PAGE),
		     addr_to_x((u64)pgdat_end_pfn(pgdat) << LOG2_PAGE),
		     y + 2 * ch, node_colours[nid % ARRAY_SIZE(node_colours)],
		     name);
	}
	draw_legend(6 * ch);
}

/* ---- what the log says ---------------------------------------------------- */

static const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static bool take(const char **s, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	if ((size_t)(end - *s) < n || memcmp(*s, prefix, n))
		return false;
	*s += n;
	return true;
}

static unsigned long parse_ulong(const char *s, const char *end)
{
	unsigned long v = 0;

	while (s < end && *s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

/* "progress: churn pass 1/2 45% 3.2s errors 0" (mm/stress/runner.c). */
static void parse_progress(const char *s, const char *end)
{
	const char *p;

	copy_word(suite, sizeof(suite), s, end);
	for (p = s; p < end && *p != '%'; p++)
		;
	if (p < end) {
		const char *q = p;

		while (q > s && q[-1] >= '0' && q[-1] <= '9')
			q--;
		pct = (unsigned int)MIN(parse_ulong(q, p),
					(unsigned long)STATUS_PCT_MAX);
	}
	for (p = s; p + 7 <= end; p++)
		if (!memcmp(p, "errors ", 7))
			errors = MAX(errors, parse_ulong(p + 7, end));
}

void fbstatus_log_line(const char *line, size_t len)
{
	const char *end = line + len, *s = skip_blanks(line, end);
	bool nested = s != line;

	if (!ready)
		return;
	if (take(&s, end, "# Subtest: ")) {
		copy_word(suite, sizeof(suite), s, end);
		pct = 0;
		suite_failures = 0;
	} else if (take(&s, end, "# progress: ")) {
		parse_progress(s, end);
	} else if (take(&s, end, "not ok ")) {
		/* A failing case counts once; a failing suite only when none
		 * of its cases said why. */
		if (nested || !suite_failures)
			log_errors++;
		if (nested)
			suite_failures++;
	} else if (take(&s, end, "ok ") && !nested) {
		pct = STATUS_PCT_MAX;
	} else {
		return;
	}
	draw_progress();
}

void fbstatus_verdict(const char *verdict, bool pass)
{
	u64 nr_scrolls, us;

	if (!ready)
		return;
	fbcon_stats(&nr_scrolls, &us);
	pr_info("fbcon: %llu scrolls took %llu ms in all\n",
		(unsigned long long)nr_scrolls,
		(unsigned long long)(us / 1000));
	draw_verdict(verdict, pass ? FB_VERDICT_PASS : FB_VERDICT_FAIL);
}
