/* SPDX-License-Identifier: MIT */
/*
 * LZSS, the small LZ77 variant of Okumura's LZSS.C, for the reports sparsemm
 * keeps in UEFI variables (efi/post_exit/report_store.c) and reads back on the next
 * boot (efi/pre_exit/report_export.c) or from Linux (tools/efivar-report, which has
 * its own copy of the decoder in Python).
 *
 * The stream is a sequence of groups: one flag byte, then up to eight
 * items, bit i of the flag (least significant first) saying what item i is:
 *
 *   1  a literal byte
 *   0  a match of two bytes  b0 b1:
 *        distance = (b0 | (b1 >> 4) << 8) + 1      1 .. LZSS_WINDOW
 *        length   = (b1 & 0xf) + LZSS_MIN_MATCH     3 .. LZSS_MAX_MATCH
 *      copy 'length' bytes starting 'distance' bytes back (overlap allowed)
 *
 * The stream has no end marker: the decoder is told the decoded size and
 * stops there, and the encoder never emits an item past the last byte.
 * Log text shrinks to about a third.
 */
#ifndef LIB_LZSS_H
#define LIB_LZSS_H

#include <lib/types.h>

#define LZSS_WINDOW 4096 /* 12 distance bits */
#define LZSS_MIN_MATCH 3 /* a 2-byte match item pays off from 3 bytes */
#define LZSS_MAX_MATCH (LZSS_MIN_MATCH + 15) /* 4 length bits */
#define LZSS_BLOCK 8192 /* input read per step, after the window */
#define LZSS_HASH_BITS 12
#define LZSS_MAX_CHAIN 48 /* candidates tried per position */

/* Where the encoder reads from: read(ctx, off, dst, len) copies up to len
 * bytes at offset off of the input and returns how many it copied (fewer
 * only at the end of the input). */
struct lzss_source {
	size_t (*read)(void *ctx, u64 off, void *dst, size_t len);
	void *ctx;
	u64 start; /* first offset to encode */
	u64 len; /* bytes to encode */
};

/* The encoder's working memory (about 45 KiB): the caller provides it, so
 * that the firmware can keep it static and host programs can allocate it. */
struct lzss_work {
	u8 buf[LZSS_WINDOW + LZSS_BLOCK];
	u16 head[1u << LZSS_HASH_BITS];
	u16 prev[LZSS_WINDOW + LZSS_BLOCK];
};

/* What an encoding did. */
struct lzss_result {
	size_t out_len; /* bytes of stream written */
	u64 in_len; /* input bytes encoded (all of it on success) */
	u32 crc; /* CRC-32 of those input bytes */
};

/*
 * Encode src into out[0..cap).  Returns 0 when all of the input was
 * encoded, -ENOSPC when the stream would not fit in cap bytes (res then
 * says how much input fitted, for a caller that wants to retry with less),
 * or -EINVAL when the source returned fewer bytes than src->len promised.
 */
int lzss_compress(const struct lzss_source *src, struct lzss_work *work,
		  u8 *out, size_t cap, struct lzss_result *res);

/*
 * Decode in[0..in_len) into exactly out_len bytes at out.  Returns 0, or
 * -EINVAL when the stream is corrupt: a distance reaching before the start
 * of the output, an item crossing out_len, input ending early, or bytes left
 * over after out_len was reached (beyond the unused bits of the last flag).
 */
int lzss_decompress(const u8 *in, size_t in_len, u8 *out, size_t out_len);

#endif
