// SPDX-License-Identifier: MIT
/*
 * LZSS encoder and decoder (the stream format is in include/lib/lzss.h).
 *
 * The encoder reads its input in blocks of LZSS_BLOCK bytes through a
 * callback, so it can encode the printk ring in place without a copy of
 * the whole log.  The last LZSS_WINDOW bytes of the previous block stay in
 * front of the current one as the dictionary.  Matches are found with hash
 * chains over three-byte prefixes (greedy, at most LZSS_MAX_CHAIN
 * candidates per position); a match never runs past the end of the bytes
 * read so far, which costs a few bytes per block and keeps the code simple.
 */
#include <lib/crc32.h>
#include <lib/lzss.h>
#include <lib/string.h>

#define LZSS_NIL 0xffff
#define LZSS_FLAG_ITEMS 8

BUILD_BUG_ON(LZSS_WINDOW + LZSS_BLOCK >= LZSS_NIL);
BUILD_BUG_ON(LZSS_WINDOW != 1u << 12);
BUILD_BUG_ON(LZSS_MAX_MATCH - LZSS_MIN_MATCH != 15);

static unsigned int lzss_hash(const u8 *p)
{
	u32 v = (u32)p[0] << 16 | (u32)p[1] << 8 | p[2];

	/* Fibonacci hashing: the top bits of v times 2^32 / phi. */
	return (v * 2654435761u) >> (32 - LZSS_HASH_BITS);
}

static void lzss_insert(struct lzss_work *w, size_t pos)
{
	unsigned int h = lzss_hash(w->buf + pos);

	w->prev[pos] = w->head[h];
	w->head[h] = (u16)pos;
}

/* Longest earlier match for buf[i .. i + max); returns its length (0 when
 * shorter than LZSS_MIN_MATCH) and its distance in *dist. */
static size_t lzss_longest(const struct lzss_work *w, size_t i, size_t max,
			   size_t *dist)
{
	size_t best = 0;
	unsigned int chain = LZSS_MAX_CHAIN;

	if (max < LZSS_MIN_MATCH)
		return 0;
	for (u16 p = w->head[lzss_hash(w->buf + i)]; p != LZSS_NIL && chain--;
	     p = w->prev[p]) {
		size_t n = 0;

		if (i - p > LZSS_WINDOW)
			break; /* chains run from newest to oldest */
		while (n < max && w->buf[p + n] == w->buf[i + n])
			n++;
		if (n > best) {
			best = n;
			*dist = i - p;
			if (n == max)
				break;
		}
	}
	return best >= LZSS_MIN_MATCH ? best : 0;
}

int lzss_compress(const struct lzss_source *src, struct lzss_work *w, u8 *out,
		  size_t cap, struct lzss_result *res)
{
	size_t win = 0, o = 0, flag_pos = 0;
	unsigned int items = LZSS_FLAG_ITEMS; /* a new group starts first */
	u64 done = 0;

	*res = (struct lzss_result){ 0 };
	while (done < src->len) {
		size_t want = (size_t)MIN((u64)LZSS_BLOCK, src->len - done);
		size_t got = src->read(src->ctx, src->start + done,
				       w->buf + win, want);
		size_t end = win + got, i = win;

		if (got != want)
			return -EINVAL;
		memset(w->head, 0xff, sizeof(w->head));
		for (size_t j = 0; j < win && j + LZSS_MIN_MATCH <= end; j++)
			lzss_insert(w, j);
		while (i < end) {
			size_t dist = 0;
			size_t len = lzss_longest(
				w, i, MIN(end - i, (size_t)LZSS_MAX_MATCH),
				&dist);
			size_t need =
				(items == LZSS_FLAG_ITEMS) + (len ? 2 : 1);

			if (o + need > cap) {
				res->out_len = o;
				res->in_len = done + (i - win);
				return -ENOSPC;
			}
			if (items == LZSS_FLAG_ITEMS) {
				flag_pos = o++;
				out[flag_pos] = 0;
				items = 0;
			}
			if (len) {
				out[o++] = (u8)(dist - 1);
				out[o++] = (u8)(((dist - 1) >> 8) << 4 |
						(len - LZSS_MIN_MATCH));
			} else {
				len = 1;
				out[flag_pos] |= (u8)(1u << items);
				out[o++] = w->buf[i];
			}
			items++;
			res->crc = crc32(res->crc, w->buf + i, len);
			for (size_t j = i; j < i + len; j++)
				if (j + LZSS_MIN_MATCH <= end)
					lzss_insert(w, j);
			i += len;
		}
		done += got;
		/* Keep the newest LZSS_WINDOW bytes as the next dictionary. */
		win = MIN(end, (size_t)LZSS_WINDOW);
		memmove(w->buf, w->buf + end - win, win);
	}
	res->out_len = o;
	res->in_len = done;
	return 0;
}

int lzss_decompress(const u8 *in, size_t in_len, u8 *out, size_t out_len)
{
	size_t i = 0, o = 0;

	while (o < out_len) {
		u8 flags;

		if (i >= in_len)
			return -EINVAL;
		flags = in[i++];
		for (unsigned int bit = 0; bit < LZSS_FLAG_ITEMS && o < out_len;
		     bit++) {
			size_t dist, len;

			if (flags & (1u << bit)) {
				if (i >= in_len)
					return -EINVAL;
				out[o++] = in[i++];
				continue;
			}
			if (in_len - i < 2)
				return -EINVAL;
			dist = ((size_t)in[i] | (size_t)(in[i + 1] >> 4) << 8) +
			       1;
			len = (size_t)(in[i + 1] & 0xf) + LZSS_MIN_MATCH;
			i += 2;
			if (dist > o || len > out_len - o)
				return -EINVAL;
			/* Byte by byte: a match may overlap its own output. */
			for (size_t k = 0; k < len; k++, o++)
				out[o] = out[o - dist];
		}
	}
	return i == in_len ? 0 : -EINVAL;
}
