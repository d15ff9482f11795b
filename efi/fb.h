/* SPDX-License-Identifier: MIT */
/*
 * The screen: the GOP framebuffer taken before ExitBootServices (gop.c),
 * the text console drawn into it afterwards (fbcon.c) and the status area
 * at its top (fbstatus.c).  struct fb_info lives in boot_info (boot.fb):
 * base 0 means there is no framebuffer sparsemm can draw into, and then
 * none of the functions below draws anything.
 *
 * Layout of the screen (y grows downwards):
 *
 *   +---------------------------------------------+---------+
 *   | machine, memory          (status text rows) | VERDICT |
 *   | suite, progress, errors                     |  box    |
 *   +---------------------------------------------+---------+
 *   | physical address space bar: e820 types, zones, nodes  |
 *   | legend                                                |
 *   +-------------------------------------------------------+
 *   | the log (scrolls)                                     |
 *   +-------------------------------------------------------+
 */
#ifndef EFI_FB_H
#define EFI_FB_H

#include <lib/types.h>

struct e820_table;

enum fb_format {
	FB_FORMAT_NONE, /* no framebuffer (headless or BltOnly) */
	FB_FORMAT_RGB8, /* byte 0 red, 1 green, 2 blue, 3 reserved */
	FB_FORMAT_BGR8, /* byte 0 blue, 1 green, 2 red, 3 reserved */
	FB_FORMAT_BITMASK, /* 32-bit pixels laid out by the masks */
};

struct fb_info {
	phys_addr_t base; /* identity-mapped after paging_init; 0: none */
	u64 size; /* bytes, as GOP reports them */
	u32 width, height; /* pixels */
	u32 stride; /* pixels per scan line (>= width) */
	enum fb_format format;
	u32 red_mask, green_mask, blue_mask; /* FB_FORMAT_BITMASK only */
	u32 mode; /* the GOP mode number in use */
};

/* Colours as 0xRRGGBB; fb_pixel() turns them into the mode's pixels. */
#define FB_BLACK 0x000000
#define FB_WHITE 0xffffff
#define FB_GREY 0xc0c0c0
#define FB_DARK_GREY 0x404040
#define FB_RED 0xff5050
#define FB_GREEN 0x40e040
#define FB_YELLOW 0xffe040
#define FB_CYAN 0x40d0e0
#define FB_STATUS_BG 0x102040 /* the status area's background */
#define FB_VERDICT_RUN 0x806000 /* the verdict box while running */
#define FB_VERDICT_PASS 0x00b000
#define FB_VERDICT_FAIL 0xd00000

/* gop.c, before ExitBootServices: find the GOP, choose and set a mode
 * (screen=WxH, else the current mode if at least 800x600, else the largest
 * up to 1920x1080), record it in boot.fb, and say what was chosen.  On a
 * machine without a usable framebuffer boot.fb.base stays 0 and one line
 * says why. */
void gop_collect(void);
/* gop.c, after memblock is built: keep the framebuffer out of the page
 * allocator if it lies in RAM (some GOP drivers draw into a RAM buffer). */
void gop_reserve_framebuffer(void);

/* fbcon.c: after ExitBootServices (the framebuffer reachable at its
 * physical address), draw the status area, replay the whole log and
 * register the console.  Does nothing without a framebuffer (gop.c has
 * said why). */
void fbcon_init(void);
/* Scrolls so far and the time they took, for the closing line. */
void fbcon_stats(u64 *nr_scrolls, u64 *us);
/* The first pixel row below the status area (0 without one). */
u32 fbcon_text_top(void);
/* Stop drawing the log: the closing screen stays as drawn. */
void fbcon_detach(void);

/* fbclosing.c: the closing screen (docs/screen.md).  Fed every complete
 * log line by fbcon (top-level KTAP results: one per suite); drawn by
 * sparsemm_finish after the verdict for PASS and FAIL. */
void fbclosing_log_line(const char *line, size_t len);
void fbclosing_draw(const char *verdict, bool pass);

/* fbdraw.c: the drawing primitives (no-ops while inactive).
 * fbdraw_init() takes boot.fb and fixes the font scale; false without a
 * framebuffer.  fb_disable() stops all drawing for good. */
bool fbdraw_init(void);
bool fb_active(void);
void fb_disable(void);
u32 fb_pixel(u32 rgb); /* 0xRRGGBB as a pixel of the mode */
void fb_fill(u32 x, u32 y, u32 w, u32 h, u32 rgb);
/* One character cell at pixel (x, y), colours as fb_pixel() values. */
void fb_glyph(u32 x, u32 y, unsigned char c, u32 fg_px, u32 bg_px);
/* Text at pixel (x, y), at most max_cols cells, in the console's font. */
void fb_text(u32 x, u32 y, const char *s, u32 max_cols, u32 fg, u32 bg);
/* Text magnified twice more than the console's (the verdict). */
void fb_text_big(u32 x, u32 y, const char *s, u32 fg, u32 bg);
/* Text magnified mul (1..FB_MAX_MUL) times more than the console's. */
#define FB_MAX_MUL 4
void fb_text_mul(u32 x, u32 y, const char *s, u32 mul, u32 fg, u32 bg);
u32 fb_cell_width(void); /* font cell size in pixels (scaled) */
u32 fb_cell_height(void);
u32 fb_scale(void);

/* fbstatus.c */
/* Lay out and draw the status area; returns its height in pixels (the
 * log starts below it).  Called by fbcon_init. */
u32 fbstatus_init(void);
/* The memory bar, once zones and nodes exist. */
void fbstatus_memory(const struct e820_table *e820);
/* The verdict box: "PASS" green, anything else red. */
void fbstatus_verdict(const char *verdict, bool pass);
/* Fed by fbcon with each complete log line: KTAP suites and failures. */
void fbstatus_log_line(const char *line, size_t len);

#endif
