// SPDX-License-Identifier: MIT
/*
 * The stored report's format, shared by the firmware's writer
 * (efi/post_exit/report_store.c) and reader (efi/pre_exit/report_export.c): header encoding
 * and checks, variable names, the storage budget, and the names of the
 * files the report becomes.  Portable, so the unit tests (test_report_vars)
 * check exactly what the firmware runs.
 */
#include <lib/printk.h>
#include <lib/report_format.h>
#include <lib/report_vars.h>
#include <lib/string.h>

/* Byte offsets in the encoded header (include/lib/report_vars.h). */
enum {
	RV_OFF_MAGIC = 0,
	RV_OFF_VERSION = 8,
	RV_OFF_HEADER_SIZE = 12,
	RV_OFF_FLAGS = 16,
	RV_OFF_NR_CHUNKS = 20,
	RV_OFF_CHUNK_SIZE = 24,
	RV_OFF_STORED_SIZE = 28,
	RV_OFF_RAW_SIZE = 32,
	RV_OFF_RAW_CRC = 36,
	RV_OFF_STORED_CRC = 40,
	RV_OFF_VERDICT = 44,
	RV_OFF_LOG_OFFSET = 48,
	RV_OFF_LOG_TOTAL = 56,
	RV_OFF_DATE = 64,
	RV_OFF_MACHINE = RV_OFF_DATE + RV_DATE_LEN,
	RV_OFF_END = RV_OFF_MACHINE + RV_MACHINE_LEN,
};

BUILD_BUG_ON(RV_OFF_END != RV_HEADER_BYTES);
BUILD_BUG_ON(sizeof(RV_MAGIC) - 1 != RV_MAGIC_LEN);

static void put_le(u8 *p, u64 v, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u64 get_le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

static void put_str(u8 *p, const char *s, size_t field)
{
	size_t n = strnlen(s, field - 1);

	memset(p, 0, field);
	memcpy(p, s, n);
}

void rv_header_encode(const struct rv_header *h, u8 *out)
{
	memset(out, 0, RV_HEADER_BYTES);
	memcpy(out + RV_OFF_MAGIC, RV_MAGIC, RV_MAGIC_LEN);
	put_le(out + RV_OFF_VERSION, RV_VERSION, 4);
	put_le(out + RV_OFF_HEADER_SIZE, RV_HEADER_BYTES, 4);
	put_le(out + RV_OFF_FLAGS, h->flags, 4);
	put_le(out + RV_OFF_NR_CHUNKS, h->nr_chunks, 4);
	put_le(out + RV_OFF_CHUNK_SIZE, h->chunk_size, 4);
	put_le(out + RV_OFF_STORED_SIZE, h->stored_size, 4);
	put_le(out + RV_OFF_RAW_SIZE, h->raw_size, 4);
	put_le(out + RV_OFF_RAW_CRC, h->raw_crc, 4);
	put_le(out + RV_OFF_STORED_CRC, h->stored_crc, 4);
	put_le(out + RV_OFF_VERDICT, h->verdict, 4);
	put_le(out + RV_OFF_LOG_OFFSET, h->log_offset, 8);
	put_le(out + RV_OFF_LOG_TOTAL, h->log_total, 8);
	put_str(out + RV_OFF_DATE, h->date, RV_DATE_LEN);
	put_str(out + RV_OFF_MACHINE, h->machine, RV_MACHINE_LEN);
}

static bool get_str(char *dst, const u8 *p, size_t field)
{
	size_t n = strnlen((const char *)p, field);

	if (n == field)
		return false;
	memcpy(dst, p, n + 1);
	return true;
}

int rv_header_decode(const u8 *buf, size_t len, struct rv_header *h,
		     const char **why)
{
	*why = NULL;
	memset(h, 0, sizeof(*h));
	if (len < RV_HEADER_BYTES)
		*why = "header shorter than 128 bytes";
	else if (memcmp(buf + RV_OFF_MAGIC, RV_MAGIC, RV_MAGIC_LEN))
		*why = "bad magic (not a sparsemm report header)";
	else if (get_le(buf + RV_OFF_VERSION, 4) != RV_VERSION)
		*why = "unknown header version";
	else if (get_le(buf + RV_OFF_HEADER_SIZE, 4) != RV_HEADER_BYTES ||
		 len != RV_HEADER_BYTES)
		*why = "header size is not 128 bytes";
	if (*why)
		return -EINVAL;

	h->flags = (u32)get_le(buf + RV_OFF_FLAGS, 4);
	h->nr_chunks = (u32)get_le(buf + RV_OFF_NR_CHUNKS, 4);
	h->chunk_size = (u32)get_le(buf + RV_OFF_CHUNK_SIZE, 4);
	h->stored_size = (u32)get_le(buf + RV_OFF_STORED_SIZE, 4);
	h->raw_size = (u32)get_le(buf + RV_OFF_RAW_SIZE, 4);
	h->raw_crc = (u32)get_le(buf + RV_OFF_RAW_CRC, 4);
	h->stored_crc = (u32)get_le(buf + RV_OFF_STORED_CRC, 4);
	h->verdict = (u32)get_le(buf + RV_OFF_VERDICT, 4);
	h->log_offset = get_le(buf + RV_OFF_LOG_OFFSET, 8);
	h->log_total = get_le(buf + RV_OFF_LOG_TOTAL, 8);

	if (h->flags & ~RV_FLAGS_KNOWN)
		*why = "unknown flags";
	else if (!h->chunk_size || h->chunk_size > RV_CHUNK_MAX)
		*why = "chunk size out of range";
	else if (h->nr_chunks > RV_MAX_CHUNKS ||
		 h->nr_chunks != rv_chunks_for(h->stored_size, h->chunk_size))
		*why = "chunk count does not match the stored size";
	else if (h->raw_size > RV_RAW_MAX)
		*why = "decoded size above the 64 MiB limit";
	else if (!(h->flags & RV_FLAG_LZSS) && h->raw_size != h->stored_size)
		*why = "uncompressed report whose sizes differ";
	else if (!!(h->flags & RV_FLAG_TRUNCATED) != (h->log_offset > 0))
		*why = "truncation flag and log offset disagree";
	else if (h->verdict > RV_VERDICT_CRASH)
		*why = "unknown verdict";
	else if (!get_str(h->date, buf + RV_OFF_DATE, RV_DATE_LEN) ||
		 !get_str(h->machine, buf + RV_OFF_MACHINE, RV_MACHINE_LEN))
		*why = "date or machine not NUL-terminated";
	return *why ? -EINVAL : 0;
}

void rv_chunk_name(char *buf, size_t size, u32 i)
{
	scnprintf(buf, size, RV_HEADER_NAME "%04u", (unsigned int)i);
}

int rv_plan(const struct rv_store_info *info, struct rv_plan *plan,
	    const char **why)
{
	u64 reserve =
		MAX((u64)RV_MIN_FREE, info->max_storage / RV_FREE_FRACTION);
	u64 avail, chunk, per_chunk, chunks;

	*why = NULL;
	plan->chunk_size = plan->budget = 0;
	if (info->max_var <= RV_VAR_OVERHEAD + RV_CHUNK_MIN) {
		*why = "the firmware's largest variable is too small";
		return -ENOSPC;
	}
	chunk = MIN((u64)RV_CHUNK_MAX, info->max_var - RV_VAR_OVERHEAD);
	/* What may be spent: header variable first, then whole chunks
	 * with their overhead, then a last partial chunk. */
	if (info->remaining <= reserve + RV_VAR_OVERHEAD + RV_HEADER_BYTES) {
		*why = "the variable store is (nearly) full";
		return -ENOSPC;
	}
	avail = info->remaining - reserve - RV_VAR_OVERHEAD - RV_HEADER_BYTES;
	per_chunk = chunk + RV_VAR_OVERHEAD;
	chunks = avail / per_chunk;
	avail = chunks * chunk + (avail % per_chunk > RV_VAR_OVERHEAD ?
					  avail % per_chunk - RV_VAR_OVERHEAD :
					  0);
	avail = MIN(avail, (u64)RV_STORED_MAX);
	if (avail < RV_CHUNK_MIN) {
		*why = "the variable store is (nearly) full";
		return -ENOSPC;
	}
	plan->chunk_size = (u32)chunk;
	plan->budget = (u32)avail;
	return 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_';
}

void rv_machine_name(char *dst, size_t size, const char *vendor,
		     const char *product)
{
	const char *parts[] = { vendor, product };
	size_t n = 0;
	bool dash = false;

	for (unsigned int k = 0; k < ARRAY_SIZE(parts); k++) {
		for (const char *s = parts[k]; s && *s; s++) {
			if (!name_char(*s)) {
				dash = n > 0;
				continue;
			}
			if (dash && n + 2 < size)
				dst[n++] = '-';
			dash = false;
			if (n + 1 < size)
				dst[n++] = *s;
		}
		dash = n > 0;
	}
	/* A name cut at the limit may end in '-' or '.': FAT drops
	 * trailing dots, and a trailing dash looks like a mistake. */
	while (n && (dst[n - 1] == '-' || dst[n - 1] == '.'))
		n--;
	if (!n)
		n = (size_t)scnprintf(dst, size, "unknown");
	dst[n] = '\0';
}

void rv_format_date(char *dst, unsigned int year, unsigned int month,
		    unsigned int day, unsigned int hour, unsigned int minute,
		    unsigned int second)
{
	if (year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
	    hour > 23 || minute > 59 || second > 60)
		year = month = day = hour = minute = second = 0;
	scnprintf(dst, RV_DATE_LEN, "%04u%02u%02u-%02u%02u%02u", year, month,
		  day, hour, minute, second);
}

/* The offset of the line after the one starting at 'line' (len at the
 * end of the text). */
static size_t next_line(const char *text, size_t len, size_t line)
{
	while (line < len && text[line] != '\n')
		line++;
	return line < len ? line + 1 : len;
}

static bool line_is(const char *text, size_t len, size_t line,
		    const char *marker)
{
	size_t m = strlen(marker);

	if (len - line < m || memcmp(text + line, marker, m))
		return false;
	line += m;
	/* The marker alone on its line (a '\r' before the '\n' allowed). */
	return line == len || text[line] == '\n' ||
	       (text[line] == '\r' &&
		(line + 1 == len || text[line + 1] == '\n'));
}

const char *rv_find_json(const char *text, size_t len, size_t *json_len)
{
	const char *found = NULL;
	size_t begin = 0;
	bool open = false;

	for (size_t line = 0; line < len; line = next_line(text, len, line)) {
		if (line_is(text, len, line, REPORT_JSON_BEGIN)) {
			begin = next_line(text, len, line);
			open = true;
		} else if (open && line_is(text, len, line, REPORT_JSON_END)) {
			found = text + begin;
			*json_len = line - begin;
			open = false;
		}
	}
	return found;
}
