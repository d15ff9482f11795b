/* SPDX-License-Identifier: MIT */
/*
 * The bitmap font sparsemm draws its screen with (lib/font8x16.c): 8x16
 * cells, printable ASCII 0x20..0x7e.  Row r of a glyph is one byte, bit 7
 * the leftmost pixel.  Anything outside the range draws as FONT_MISSING.
 */
#ifndef LIB_FONT_H
#define LIB_FONT_H

#include <lib/types.h>

#define FONT_WIDTH 8
#define FONT_HEIGHT 16
#define FONT_FIRST 0x20
#define FONT_LAST 0x7e
#define FONT_MISSING '?'

extern const u8 font8x16[FONT_LAST - FONT_FIRST + 1][FONT_HEIGHT];

/* The glyph rows for character c (FONT_MISSING's outside the range). */
static inline const u8 *font_glyph(unsigned char c)
{
	if (c < FONT_FIRST || c > FONT_LAST)
		c = FONT_MISSING;
	return font8x16[c - FONT_FIRST];
}

#endif
