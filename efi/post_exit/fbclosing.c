// SPDX-License-Identifier: MIT
/*
 * The closing screen: what a person in front of the machine sees at the
 * end of a run, instead of the tail of the JSON report scrolling past.
 * Below the status area (which keeps the machine, the memory bar and the
 * verdict box), the log area is replaced by
 *
 *   a banner in the verdict's colour with the verdict, large (4x text)
 *   one line: N suites: N ok, N failed, N skipped
 *   the suite table: one entry per top-level KTAP result, in run order,
 *     "ok", "not ok" (with its failing cases) or "skip" (with its reason),
 *     coloured, in as few columns as the suites need
 *   a footer saying where the log and the report went
 *
 * The serial output is not changed.  Fed by fbcon with every complete log
 * line (fbclosing_log_line: KTAP results at column 0 are the suites',
 * indented "not ok" lines their failing cases); drawn once by
 * sparsemm_finish, for PASS and FAIL.  A CRASH keeps the log on screen:
 * the oops is what a person must read then, and a run that failed before
 * any suite (no table to show) keeps it too, for the reason.  Once drawn,
 * fbcon is detached so later lines do not scroll over it.
 */
#include "boot.h"
#include "fb.h"

#include <lib/printk.h>
#include <lib/string.h>

#define CLOSING_MAX_SUITES 64
#define CLOSING_NAME_MAX 28
#define CLOSING_ENTRY_COLS 36 /* cells per table column, at the least */
#define CLOSING_WHY_MAX 48 /* a skip's reason, as KTAP gave it */
#define CLOSING_BANNER_MUL 4 /* the verdict's size over the console's */

enum suite_state { SUITE_OK, SUITE_FAILED, SUITE_SKIPPED };

static struct {
	char name[CLOSING_NAME_MAX];
	enum suite_state state;
	unsigned int failed_cases;
	char why[CLOSING_WHY_MAX]; /* after "# SKIP ", for skipped suites */
} suites[CLOSING_MAX_SUITES];
static unsigned int nr_suites, nr_dropped;
static unsigned int pending_failed; /* nested "not ok" since the last suite */

static bool starts(const char *s, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - s) >= n && !memcmp(s, prefix, n);
}

static bool contains(const char *s, const char *end, const char *word)
{
	for (; s < end; s++)
		if (starts(s, end, word))
			return true;
	return false;
}

void fbclosing_log_line(const char *line, size_t len)
{
	const char *s = line, *end = line + len;
	bool failed;
	size_t n = 0;

	if (len && (line[0] == ' ' || line[0] == '\t')) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (starts(s, end, "not ok "))
			pending_failed++;
		return;
	}
	if (starts(s, end, "ok "))
		failed = false, s += 3;
	else if (starts(s, end, "not ok "))
		failed = true, s += 7;
	else
		return;
	while (s < end && *s >= '0' && *s <= '9')
		s++;
	if (s == end || *s != ' ')
		return; /* not a KTAP result line */
	s++;
	if (nr_suites == CLOSING_MAX_SUITES) {
		nr_dropped++;
		pending_failed = 0;
		return;
	}
	while (s + n < end && s[n] != ' ' && n + 1 < CLOSING_NAME_MAX) {
		suites[nr_suites].name[n] = s[n];
		n++;
	}
	suites[nr_suites].name[n] = '\0';
	suites[nr_suites].state = failed		     ? SUITE_FAILED :
				  contains(s, end, "# SKIP") ? SUITE_SKIPPED :
							       SUITE_OK;
	suites[nr_suites].failed_cases = pending_failed;
	suites[nr_suites].why[0] = '\0';
	for (const char *p = s; p < end; p++) {
		if (starts(p, end, "# SKIP ")) {
			size_t k = MIN((size_t)(end - p - 7),
				       (size_t)CLOSING_WHY_MAX - 1);

			memcpy(suites[nr_suites].why, p + 7, k);
			suites[nr_suites].why[k] = '\0';
			break;
		}
	}
	pending_failed = 0;
	nr_suites++;
}

static void draw_entry(u32 x, u32 y, unsigned int i, u32 max_cols)
{
	static const char *const word[] = { "ok", "not ok", "skip" };
	static const u32 colour[] = { FB_GREEN, FB_RED, FB_YELLOW };
	char buf[128];
	int n;

	n = scnprintf(buf, sizeof(buf), "%-7s %s", word[suites[i].state],
		      suites[i].name);
	if (suites[i].failed_cases)
		scnprintf(buf + n, sizeof(buf) - (size_t)n, " (%u case%s)",
			  suites[i].failed_cases,
			  suites[i].failed_cases == 1 ? "" : "s");
	else if (suites[i].why[0])
		scnprintf(buf + n, sizeof(buf) - (size_t)n, ": %s",
			  suites[i].why);
	fb_text(x, y, buf, max_cols, colour[suites[i].state], FB_BLACK);
}

void fbclosing_draw(const char *verdict, bool pass)
{
	u32 cw = fb_cell_width(), ch = fb_cell_height();
	u32 w = boot.fb.width, h = boot.fb.height, y = fbcon_text_top();
	u32 banner_h = (CLOSING_BANNER_MUL + 1) * ch;
	u32 bg = pass ? FB_VERDICT_PASS : FB_VERDICT_FAIL;
	u32 len = (u32)strlen(verdict);
	unsigned int counts[3] = { 0, 0, 0 };
	u32 per_col, ncols, rows, col_cells;
	char buf[128];

	if (!fb_active() || !nr_suites || !y || h < y + banner_h + 4 * ch)
		return;
	fbcon_detach();
	fb_fill(0, y, w, h - y, FB_BLACK);
	y += ch / 2;
	fb_fill(0, y, w, banner_h, bg);
	fb_text_mul(w / 2 > len * CLOSING_BANNER_MUL * cw / 2 ?
			    w / 2 - len * CLOSING_BANNER_MUL * cw / 2 :
			    0,
		    y + ch / 2, verdict, CLOSING_BANNER_MUL, FB_WHITE, bg);
	y += banner_h + ch / 2;

	for (unsigned int i = 0; i < nr_suites; i++)
		counts[suites[i].state]++;
	scnprintf(buf, sizeof(buf), "%u suites: %u ok, %u failed, %u skipped%s",
		  nr_suites + nr_dropped, counts[SUITE_OK],
		  counts[SUITE_FAILED], counts[SUITE_SKIPPED],
		  nr_dropped ? " (the table shows the first ones)" : "");
	fb_text(cw, y, buf, w / cw - 2, FB_WHITE, FB_BLACK);
	y += 2 * ch;

	/* The table: fill a column top to bottom, then the next; one row
	 * at the bottom stays for the footer. */
	rows = (h - y) / ch > 2 ? (h - y) / ch - 2 : 1;
	ncols = MAX((w / cw) / CLOSING_ENTRY_COLS, 1u);
	per_col = rows;
	/* As few columns as the suites need, each as wide as they share. */
	ncols = MIN(ncols, (nr_suites + per_col - 1) / per_col);
	col_cells = (w / cw - 1) / ncols;
	for (unsigned int i = 0; i < nr_suites; i++) {
		u32 col = i / per_col, row = i % per_col;

		if (col >= ncols)
			break;
		draw_entry(cw + col * col_cells * cw, y + row * ch, i,
			   col_cells - 1);
	}
	fb_text(cw, h - ch - ch / 4,
		"The full log and the JSON report went to the serial console (and, per persist=, to UEFI variables for the next boot).",
		w / cw - 2, FB_GREY, FB_BLACK);
}
