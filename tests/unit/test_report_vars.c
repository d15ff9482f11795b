// SPDX-License-Identifier: MIT
/* Unit tests for the stored report: the LZSS codec (lib/lzss.c) and the
 * variable format, budget and names (lib/report_vars.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/crc32.h>
#include <lib/lzss.h>
#include <run/report.h>
#include <lib/report_vars.h>

/* ---- LZSS ------------------------------------------------------------ */

struct mem_src {
	const u8 *data;
	size_t len;
	size_t short_by; /* pretend the input ends early */
};

static size_t mem_read(void *ctx, u64 off, void *dst, size_t len)
{
	struct mem_src *m = ctx;
	size_t end = m->len - m->short_by;

	if (off >= end)
		return 0;
	if (len > end - off)
		len = end - off;
	memcpy(dst, m->data + off, len);
	return len;
}

/* Something like a boot log: repetitive lines with changing numbers. */
static u8 *log_text(size_t len)
{
	u8 *t = malloc(len + 128);
	size_t n = 0;
	unsigned int i = 0;

	assert_non_null(t);
	while (n < len) {
		n += (size_t)snprintf(
			(char *)t + n, 128,
			"efi: mem%02u: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x%016x-0x%016x] (%u MB)\n",
			i % 100, i * 0x1000u, i * 0x1000u + 0xfff, i % 7);
		i++;
	}
	return t;
}

static u8 *random_bytes(size_t len, unsigned int seed)
{
	u8 *t = malloc(len ? len : 1);

	assert_non_null(t);
	srand(seed);
	for (size_t i = 0; i < len; i++)
		t[i] = (u8)rand();
	return t;
}

/* Encode and decode data; returns the stream length. */
static size_t round_trip(const u8 *data, size_t len)
{
	struct lzss_work *w = malloc(sizeof(*w));
	size_t cap = len + len / 8 + 16;
	u8 *out = malloc(cap), *back = malloc(len ? len : 1);
	struct mem_src m = { data, len, 0 };
	struct lzss_source src = { mem_read, &m, 0, len };
	struct lzss_result res;
	size_t out_len;

	assert_int_equal(lzss_compress(&src, w, out, cap, &res), 0);
	assert_true(res.in_len == len);
	assert_int_equal(res.crc, crc32(0, data, len));
	assert_int_equal(lzss_decompress(out, res.out_len, back, len), 0);
	assert_memory_equal(back, data, len);
	out_len = res.out_len;
	free(w);
	free(out);
	free(back);
	return out_len;
}

static void test_lzss_round_trips(void **state)
{
	static const size_t sizes[] = {
		0,     1,    2,	   3,	       17,
		4095,  4096, 4097, LZSS_BLOCK, LZSS_BLOCK + LZSS_WINDOW + 1,
		100000
	};
	u8 *zeros = calloc(1, 70000);

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *t = log_text(sizes[i]);
		u8 *r = random_bytes(sizes[i], i);

		round_trip(t, sizes[i]);
		/* Random bytes barely grow: one flag bit per literal. */
		assert_true(round_trip(r, sizes[i]) <=
			    sizes[i] + sizes[i] / 8 + 1);
		free(t);
		free(r);
	}
	/* Long runs: matches overlapping their own output. */
	assert_true(round_trip(zeros, 70000) < 70000 / 8);
	free(zeros);
}

static void test_lzss_shrinks_logs(void **state)
{
	size_t len = 64 * 1024;
	u8 *t = log_text(len);

	/* A boot log must shrink to well under half, or the variable store
	 * would hold too little of it. */
	assert_true(round_trip(t, len) < len / 2);
	free(t);
}

/* When the output buffer is too small: -ENOSPC, and what was written is a
 * valid stream of exactly the input it reports. */
static void test_lzss_enospc_prefix(void **state)
{
	size_t len = 50000, cap = 3000;
	u8 *t = log_text(len), *out = malloc(cap), *back = malloc(len);
	struct lzss_work *w = malloc(sizeof(*w));
	struct mem_src m = { t, len, 0 };
	struct lzss_source src = { mem_read, &m, 0, len };
	struct lzss_result res;

	assert_int_equal(lzss_compress(&src, w, out, cap, &res), -ENOSPC);
	assert_true(res.out_len <= cap && res.out_len + 3 > cap);
	assert_true(res.in_len > cap && res.in_len < len);
	assert_int_equal(res.crc, crc32(0, t, res.in_len));
	assert_int_equal(lzss_decompress(out, res.out_len, back, res.in_len),
			 0);
	assert_memory_equal(back, t, res.in_len);

	/* A source that ends before its promised length. */
	m.short_by = 10;
	assert_int_equal(lzss_compress(&src, w, out, cap, &res), -ENOSPC);
	src.start = len - 100;
	src.len = 100;
	assert_int_equal(lzss_compress(&src, w, out, cap, &res), -EINVAL);
	free(t);
	free(out);
	free(back);
	free(w);
}

static void test_lzss_rejects_corrupt_streams(void **state)
{
	u8 out[64];
	/* flag 0b110: match first (distance 1 at offset 0: before the
	 * start), then two literals. */
	static const u8 far[] = { 0x06, 0x00, 0x00, 'a', 'b' };
	/* 'a' literal, then match distance 1 length 3: "aaaa". */
	static const u8 ok[] = { 0x01, 'a', 0x00, 0x00 };
	/* Same, then a stray byte. */
	static const u8 trailing[] = { 0x01, 'a', 0x00, 0x00, 0x55 };

	assert_int_equal(lzss_decompress(far, sizeof(far), out, 5), -EINVAL);
	assert_int_equal(lzss_decompress(ok, sizeof(ok), out, 4), 0);
	assert_memory_equal(out, "aaaa", 4);
	/* Input ends early, an item crosses the end, leftovers. */
	assert_int_equal(lzss_decompress(ok, 3, out, 4), -EINVAL);
	assert_int_equal(lzss_decompress(ok, sizeof(ok), out, 3), -EINVAL);
	assert_int_equal(lzss_decompress(ok, sizeof(ok), out, 5), -EINVAL);
	assert_int_equal(lzss_decompress(trailing, sizeof(trailing), out, 4),
			 -EINVAL);
	assert_int_equal(lzss_decompress(ok, 0, out, 0), 0);
}

/* ---- header ----------------------------------------------------------- */

static struct rv_header sample_header(void)
{
	struct rv_header h = {
		.flags = RV_FLAG_LZSS | RV_FLAG_TRUNCATED,
		.nr_chunks = 3,
		.chunk_size = 16384,
		.stored_size = 40000,
		.raw_size = 123456,
		.raw_crc = 0xdeadbeef,
		.stored_crc = 0x12345678,
		.verdict = RV_VERDICT_FAIL,
		.log_offset = 4096,
		.log_total = 127552,
	};

	strcpy(h.date, "20250122-154501");
	strcpy(h.machine, "QEMU-Standard-PC-Q35-ICH9-2009");
	return h;
}

static void test_header_round_trip(void **state)
{
	struct rv_header h = sample_header(), back;
	u8 buf[RV_HEADER_BYTES];
	const char *why;

	rv_header_encode(&h, buf);
	assert_memory_equal(buf, RV_MAGIC, RV_MAGIC_LEN);
	/* Little-endian at the documented offsets. */
	assert_int_equal(buf[20], 3);
	assert_int_equal(buf[36] | buf[37] << 8 | buf[38] << 16, 0xadbeef);
	assert_int_equal(buf[48] | buf[49] << 8, 4096);
	assert_string_equal((char *)buf + 64, "20250122-154501");
	assert_int_equal(rv_header_decode(buf, sizeof(buf), &back, &why), 0);
	assert_null(why);
	assert_memory_equal(&back, &h, sizeof(h));
}

static void expect_bad(const u8 *buf, size_t len, const char *reason)
{
	struct rv_header h;
	const char *why;

	assert_int_equal(rv_header_decode(buf, len, &h, &why), -EINVAL);
	assert_non_null(why);
	assert_non_null(strstr(why, reason));
}

static void test_header_rejects(void **state)
{
	struct rv_header h = sample_header();
	u8 buf[RV_HEADER_BYTES], bad[RV_HEADER_BYTES];

	rv_header_encode(&h, buf);
	expect_bad(buf, 100, "shorter");
	memcpy(bad, buf, sizeof(bad));
	bad[0] = 'X';
	expect_bad(bad, sizeof(bad), "magic");
	memcpy(bad, buf, sizeof(bad));
	bad[8] = 2;
	expect_bad(bad, sizeof(bad), "version");

#define BAD_FIELD(field, value, reason)               \
	do {                                          \
		struct rv_header c = sample_header(); \
		c.field = value;                      \
		rv_header_encode(&c, bad);            \
		expect_bad(bad, sizeof(bad), reason); \
	} while (0)
	BAD_FIELD(flags, 0x80, "flags");
	BAD_FIELD(chunk_size, 0, "chunk size");
	BAD_FIELD(chunk_size, RV_CHUNK_MAX + 1, "chunk size");
	BAD_FIELD(nr_chunks, 2, "chunk count");
	BAD_FIELD(stored_size, 3 * 16384 + 1, "chunk count");
	BAD_FIELD(raw_size, RV_RAW_MAX + 1, "64 MiB");
	BAD_FIELD(log_offset, 0, "truncation");
	BAD_FIELD(verdict, 3, "verdict");
	BAD_FIELD(flags, 0, "sizes differ");
#undef BAD_FIELD
	memcpy(bad, buf, sizeof(bad));
	memset(bad + 80, 'x', RV_MACHINE_LEN);
	expect_bad(bad, sizeof(bad), "NUL");
}

static void test_chunk_names(void **state)
{
	char name[RV_NAME_MAX];

	rv_chunk_name(name, sizeof(name), 0);
	assert_string_equal(name, "SparsemmReport0000");
	rv_chunk_name(name, sizeof(name), RV_MAX_CHUNKS - 1);
	assert_string_equal(name, "SparsemmReport9999");
}

/* ---- budget ------------------------------------------------------------- */

static void test_plan_ovmf(void **state)
{
	/* OVMF_VARS_4M.fd (Debian's OVMF 2022.11) as QueryVariableInfo
	 * reported it to report_store on a fresh copy: 255 KiB, 239 KiB
	 * free, variables up to 33732 bytes. */
	struct rv_store_info info = { 255 * 1024, 239 * 1024, 33732 };
	struct rv_plan p;
	const char *why;
	u64 reserve =
		MAX((u64)RV_MIN_FREE, info.max_storage / RV_FREE_FRACTION);
	u32 chunks;

	assert_int_equal(rv_plan(&info, &p, &why), 0);
	assert_int_equal(p.chunk_size, RV_CHUNK_MAX);
	assert_int_equal(p.budget, RV_STORED_MAX);
	chunks = rv_chunks_for(p.budget, p.chunk_size);
	assert_true(p.budget + (chunks + 1) * RV_VAR_OVERHEAD +
			    RV_HEADER_BYTES + reserve <=
		    info.remaining);
}

static void test_plan_small_stores(void **state)
{
	struct rv_plan p;
	const char *why;
	/* A PC with a 64 KiB store, 30 KiB free, 8 KiB variables. */
	struct rv_store_info pc = { 65536, 30720, 8192 };
	struct rv_store_info full = { 65536, 16384, 8192 };
	struct rv_store_info tiny_vars = { 65536, 60000, 600 };

	assert_int_equal(rv_plan(&pc, &p, &why), 0);
	assert_int_equal(p.chunk_size, 8192 - RV_VAR_OVERHEAD);
	/* Never below a quarter of the store free. */
	assert_true(p.budget +
			    (rv_chunks_for(p.budget, p.chunk_size) + 1) *
				    RV_VAR_OVERHEAD +
			    RV_HEADER_BYTES <=
		    pc.remaining - 65536 / RV_FREE_FRACTION);
	assert_true(p.budget > 12000);

	assert_int_equal(rv_plan(&full, &p, &why), -ENOSPC);
	assert_non_null(strstr(why, "full"));
	assert_int_equal(p.budget, 0);
	assert_int_equal(rv_plan(&tiny_vars, &p, &why), -ENOSPC);
	assert_non_null(strstr(why, "largest variable"));
}

/* ---- names ---------------------------------------------------------------- */

static void test_machine_names(void **state)
{
	char n[RV_MACHINE_LEN];
	char small[12];

	rv_machine_name(n, sizeof(n), "QEMU", "Standard PC (Q35 + ICH9, 2009)");
	assert_string_equal(n, "QEMU-Standard-PC-Q35-ICH9-2009");
	rv_machine_name(n, sizeof(n), "Dell Inc.", "PowerEdge R740");
	assert_string_equal(n, "Dell-Inc.-PowerEdge-R740");
	rv_machine_name(n, sizeof(n), "  \\/:*?\"<>|", "");
	assert_string_equal(n, "unknown");
	rv_machine_name(n, sizeof(n), "", "ThinkPad");
	assert_string_equal(n, "ThinkPad");
	rv_machine_name(small, sizeof(small), "LENOVO", "20XW 0055");
	assert_string_equal(small, "LENOVO-20XW");
	rv_machine_name(small, sizeof(small), "ABCDEFGHIJ.", "K");
	assert_string_equal(small, "ABCDEFGHIJ");
}

static void test_dates(void **state)
{
	char d[RV_DATE_LEN];

	rv_format_date(d, 2025, 1, 22, 15, 45, 1);
	assert_string_equal(d, "20250122-154501");
	rv_format_date(d, 2025, 13, 22, 15, 45, 1);
	assert_string_equal(d, "00000000-000000");
}

static void test_find_json(void **state)
{
	const char *log = "boot\n" REPORT_JSON_BEGIN
			  "\n{\"a\": 1}\n" REPORT_JSON_END
			  "\nmore\n" REPORT_JSON_BEGIN "\r\n{\"b\": 2}\n"
			  "{\"c\": 3}\n" REPORT_JSON_END "\r\n";
	const char *open = "x\n" REPORT_JSON_BEGIN "\n{\"a\": 1}\n";
	const char *inline_marker = "x " REPORT_JSON_BEGIN
				    "\n{}\n" REPORT_JSON_END "\n";
	size_t n = 0;
	const char *j = rv_find_json(log, strlen(log), &n);

	assert_non_null(j);
	assert_int_equal(n, strlen("{\"b\": 2}\n{\"c\": 3}\n"));
	assert_memory_equal(j, "{\"b\": 2}\n{\"c\": 3}\n", n);
	assert_null(rv_find_json(open, strlen(open), &n));
	assert_null(rv_find_json(inline_marker, strlen(inline_marker), &n));
	assert_null(rv_find_json("", 0, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lzss_round_trips),
		cmocka_unit_test(test_lzss_shrinks_logs),
		cmocka_unit_test(test_lzss_enospc_prefix),
		cmocka_unit_test(test_lzss_rejects_corrupt_streams),
		cmocka_unit_test(test_header_round_trip),
		cmocka_unit_test(test_header_rejects),
		cmocka_unit_test(test_chunk_names),
		cmocka_unit_test(test_plan_ovmf),
		cmocka_unit_test(test_plan_small_stores),
		cmocka_unit_test(test_machine_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_find_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
