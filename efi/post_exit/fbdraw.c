// SPDX-License-Identifier: MIT
/*
 * Pixels: the drawing primitives of the screen (fb.h) over the GOP
 * framebuffer recorded in boot.fb.  fbcon.c (the log) and fbstatus.c (the
 * status area) draw only through these.
 *
 * fbdraw_init() fixes the font scale from the screen height: a whole factor,
 * 1 up to 1080p-class screens, 2 on 4K, so text keeps its physical size.
 * Everything here only ever writes the framebuffer, never reads it: on a PC
 * the framebuffer is video memory that the firmware's MTRRs make uncached,
 * where a read costs a bus round trip.
 *
 * Invariant: nothing is written outside [0, width) x [0, height); every
 * primitive clips or refuses.
 */
#include "boot.h"
#include "fb.h"

#include <lib/font.h>

#define FB_HEIGHT_PER_SCALE 1080 /* each 1080 lines of height: +1 scale */
#define FB_MAX_SCALE 4
#define FB_BIG_MUL 2 /* fb_text_big's extra magnification */
#define FB_CHANNEL_BITS 8

static struct fb_info fb; /* a copy of boot.fb */
static u32 *fb_mem; /* NULL: nothing is drawn */
static u32 scale, cell_w, cell_h;

bool fb_active(void)
{
	return fb_mem != NULL;
}

void fb_disable(void)
{
	fb_mem = NULL;
}

u32 fb_cell_width(void)
{
	return cell_w;
}

u32 fb_cell_height(void)
{
	return cell_h;
}

u32 fb_scale(void)
{
	return scale;
}

bool fbdraw_init(void)
{
	if (!boot.fb.base)
		return false;
	fb = boot.fb;
	scale = MIN(MAX(fb.height / FB_HEIGHT_PER_SCALE, 1u),
		    (u32)FB_MAX_SCALE);
	cell_w = FONT_WIDTH * scale;
	cell_h = FONT_HEIGHT * scale;
	fb_mem = (u32 *)(uintptr_t)fb.base;
	return true;
}

/* One 8-bit channel into a bit mask's field. */
static u32 mask_channel(u32 v8, u32 mask)
{
	unsigned int shift = 0, bits = 0;

	if (!mask)
		return 0;
	while (!(mask >> shift & 1))
		shift++;
	while (shift + bits < 32 && (mask >> (shift + bits) & 1))
		bits++;
	if (bits < FB_CHANNEL_BITS)
		v8 >>= FB_CHANNEL_BITS - bits;
	else
		v8 <<= bits - FB_CHANNEL_BITS;
	return (v8 << shift) & mask;
}

/*
 * 0xRRGGBB as a pixel of the mode.  UEFI 2.10, 12.9
 * (EFI_GRAPHICS_PIXEL_FORMAT): RGB puts red in byte 0 of the little-endian
 * 32-bit pixel, BGR blue; PixelBitMask places each channel by its mask.
 */
u32 fb_pixel(u32 rgb)
{
	u32 r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;

	switch (fb.format) {
	case FB_FORMAT_RGB8:
		return r | g << 8 | b << 16;
	case FB_FORMAT_BGR8:
		return b | g << 8 | r << 16;
	case FB_FORMAT_BITMASK:
		return mask_channel(r, fb.red_mask) |
		       mask_channel(g, fb.green_mask) |
		       mask_channel(b, fb.blue_mask);
	default:
		return 0;
	}
}

void fb_fill(u32 x, u32 y, u32 w, u32 h, u32 rgb)
{
	u32 px = fb_pixel(rgb);

	if (!fb_mem || x >= fb.width || y >= fb.height)
		return;
	w = MIN(w, fb.width - x);
	h = MIN(h, fb.height - y);
	for (u32 j = 0; j < h; j++) {
		u32 *p = fb_mem + (u64)(y + j) * fb.stride + x;

		for (u32 i = 0; i < w; i++)
			p[i] = px;
	}
}

/* One glyph at pixel (x, y), magnified sc times: each glyph row is built
 * once at the scaled width, then written to sc pixel rows. */
static void draw_glyph(u32 x, u32 y, unsigned char c, u32 fg_px, u32 bg_px,
		       u32 sc)
{
	const u8 *g = font_glyph(c);
	u32 span[FONT_WIDTH * FB_MAX_SCALE * FB_MAX_MUL];
	u32 w = FONT_WIDTH * sc;

	if (!fb_mem || x + w > fb.width || y + FONT_HEIGHT * sc > fb.height)
		return;
	for (u32 r = 0; r < FONT_HEIGHT; r++) {
		for (u32 b = 0; b < FONT_WIDTH; b++) {
			u32 px = (g[r] << b) & 0x80 ? fg_px : bg_px;

			for (u32 s = 0; s < sc; s++)
				span[b * sc + s] = px;
		}
		for (u32 s = 0; s < sc; s++) {
			u32 *p = fb_mem + (u64)(y + r * sc + s) * fb.stride + x;

			for (u32 i = 0; i < w; i++)
				p[i] = span[i];
		}
	}
}

void fb_glyph(u32 x, u32 y, unsigned char c, u32 fg_px, u32 bg_px)
{
	draw_glyph(x, y, c, fg_px, bg_px, scale);
}

void fb_text(u32 x, u32 y, const char *s, u32 max_cols, u32 fg, u32 bg)
{
	u32 fg_px = fb_pixel(fg), bg_px = fb_pixel(bg);

	for (u32 i = 0; i < max_cols && s[i]; i++)
		draw_glyph(x + i * cell_w, y, (unsigned char)s[i], fg_px, bg_px,
			   scale);
}

void fb_text_mul(u32 x, u32 y, const char *s, u32 mul, u32 fg, u32 bg)
{
	u32 fg_px = fb_pixel(fg), bg_px = fb_pixel(bg);
	u32 sc = scale * MIN(MAX(mul, 1u), (u32)FB_MAX_MUL);

	for (u32 i = 0; s[i]; i++)
		draw_glyph(x + i * FONT_WIDTH * sc, y, (unsigned char)s[i],
			   fg_px, bg_px, sc);
}

void fb_text_big(u32 x, u32 y, const char *s, u32 fg, u32 bg)
{
	fb_text_mul(x, y, s, FB_BIG_MUL, fg, bg);
}
