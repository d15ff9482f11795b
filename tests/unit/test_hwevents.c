// SPDX-License-Identifier: MIT
/*
 * Unit tests for the portable halves of the hardware events: machine-check
 * decoding and Linux's log format (lib/mce.c), the SMBIOS DIMM topology
 * (lib/smbios.c), and the ecc= key.  The firmware halves (MSRs, #MC, NMI)
 * are tested by the boot cases mce-* and nmi-platform.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <lib/config.h>
#include <lib/mce.h>
#include <lib/printk.h>
#include <lib/smbios.h>

#include "capture.h"

/* ---- lib/mce.c ------------------------------------------------------------- */

static void test_mce_classes(void **state)
{
	char b[96];

	/* One code of each SDM Table 16-8 class, with and without F. */
	assert_int_equal(mce_error_class(0x0000), MCE_CLASS_NONE);
	assert_int_equal(mce_error_class(0x0001), MCE_CLASS_SIMPLE);
	assert_int_equal(mce_error_class(0x0405), MCE_CLASS_SIMPLE);
	assert_int_equal(mce_error_class(0x000e), MCE_CLASS_GENERIC_CACHE);
	assert_int_equal(mce_error_class(0x0015), MCE_CLASS_TLB);
	assert_int_equal(mce_error_class(0x009f), MCE_CLASS_MEMORY_CONTROLLER);
	assert_int_equal(mce_error_class(0x109f), MCE_CLASS_MEMORY_CONTROLLER);
	assert_int_equal(mce_error_class(0x0136), MCE_CLASS_CACHE);
	assert_int_equal(mce_error_class(0x0e0f), MCE_CLASS_BUS);
	assert_int_equal(mce_error_class(0x2000), MCE_CLASS_UNKNOWN);
	/* Only bits 15:0 decide; the status bits above do not. */
	assert_int_equal(mce_error_class(MCI_STATUS_VAL | MCI_STATUS_UC |
					 0x0091),
			 MCE_CLASS_MEMORY_CONTROLLER);
	assert_string_equal(mce_error_code_describe(0x0092, b, sizeof(b)),
			    "memory controller: read, channel 2");
	assert_string_equal(mce_error_code_describe(0x00af, b, sizeof(b)),
			    "memory controller: write, channel unspecified");
	assert_string_equal(mce_error_code_describe(0x0136, b, sizeof(b)),
			    "cache hierarchy: data read, data, L2");
	assert_true(mce_is_memory(0x009f));
	assert_true(mce_is_memory(0x0e03)); /* bus, II = memory */
	assert_false(mce_is_memory(0x0e0b)); /* bus, II = I/O */
	assert_false(mce_is_memory(0x0136));
}

static void test_mce_flags_and_address(void **state)
{
	struct mce m = { 0 };
	char b[64];
	u64 pa;

	assert_string_equal(mce_status_flags(0xbd0000000000009fULL, b,
					     sizeof(b)),
			    "VAL|UC|EN|MISCV|ADDRV|S");
	assert_string_equal(mce_status_flags(MCI_STATUS_VAL | MCI_STATUS_OVER |
						     MCI_STATUS_PCC |
						     MCI_STATUS_AR,
					     b, sizeof(b)),
			    "VAL|OVER|PCC|AR");
	assert_string_equal(mce_status_flags(0, b, sizeof(b)), "-");
	assert_true(mce_is_corrected(0x9c0000000000009fULL));
	assert_false(mce_is_corrected(0xbd0000000000009fULL));

	/* No ADDRV: no address, whatever MCi_ADDR holds. */
	m.status = MCI_STATUS_VAL;
	m.addr = 0x1234;
	assert_false(mce_phys_addr(&m, &pa));
	/* MISC's LSB 12: the page, not the byte. */
	m.status = MCI_STATUS_VAL | MCI_STATUS_ADDRV | MCI_STATUS_MISCV;
	m.addr = 0x12345678;
	m.misc = (2 << 6) | 12;
	assert_true(mce_phys_addr(&m, &pa));
	assert_int_equal(pa, 0x12345000);
	/* Without MISCV the address is taken whole. */
	m.status = MCI_STATUS_VAL | MCI_STATUS_ADDRV;
	assert_true(mce_phys_addr(&m, &pa));
	assert_int_equal(pa, 0x12345678);
}

/* The lines Linux's __print_mce prints, field for field. */
static void test_mce_print_linux_format(void **state)
{
	struct mce m = {
		.status = 0xbd0000000000009fULL,
		.addr = 0x23456000,
		.misc = 0x8c,
		.mcgstatus = 5,
		.tsc = 0xabc,
		.ip = 0x1000,
		.cs = 8,
		.cpu = 1,
		.apicid = 2,
		.bank = 2,
		.cpuvendor = 0,
		.cpuid = 0x906ea,
		.microcode = 0xf0,
	};

	capture_start();
	mce_print(&m);
	capture_stop();
	assert_string_equal(
		capture_text(),
		"mce: [Hardware Error]: CPU 1: Machine Check Exception: 5 Bank 2: bd0000000000009f\n"
		"mce: [Hardware Error]: RIP !INEXACT! 08:<0000000000001000>\n"
		"mce: [Hardware Error]: TSC abc ADDR 23456000 MISC 8c \n"
		"mce: [Hardware Error]: PROCESSOR 0:906ea TIME 0 SOCKET 0 APIC 2 microcode f0\n"
		"mce: [Hardware Error]: CPU 1 Bank 2: uncorrected error [VAL|UC|EN|MISCV|ADDRV|S], memory controller: read, channel unspecified\n");

	/* Polled: no RIP line, no " Exception", no ADDR/MISC when 0. */
	m = (struct mce){ .status = 0x9000000000000000ULL, .tsc = 0x10 };
	capture_start();
	mce_print(&m);
	capture_stop();
	assert_non_null(
		strstr(capture_text(),
		       "CPU 0: Machine Check: 0 Bank 0: 9000000000000000\n"));
	assert_null(strstr(capture_text(), "RIP"));
	assert_non_null(strstr(capture_text(), "TSC 10 \n"));
	assert_non_null(
		strstr(capture_text(), "corrected error [VAL|EN], no error"));
}

/* ---- lib/smbios.c ------------------------------------------------------------ */

struct tbl {
	u8 b[1024];
	size_t n;
};

static void put(struct tbl *t, const void *p, size_t len)
{
	memcpy(t->b + t->n, p, len);
	t->n += len;
}

/* A structure: formatted area, then strings (each NUL-ended), then NUL
 * (a structure without strings ends with two NULs). */
static void add(struct tbl *t, const u8 *fmt, size_t len, const char *const *s,
		unsigned int ns)
{
	put(t, fmt, len);
	for (unsigned int i = 0; i < ns; i++)
		put(t, s[i], strlen(s[i]) + 1);
	if (!ns)
		put(t, "", 1);
	put(t, "", 1);
}

static void le16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}
static void le32(u8 *p, u32 v)
{
	le16(p, (u16)v);
	le16(p + 2, (u16)(v >> 16));
}
static void le64(u8 *p, u64 v)
{
	le32(p, (u32)v);
	le32(p + 4, (u32)(v >> 32));
}

static void type17(struct tbl *t, u16 handle, u16 size, u32 ext_mib,
		   const char *loc, const char *bank)
{
	u8 f[0x28] = { 17, 0x28 };
	const char *s[] = { loc, bank };

	le16(f + 2, handle);
	le16(f + 0x0c, size);
	f[0x10] = loc ? 1 : 0;
	f[0x11] = bank ? 2 : 0;
	le32(f + 0x1c, ext_mib);
	add(t, f, sizeof(f), s, loc ? (bank ? 2 : 1) : 0);
}

static void type20(struct tbl *t, u16 dev, u64 start, u64 end_incl, bool ext)
{
	u8 f[0x23] = { 20, 0x23 };

	if (ext) {
		le32(f + 4, 0xffffffff);
		le32(f + 8, 0xffffffff);
		le64(f + 0x13, start);
		le64(f + 0x1b, end_incl);
	} else {
		le32(f + 4, (u32)(start >> 10));
		le32(f + 8, (u32)(end_incl >> 10));
	}
	le16(f + 0x0c, dev);
	add(t, f, sizeof(f), NULL, 0);
}

static void build(struct tbl *t)
{
	u8 t19[0x1f] = { 19, 0x1f };
	u8 end[4] = { 127, 4 };

	t->n = 0;
	type17(t, 0x1100, 2048, 0, "DIMM_A1", "BANK 0");
	type17(t, 0x1101, 0, 0, "DIMM_A2", "BANK 1"); /* empty slot */
	type17(t, 0x1102, 0x7fff, 65536, "DIMM_B1", NULL); /* 64 GiB */
	le32(t19 + 4, 0);
	le32(t19 + 8, (u32)((0x80000000ULL >> 10) - 1));
	add(t, t19, sizeof(t19), NULL, 0);
	type20(t, 0x1100, 0, 0x7fffffff, false);
	type20(t, 0x1102, 0x100000000ULL, 0x10ffffffffULL, true);
	add(t, end, sizeof(end), NULL, 0);
}

static void test_smbios_dimms(void **state)
{
	static struct smbios_mem m;
	struct tbl t;
	char b[80];

	build(&t);
	smbios_mem_parse(t.b, t.n, &m);
	assert_int_equal(m.nr_slots, 3);
	assert_int_equal(m.nr_dimms, 2);
	assert_int_equal(m.nr_device_maps, 2);
	assert_int_equal(m.nr_arrays, 1);
	assert_string_equal(m.dimm[0].locator, "DIMM_A1");
	assert_string_equal(m.dimm[0].bank_locator, "BANK 0");
	assert_int_equal(m.dimm[0].size, 2048ULL << 20);
	assert_int_equal(m.dimm[1].size, 64ULL << 30);
	assert_string_equal(m.dimm[1].bank_locator, "");
	assert_int_equal(m.array[0].end, 0x80000000ULL);
	/* Type 20 ranges, KiB and extended, end inclusive -> exclusive. */
	assert_ptr_equal(smbios_dimm_at(&m, 0x7fffffff), &m.dimm[0]);
	assert_null(smbios_dimm_at(&m, 0x80000000));
	assert_ptr_equal(smbios_dimm_at(&m, 0x100000000ULL), &m.dimm[1]);
	assert_ptr_equal(smbios_dimm_at(&m, 0x10ffffffffULL), &m.dimm[1]);
	assert_null(smbios_dimm_at(&m, 0x1100000000ULL));
	assert_string_equal(smbios_dimm_name(&m, 0x1000, b, sizeof(b)),
			    "DIMM_A1 (BANK 0)");
	assert_string_equal(smbios_dimm_name(&m, 0x200000000ULL, b, sizeof(b)),
			    "DIMM_B1");
	assert_string_equal(smbios_dimm_name(&m, 0x90000000, b, sizeof(b)),
			    "unknown DIMM (SMBIOS maps no device here)");

	capture_start();
	smbios_mem_print(&m);
	capture_stop();
	assert_true(capture_contains("DMI: Memory slots populated: 2/3\n"));
	assert_true(capture_contains("DMI: DIMM DIMM_B1: 65536 MiB\n"));
	assert_true(capture_contains(
		"DMI:   mapped [mem 0x0000000100000000-0x00000010ffffffff]\n"));
}

/* QEMU 7.2 has types 17 and 19 but no 20: the one DIMM is still named,
 * and saying so. */
static void test_smbios_only_dimm(void **state)
{
	static struct smbios_mem m;
	struct tbl t = { .n = 0 };
	u8 end[4] = { 127, 4 };
	char b[80];

	type17(&t, 0x1100, 1024, 0, "DIMM 0", NULL);
	add(&t, end, sizeof(end), NULL, 0);
	smbios_mem_parse(t.b, t.n, &m);
	assert_int_equal(m.nr_dimms, 1);
	assert_string_equal(smbios_dimm_name(&m, 0x12345000, b, sizeof(b)),
			    "DIMM 0, the only DIMM");
}

/* A table cut anywhere never reads past its end (ASan watches). */
static void test_smbios_truncated(void **state)
{
	static struct smbios_mem m;
	struct tbl t;

	build(&t);
	for (size_t n = 0; n <= t.n; n++) {
		u8 *copy = malloc(n ? n : 1);

		memcpy(copy, t.b, n);
		smbios_mem_parse(copy, n, &m);
		assert_true(m.nr_dimms <= 2);
		free(copy);
	}
}

static void test_ecc_key(void **state)
{
	struct sparsemm_config c;

	config_defaults(&c);
	assert_false(c.ecc_warn);
	assert_int_equal(config_parse(&c, "ecc=warn", 8, "test"), 0);
	assert_true(c.ecc_warn);
	assert_int_equal(config_parse(&c, "ecc=fail", 8, "test"), 0);
	assert_false(c.ecc_warn);
	assert_int_equal(config_parse(&c, "ecc=maybe", 9, "test"), 1);
	assert_false(c.ecc_warn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mce_classes),
		cmocka_unit_test(test_mce_flags_and_address),
		cmocka_unit_test(test_mce_print_linux_format),
		cmocka_unit_test(test_smbios_dimms),
		cmocka_unit_test(test_smbios_only_dimm),
		cmocka_unit_test(test_smbios_truncated),
		cmocka_unit_test(test_ecc_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
