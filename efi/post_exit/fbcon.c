// SPDX-License-Identifier: MIT
/*
 * The screen console: printk's log drawn as text into the GOP framebuffer
 * after ExitBootServices, below the status area (fbstatus.c).
 *
 * post_exit_main calls fbcon_init() once, as soon as its own IDT is loaded
 * (so a fault while drawing is reported, not hung on).  Until paging_init
 * the firmware's page tables map the framebuffer; afterwards sparsemm's
 * own do (paging_init identity-maps boot.fb).  fbcon_init draws the status
 * area, replays the log ring from its oldest byte, so the lines printed
 * before ExitBootServices are on screen too, and registers the console.
 * Without a framebuffer it does nothing (gop.c has said why): the log goes
 * to serial only.
 *
 * The text lives in a cell array (character and colour per cell); the
 * framebuffer is only written, never read (fbdraw.c says why).  Scrolling
 * moves the cells up by a jump of an eighth of the rows at once and
 * redraws only the cells whose content changed, so a line costs a fraction
 * of a screen redraw even on uncached video memory.  The replay fills the
 * cells without drawing and draws the final screen once.
 *
 * Colours: a line gets one colour, chosen from its words, because the
 * console interface passes text without its log level and the replayed
 * ring keeps none: KTAP "not ok" red, "ok" green, "BUG:", "error",
 * "failed", "cannot", "fault" red, "WARN"/"warn" yellow, sparsemm's own
 * lines white, the report's JSON grey.
 *
 * Invariants: cur_row < rows and cur_col <= cols; cells past row_len[r]
 * are blank; the screen shows exactly the cells once the replay is drawn.
 */
#include "boot.h"
#include "fb.h"

#include <arch/arch.h>
#include <lib/printk.h>
#include <lib/string.h>

#define FBCON_MAX_COLS 512 /* wider screens use the left part */
#define FBCON_MAX_ROWS 192
#define FBCON_JUMP_DIV 8 /* a scroll moves rows / 8 rows at once */
#define FBCON_LINE_MAX 1024 /* longest line classified as a whole */
#define FBCON_TAB 8
#define FBCON_REPLAY_CHUNK 512
#define FBCON_BG FB_BLACK

enum fbcon_colour {
	COL_TEXT,
	COL_BRIGHT,
	COL_RED,
	COL_GREEN,
	COL_YELLOW,
	NR_COLOURS
};

static const u32 palette_rgb[NR_COLOURS] = {
	[COL_TEXT] = FB_GREY,	[COL_BRIGHT] = FB_WHITE,  [COL_RED] = FB_RED,
	[COL_GREEN] = FB_GREEN, [COL_YELLOW] = FB_YELLOW,
};

struct cell {
	u8 ch; /* 0: blank */
	u8 colour; /* enum fbcon_colour */
};

static struct cell cells[FBCON_MAX_ROWS][FBCON_MAX_COLS];
static u16 row_len[FBCON_MAX_ROWS]; /* cells in use; the rest blank */
static u32 palette_px[NR_COLOURS], bg_px;
static u32 cw, ch; /* cell size in pixels */
static u32 text_y; /* first pixel row of the text area */
static u32 rows, cols, jump;
static u32 cur_row, cur_col;
static u8 cur_colour;
static char line[FBCON_LINE_MAX]; /* the current line, for its colour */
static size_t line_len;
static u32 line_row; /* where the current line began */
static bool line_scrolled; /* its start has scrolled off the top */
static bool live; /* draw as cells change (off during replay) */
static bool drawing; /* inside fbcon_write: a fault there disables us */
static u64 scroll_cycles, scrolls;

static void draw_cell(u32 r, u32 c)
{
	const struct cell *k = &cells[r][c];

	if (!k->ch)
		fb_fill(c * cw, text_y + r * ch, cw, ch, FBCON_BG);
	else
		fb_glyph(c * cw, text_y + r * ch, k->ch, palette_px[k->colour],
			 bg_px);
}

static bool cell_eq(const struct cell *a, const struct cell *b)
{
	return a->ch == b->ch && a->colour == b->colour;
}

/* Move the text up by n rows, redrawing only the cells that change. */
static void scroll_up(u32 n)
{
	u64 t0 = arch_cycles();

	for (u32 r = 0; r + n < rows; r++) {
		u32 len = MAX(row_len[r], row_len[r + n]);

		for (u32 c = 0; c < len; c++) {
			if (cell_eq(&cells[r][c], &cells[r + n][c]))
				continue;
			cells[r][c] = cells[r + n][c];
			if (live)
				draw_cell(r, c);
		}
		row_len[r] = row_len[r + n];
	}
	for (u32 r = rows - n; r < rows; r++) {
		if (live && row_len[r])
			fb_fill(0, text_y + r * ch, row_len[r] * cw, ch,
				FBCON_BG);
		memset(cells[r], 0, row_len[r] * sizeof(struct cell));
		row_len[r] = 0;
	}
	cur_row -= n;
	if (line_row >= n)
		line_row -= n;
	else
		line_scrolled = true;
	scroll_cycles += arch_cycles() - t0;
	scrolls++;
}

static void new_row(void)
{
	cur_col = 0;
	if (cur_row + 1 >= rows)
		scroll_up(jump);
	cur_row++;
}

static void put_char(unsigned char c)
{
	struct cell *k;

	if (cur_col >= cols)
		new_row();
	k = &cells[cur_row][cur_col];
	*k = c == ' ' ? (struct cell){ 0, 0 } : (struct cell){ c, cur_colour };
	cur_col++;
	row_len[cur_row] = (u16)MAX(row_len[cur_row], cur_col);
	if (live)
		draw_cell(cur_row, cur_col - 1);
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static bool contains(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, word, n))
			return true;
	return false;
}

/* The colour of a log line, from its words (see the overview). */
static u8 line_colour(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len && (*s == '"' || *s == '{' || *s == '}'))
		return COL_TEXT; /* the report's JSON: keys say "error" */
	if (starts_with(s, len, "not ok"))
		return COL_RED;
	if (starts_with(s, len, "ok "))
		return contains(s, len, "# SKIP") ? COL_YELLOW : COL_GREEN;
	if (contains(s, len, "verdict: PASS"))
		return COL_GREEN;
	if (contains(s, len, "verdict: ") || contains(s, len, "BUG:") ||
	    contains(s, len, "ERROR") || contains(s, len, "error") ||
	    contains(s, len, "failed") || contains(s, len, "cannot ") ||
	    contains(s, len, "fault") || contains(s, len, "Bad page"))
		return COL_RED;
	if (contains(s, len, "WARN") || contains(s, len, "warn"))
		return COL_YELLOW;
	if (starts_with(s, len, "sparsemm:") || starts_with(s, len, "KTAP"))
		return COL_BRIGHT;
	return COL_TEXT;
}

/* Give the finished line its final colour when its first words did not
 * tell (e.g. "ok" arriving after a KERN_CONT). */
static void recolour_line(u8 colour)
{
	for (u32 r = line_scrolled ? 0 : line_row; r <= cur_row; r++)
		for (u32 c = 0; c < row_len[r]; c++) {
			if (!cells[r][c].ch || cells[r][c].colour == colour)
				continue;
			cells[r][c].colour = colour;
			if (live)
				draw_cell(r, c);
		}
}

static void end_line(void)
{
	u8 colour = line_colour(line, line_len);

	if (colour != cur_colour && line_len < FBCON_LINE_MAX)
		recolour_line(colour);
	fbstatus_log_line(line, line_len);
	fbclosing_log_line(line, line_len);
	line_len = 0;
	new_row();
}

static void fbcon_emit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			end_line();
			continue;
		}
		if (!line_len) {
			/* A new line: its colour from the text at hand. */
			cur_colour = line_colour(s + i, n - i);
			line_row = cur_row;
			line_scrolled = false;
		}
		if (line_len < FBCON_LINE_MAX)
			line[line_len++] = (char)c;
		if (c == '\t') {
			do
				put_char(' ');
			while (cur_col % FBCON_TAB && cur_col < cols);
		} else if (c >= ' ') {
			put_char(c);
		}
	}
}

/*
 * A fault while drawing (the framebuffer unmapped, say) re-enters here
 * through the fault report's printk: then the screen is given up, so the
 * report still reaches the other consoles instead of faulting again.
 */
static void fbcon_write(struct console *con, const char *s, size_t n)
{
	if (!fb_active())
		return;
	if (drawing) {
		fb_disable();
		return;
	}
	drawing = true;
	fbcon_emit(s, n);
	drawing = false;
}

static struct console fb_console = { .name = "fb", .write = fbcon_write };

/* Feed the log ring from its oldest byte up to 'end' into the cells. */
static void replay(u64 end)
{
	char chunk[FBCON_REPLAY_CHUNK];
	u64 from = log_buf_first();
	size_t n;

	while (from < end &&
	       (n = log_buf_read(from, chunk, MIN(sizeof(chunk), end - from))) >
		       0) {
		fbcon_emit(chunk, n);
		from += n;
	}
}

void fbcon_init(void)
{
	u64 end = log_buf_written();
	u64 t0 = arch_cycles();
	u32 status_h;

	if (!fbdraw_init())
		return; /* gop_collect said why */
	cw = fb_cell_width();
	ch = fb_cell_height();
	bg_px = fb_pixel(FBCON_BG);
	for (int i = 0; i < NR_COLOURS; i++)
		palette_px[i] = fb_pixel(palette_rgb[i]);
	fb_fill(0, 0, boot.fb.width, boot.fb.height, FBCON_BG);
	status_h = fbstatus_init();
	text_y = status_h;
	cols = MIN(boot.fb.width / cw, (u32)FBCON_MAX_COLS);
	rows = boot.fb.height > text_y ? (boot.fb.height - text_y) / ch : 0;
	rows = MIN(rows, (u32)FBCON_MAX_ROWS);
	if (rows < 2 || cols < 2) {
		fb_disable();
		pr_warn("fbcon: a %ux%u screen leaves no room for text: no screen console\n",
			boot.fb.width, boot.fb.height);
		return;
	}
	jump = MAX(rows / FBCON_JUMP_DIV, 1u);

	replay(end);
	for (u32 r = 0; r < rows; r++)
		for (u32 c = 0; c < row_len[r]; c++)
			if (cells[r][c].ch)
				draw_cell(r, c);
	live = true;
	register_console(&fb_console);
	pr_info("fbcon: %ux%u, font 8x16 scaled x%u: %ux%u text cells below a %u px status area, scrolling %u rows at a time; log replayed in %llu ms\n",
		boot.fb.width, boot.fb.height, fb_scale(), cols, rows, status_h,
		jump,
		(unsigned long long)((arch_cycles() - t0) * 1000 /
				     MAX(arch_cycles_per_sec(), 1ULL)));
}

u32 fbcon_text_top(void)
{
	return text_y;
}

void fbcon_detach(void)
{
	unregister_console(&fb_console);
	live = false;
}

void fbcon_stats(u64 *nr_scrolls, u64 *us)
{
	*nr_scrolls = scrolls;
	*us = scroll_cycles * 1000000 / MAX(arch_cycles_per_sec(), 1ULL);
}
