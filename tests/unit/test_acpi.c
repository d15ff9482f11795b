// SPDX-License-Identifier: MIT
/*
 * Unit tests for lib/acpi.c: QEMU's real tables (q35, 2 nodes of 1 GiB +
 * 3 GiB, 2 CPUs; tests/unit/acpi_qemu_tables.h) found from the RSDP and
 * printed as Linux prints them; synthetic tables for everything QEMU does
 * not make: ACPI 1.0 RSDT, x2APIC entries, SLIT, bad checksums, tables cut
 * short, malformed entries, SRAT revision rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <lib/acpi.h>
#include <lib/printk.h>

#include "acpi_build.h"
#include "acpi_qemu_tables.h"
#include "capture.h"

#define EXPECT_LOG(s)                                             \
	do {                                                      \
		if (!capture_contains(s))                         \
			fail_msg("log lacks \"%s\"; log:\n%s", s, \
				 capture_text());                 \
	} while (0)

static int setup(void **state)
{
	fake_reset();
	acpi_tables_reset();
	capture_start();
	return 0;
}

static int teardown(void **state)
{
	capture_stop();
	acpi_tables_reset();
	return 0;
}

/* Register QEMU's tables at their addresses, from writable copies. */
static u8 qemu_copy[ARRAY_SIZE(qemu_acpi_blobs)][9000];

static void add_qemu_tables(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(qemu_acpi_blobs); i++) {
		const struct qemu_acpi_blob *b = &qemu_acpi_blobs[i];

		assert_true(b->len <= sizeof(qemu_copy[i]));
		memcpy(qemu_copy[i], b->bytes, b->len);
		fake_add(b->pa, qemu_copy[i], b->len);
	}
}

static u8 *qemu_table(const char *sig)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(qemu_acpi_blobs); i++)
		if (!strcmp(qemu_acpi_blobs[i].sig, sig))
			return qemu_copy[i];
	fail_msg("no QEMU table %s", sig);
	return NULL;
}

static void test_checksum_helper(void **state)
{
	u8 buf[4] = { 1, 2, 3, 0 };

	for (unsigned int i = 0; i < ARRAY_SIZE(qemu_acpi_blobs); i++) {
		const struct qemu_acpi_blob *b = &qemu_acpi_blobs[i];
		size_t n = strcmp(b->sig, "RSDP") ? b->len : 36;

		if (strcmp(b->sig, "FACS")) /* FACS has no checksum */
			assert_int_equal(acpi_checksum(b->bytes, n), 0);
	}
	assert_int_equal(acpi_checksum(buf, 4), 6);
	buf[3] = (u8)(0 - 6);
	assert_int_equal(acpi_checksum(buf, 4), 0);
	assert_int_equal(acpi_checksum(buf, 0), 0);
}

static u64 reserved_bytes;

static int count_reserve(phys_addr_t base, phys_addr_t size)
{
	reserved_bytes += size;
	return 0;
}

/* QEMU's RSDP -> XSDT -> FACP (DSDT, FACS), APIC, HPET, SRAT, MCFG, WAET,
 * BGRT: every table kept and printed in ACPICA's format. */
static void test_qemu_tables_found_and_printed(void **state)
{
	static const char *const order[] = { "XSDT", "FACP", "DSDT", "FACS",
					     "APIC", "HPET", "SRAT", "MCFG",
					     "WAET", "BGRT" };
	u32 len = 0;

	add_qemu_tables();
	assert_int_equal(acpi_tables_init(QEMU_RSDP_PA, fake_map), 0);
	assert_int_equal(acpi_table_count(), ARRAY_SIZE(order));
	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++)
		assert_string_equal(acpi_table_at(i)->signature, order[i]);
	assert_null(acpi_table_at(ARRAY_SIZE(order)));
	assert_int_equal(acpi_tables_rejected(), 0);

	EXPECT_LOG("ACPI: RSDP 0x000000007F77D014 000024 (v02 BOCHS )\n");
	EXPECT_LOG(
		"ACPI: XSDT 0x000000007F77C0E8 00005C (v01 BOCHS  BXPC     00000001      01000013)\n");
	EXPECT_LOG(
		"ACPI: FACP 0x000000007F778000 0000F4 (v03 BOCHS  BXPC     00000001 BXPC 00000001)\n");
	EXPECT_LOG(
		"ACPI: DSDT 0x000000007F779000 0020E7 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n");
	EXPECT_LOG("ACPI: FACS 0x000000007F7DC000 000040\n");
	EXPECT_LOG(
		"ACPI: APIC 0x000000007F777000 000080 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n");
	EXPECT_LOG(
		"ACPI: SRAT 0x000000007F775000 0000F0 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n");
	EXPECT_LOG(
		"ACPI: BGRT 0x000000007F772000 000038 (v01 INTEL  EDK2     00000002      01000013)\n");

	EXPECT_LOG("ACPI: Early table checksum verification enabled\n");

	/* Linux's reservation lines, checked against a Linux 6.1 boot of the
	 * same QEMU (tests/fixtures/linux-6.1-qemu-q35-numa2.dmesg) */
	capture_start();
	reserved_bytes = 0;
	acpi_reserve_tables(count_reserve);
	EXPECT_LOG(
		"ACPI: Reserving FACP table memory at [mem 0x7f778000-0x7f7780f3]\n"
		"ACPI: Reserving DSDT table memory at [mem 0x7f779000-0x7f77b0e6]\n"
		"ACPI: Reserving FACS table memory at [mem 0x7f7dc000-0x7f7dc03f]\n"
		"ACPI: Reserving APIC table memory at [mem 0x7f777000-0x7f77707f]\n"
		"ACPI: Reserving HPET table memory at [mem 0x7f776000-0x7f776037]\n"
		"ACPI: Reserving SRAT table memory at [mem 0x7f775000-0x7f7750ef]\n");
	EXPECT_LOG(
		"ACPI: Reserving BGRT table memory at [mem 0x7f772000-0x7f772037]\n");
	assert_int_equal(reserved_bytes, 0xf4 + 0x20e7 + 0x40 + 0x80 + 0x38 +
						 0xf0 + 0x3c + 0x28 + 0x38);

	assert_non_null(acpi_get_table("SRAT", 0, &len));
	assert_int_equal(len, 0xf0);
	assert_null(acpi_get_table("SRAT", 1, NULL));
	assert_null(acpi_get_table("SLIT", 0, NULL)); /* QEMU makes none here */
	assert_int_equal(acpi_tables_verify(), 0);
}

struct cpu_log {
	struct acpi_srat_cpu c[8];
	int n;
};
struct mem_log {
	struct acpi_srat_mem m[8];
	int n;
};

static int log_cpu(const struct acpi_srat_cpu *c, void *ctx)
{
	struct cpu_log *l = ctx;

	l->c[l->n++] = *c;
	return 0;
}

static int log_mem(const struct acpi_srat_mem *m, void *ctx)
{
	struct mem_log *l = ctx;

	l->m[l->n++] = *m;
	return 0;
}

/* QEMU's SRAT: one CPU per node, node 0 split by the 640K-1M hole, node 1
 * split by the PCI hole (RAM above 2 GiB moved to 4 GiB). */
static void test_qemu_srat(void **state)
{
	const struct acpi_table_header *srat;
	struct cpu_log cl = { 0 };
	struct mem_log ml = { 0 };
	u32 len;

	add_qemu_tables();
	assert_int_equal(acpi_tables_init(QEMU_RSDP_PA, fake_map), 0);
	srat = acpi_get_table("SRAT", 0, &len);
	assert_non_null(srat);
	assert_int_equal(acpi_srat_parse_cpus(srat, len, log_cpu, &cl), 2);
	assert_int_equal(cl.n, 2);
	assert_int_equal(cl.c[0].pxm, 0);
	assert_int_equal(cl.c[0].apic_id, 0);
	assert_int_equal(cl.c[1].pxm, 1);
	assert_int_equal(cl.c[1].apic_id, 1);
	assert_true(cl.c[1].flags & ACPI_SRAT_CPU_ENABLED);
	assert_false(cl.c[1].x2apic);

	assert_int_equal(acpi_srat_parse_mem(srat, len, log_mem, &ml), 4);
	assert_int_equal(ml.m[0].pxm, 0);
	assert_int_equal(ml.m[0].base, 0);
	assert_int_equal(ml.m[0].length, 0xa0000);
	assert_int_equal(ml.m[1].base, 0x100000);
	assert_int_equal(ml.m[1].length, 0x3ff00000);
	assert_int_equal(ml.m[2].pxm, 1);
	assert_int_equal(ml.m[2].base, 0x40000000);
	assert_int_equal(ml.m[2].length, 0x40000000);
	assert_int_equal(ml.m[3].base, 0x100000000ULL);
	assert_int_equal(ml.m[3].length, 0x80000000ULL);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ml.m[i].flags, ACPI_SRAT_MEM_ENABLED);
}

struct madt_log {
	struct acpi_madt_cpu c[8];
	int n;
};

static int log_madt(const struct acpi_madt_cpu *c, void *ctx)
{
	struct madt_log *l = ctx;

	l->c[l->n++] = *c;
	return 0;
}

/* QEMU's MADT: two local APICs among I/O APIC, overrides and NMI entries. */
static void test_qemu_madt(void **state)
{
	const struct acpi_table_header *madt;
	struct madt_log l = { 0 };
	u32 len;

	add_qemu_tables();
	assert_int_equal(acpi_tables_init(QEMU_RSDP_PA, fake_map), 0);
	madt = acpi_get_table("APIC", 0, &len);
	assert_non_null(madt);
	assert_int_equal(acpi_madt_parse_cpus(madt, len, log_madt, &l), 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(l.c[i].apic_id, i);
		assert_int_equal(l.c[i].uid, i);
		assert_int_equal(l.c[i].flags, ACPI_MADT_ENABLED);
		assert_false(l.c[i].x2apic);
	}
	EXPECT_LOG("ACPI: LAPIC (acpi_id[0x01] lapic_id[0x01] enabled)\n");
}

/* A 2-node machine built by hand: XSDT with SRAT, SLIT and a MADT mixing
 * xAPIC and x2APIC entries. */
static struct tbuf t_srat, t_slit, t_madt, t_xsdt, t_rsdt;
static struct acpi_table_rsdp t_rsdp;

#define PA_RSDP 0xe0000ULL
#define PA_XSDT 0x7fff0000ULL
#define PA_RSDT 0x7fff1000ULL
#define PA_SRAT 0x7fff2000ULL
#define PA_SLIT 0x7fff3000ULL
#define PA_MADT 0x7fff4000ULL

static void build_machine(void)
{
	static const u8 dist[4] = { 10, 21, 21, 10 };
	u64 list[3] = { PA_SRAT, PA_SLIT, PA_MADT };

	tb_srat_begin(&t_srat, 3);
	tb_srat_cpu(&t_srat, 0, 0, ACPI_SRAT_CPU_ENABLED);
	tb_srat_x2apic(&t_srat, 1, 0x100, ACPI_SRAT_CPU_ENABLED);
	tb_srat_mem(&t_srat, 0, 0, 0x80000000, ACPI_SRAT_MEM_ENABLED);
	tb_srat_mem(&t_srat, 1, 0x100000000ULL, 0x80000000,
		    ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE);
	tb_finish(&t_srat);
	tb_slit(&t_slit, 2, dist);
	tb_madt_begin(&t_madt, 5);
	tb_madt_lapic(&t_madt, 0, 0, ACPI_MADT_ENABLED);
	tb_madt_ioapic(&t_madt);
	tb_madt_x2apic(&t_madt, 1, 0x100, ACPI_MADT_ENABLED);
	tb_madt_x2apic(&t_madt, 2, 0x101, ACPI_MADT_ONLINE_CAPABLE);
	tb_finish(&t_madt);
	tb_root(&t_xsdt, ACPI_SIG_XSDT, 8, list, 3);
	tb_root(&t_rsdt, ACPI_SIG_RSDT, 4, list, 3);
	tb_rsdp(&t_rsdp, 2, (u32)PA_RSDT, PA_XSDT);

	fake_add(PA_RSDP, &t_rsdp, sizeof(t_rsdp));
	fake_add(PA_XSDT, t_xsdt.b, t_xsdt.len);
	fake_add(PA_RSDT, t_rsdt.b, t_rsdt.len);
	fake_add(PA_SRAT, t_srat.b, t_srat.len);
	fake_add(PA_SLIT, t_slit.b, t_slit.len);
	fake_add(PA_MADT, t_madt.b, t_madt.len);
}

static void test_synthetic_machine(void **state)
{
	const struct acpi_table_header *t;
	struct cpu_log cl = { 0 };
	struct madt_log ml = { 0 };
	const u8 *m;
	u64 n;
	u32 len;

	build_machine();
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	assert_int_equal(acpi_table_count(), 4); /* XSDT + 3 */
	EXPECT_LOG(
		"ACPI: XSDT 0x000000007FFF0000 00003C (v01 SPARSE UNITTEST 00000001 SMMT 20240101)\n");

	t = acpi_get_table("SRAT", 0, &len);
	assert_int_equal(acpi_srat_parse_cpus(t, len, log_cpu, &cl), 2);
	assert_true(cl.c[1].x2apic);
	assert_int_equal(cl.c[1].apic_id, 0x100);
	assert_int_equal(cl.c[1].pxm, 1);

	t = acpi_get_table("SLIT", 0, &len);
	assert_int_equal(acpi_slit_parse(t, len, 256, &n, &m), 0);
	assert_int_equal(n, 2);
	assert_int_equal(m[1], 21);
	assert_true(acpi_slit_valid(n, m));

	t = acpi_get_table("APIC", 0, &len);
	assert_int_equal(acpi_madt_parse_cpus(t, len, log_madt, &ml), 3);
	assert_false(ml.c[0].x2apic);
	assert_true(ml.c[1].x2apic);
	assert_int_equal(ml.c[1].apic_id, 0x100);
	assert_int_equal(ml.c[1].uid, 1);
	assert_int_equal(ml.c[2].flags, ACPI_MADT_ONLINE_CAPABLE);
	EXPECT_LOG("ACPI: X2APIC (apic_id[0x101] uid[0x02] disabled)\n");
}

/* ACPI 1.0: revision 0 RSDP, 32-bit RSDT entries. */
static void test_rsdp_v1_uses_rsdt(void **state)
{
	build_machine();
	tb_rsdp(&t_rsdp, 0, (u32)PA_RSDT, 0);
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	assert_string_equal(acpi_table_at(0)->signature, "RSDT");
	EXPECT_LOG("ACPI: RSDP 0x00000000000E0000 000014 (v00 SPARSE)\n");
	assert_non_null(acpi_get_table("APIC", 0, NULL));
}

static void test_rsdp_bad_checksums(void **state)
{
	build_machine();
	t_rsdp.checksum++;
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), -EINVAL);
	EXPECT_LOG("RSDP: incorrect checksum");
	assert_int_equal(acpi_table_count(), 0);

	capture_start();
	tb_rsdp(&t_rsdp, 2, (u32)PA_RSDT, PA_XSDT);
	t_rsdp.extended_checksum++;
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), -EINVAL);
	EXPECT_LOG("RSDP: incorrect extended checksum");

	capture_start();
	tb_rsdp(&t_rsdp, 2, (u32)PA_RSDT, PA_XSDT);
	t_rsdp.signature[0] = 'X';
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), -EINVAL);
	EXPECT_LOG("not an RSDP");

	assert_int_equal(acpi_tables_init(0, fake_map), -ENOENT);
}

/* A table that does not sum to 0 is reported and left out; the rest stay. */
static void test_table_bad_checksum_rejected(void **state)
{
	build_machine();
	t_srat.b[60] ^= 0x01; /* flip a bit in an entry */
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	EXPECT_LOG(
		"ACPI BIOS Warning (bug): Incorrect checksum in table [SRAT] - 0x");
	EXPECT_LOG(
		"ACPI: SRAT 0x000000007FFF2000 Attempted table install failed (bad checksum): not used\n");
	assert_null(acpi_get_table("SRAT", 0, NULL));
	assert_non_null(acpi_get_table("SLIT", 0, NULL));
	assert_int_equal(acpi_tables_rejected(), 1);
	assert_int_equal(acpi_table_count(), 3);
}

/* A broken XSDT falls back to the RSDT, as ACPICA does. */
static void test_bad_xsdt_falls_back_to_rsdt(void **state)
{
	build_machine();
	t_xsdt.b[40] ^= 0xff;
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	EXPECT_LOG("Incorrect checksum in table [XSDT]");
	EXPECT_LOG("XSDT is invalid, using RSDT");
	assert_string_equal(acpi_table_at(0)->signature, "RSDT");
	assert_non_null(acpi_get_table("SRAT", 0, NULL));

	/* no RSDT either: no ACPI at all */
	capture_start();
	t_rsdt.b[40] ^= 0xff;
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), -EINVAL);
	EXPECT_LOG("no usable root table");
	assert_int_equal(acpi_table_count(), 0);
}

/* A table whose header claims more bytes than can be read. */
static void test_truncated_table(void **state)
{
	build_machine();
	fake_blobs[3].len = 60; /* the SRAT blob: header + a bit */
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	EXPECT_LOG("SRAT 0x000000007FFF2000 cannot be read in full (length 0x");
	assert_null(acpi_get_table("SRAT", 0, NULL));

	/* A length field smaller than the header itself. */
	capture_start();
	fake_blobs[3].len = t_srat.len;
	((struct acpi_table_header *)t_srat.b)->length = 20;
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	EXPECT_LOG("SRAT 0x000000007FFF2000 invalid table length 0x14");

	/* An XSDT entry pointing nowhere. */
	capture_start();
	fake_reset();
	build_machine();
	{
		u64 list[2] = { PA_SRAT, 0x12345000 };

		tb_root(&t_xsdt, ACPI_SIG_XSDT, 8, list, 2);
	}
	assert_int_equal(acpi_tables_init(PA_RSDP, fake_map), 0);
	EXPECT_LOG("table at 0x0000000012345000 cannot be read");
	assert_int_equal(acpi_tables_rejected(), 1);
}

/* Entries with impossible lengths end the walk with a message. */
static void test_malformed_entries(void **state)
{
	struct cpu_log cl = { 0 };
	struct mem_log ml = { 0 };
	struct tbuf t;

	/* zero-length entry */
	tb_srat_begin(&t, 3);
	tb_srat_cpu(&t, 0, 0, 1);
	tb_u8(&t, ACPI_SRAT_TYPE_MEMORY_AFFINITY);
	tb_u8(&t, 0);
	tb_finish(&t);
	assert_int_equal(acpi_srat_parse_mem((void *)t.b, t.len, log_mem, &ml),
			 -EINVAL);
	EXPECT_LOG("[SRAT:0x01] Invalid zero length\n");

	/* entry running past the end */
	capture_start();
	tb_srat_begin(&t, 3);
	tb_srat_mem(&t, 0, 0, 0x1000000, 1);
	t.len -= 8;
	tb_finish(&t);
	assert_int_equal(acpi_srat_parse_mem((void *)t.b, t.len, log_mem, &ml),
			 -EINVAL);
	EXPECT_LOG("runs past the table end");

	/* a memory entry too short for its type */
	capture_start();
	tb_srat_begin(&t, 3);
	tb_u8(&t, ACPI_SRAT_TYPE_MEMORY_AFFINITY);
	tb_u8(&t, 32);
	for (int i = 0; i < 30; i++)
		tb_u8(&t, 0);
	tb_finish(&t);
	assert_int_equal(acpi_srat_parse_mem((void *)t.b, t.len, log_mem, &ml),
			 -EINVAL);
	EXPECT_LOG("ACPI: SRAT: Unexpected header length: 32");
	/* ...which the processor walk, not reading type 1, does not see */
	assert_int_equal(acpi_srat_parse_cpus((void *)t.b, t.len, log_cpu, &cl),
			 0);

	/* the table's own length larger than what the caller can read */
	capture_start();
	tb_srat_begin(&t, 3);
	tb_srat_cpu(&t, 0, 0, 1);
	tb_finish(&t);
	assert_int_equal(acpi_srat_parse_cpus((void *)t.b, t.len - 4, log_cpu,
					      &cl),
			 -EINVAL);

	/* a MADT x2APIC entry too short */
	capture_start();
	tb_madt_begin(&t, 3);
	tb_u8(&t, ACPI_MADT_TYPE_LOCAL_X2APIC);
	tb_u8(&t, 8);
	for (int i = 0; i < 6; i++)
		tb_u8(&t, 0);
	tb_finish(&t);
	assert_int_equal(acpi_madt_parse_cpus((void *)t.b, t.len, log_madt,
					      &(struct madt_log){ 0 }),
			 -EINVAL);
	EXPECT_LOG("MADT: entry type 9 has length 8, too short");
}

/* SRAT revision 1 keeps 8 bits of proximity domain; revision 2+ all 32. */
static void test_srat_revision_pxm(void **state)
{
	struct cpu_log cl = { 0 };
	struct mem_log ml = { 0 };
	struct tbuf t;

	tb_srat_begin(&t, 1);
	tb_srat_cpu(&t, 0x1203, 4, 1);
	tb_srat_mem(&t, 0x1203, 0, 0x100000, 1);
	tb_finish(&t);
	acpi_srat_parse_cpus((void *)t.b, t.len, log_cpu, &cl);
	acpi_srat_parse_mem((void *)t.b, t.len, log_mem, &ml);
	assert_int_equal(cl.c[0].pxm, 0x03);
	assert_int_equal(ml.m[0].pxm, 0x03);

	cl.n = ml.n = 0;
	tb_srat_begin(&t, 2);
	tb_srat_cpu(&t, 0x1203, 4, 1);
	tb_srat_mem(&t, 0x1203, 0, 0x100000, 1);
	tb_finish(&t);
	acpi_srat_parse_cpus((void *)t.b, t.len, log_cpu, &cl);
	acpi_srat_parse_mem((void *)t.b, t.len, log_mem, &ml);
	assert_int_equal(cl.c[0].pxm, 0x1203);
	assert_int_equal(ml.m[0].pxm, 0x1203);
}

static void test_slit_checks(void **state)
{
	static const u8 good[9] = { 10, 20, 30, 20, 10, 20, 30, 20, 10 };
	static const u8 bad_diag[4] = { 10, 20, 20, 11 };
	static const u8 bad_off[4] = { 10, 10, 20, 10 };
	const u8 *m;
	u64 n;
	struct tbuf t;

	tb_slit(&t, 3, good);
	assert_int_equal(acpi_slit_parse((void *)t.b, t.len, 256, &n, &m), 0);
	assert_int_equal(n, 3);
	assert_true(acpi_slit_valid(n, m));
	assert_false(acpi_slit_valid(2, bad_diag));
	assert_false(acpi_slit_valid(2, bad_off));

	/* the count says 3 but only 2x2 distances follow */
	tb_header(&t, ACPI_SIG_SLIT, 1);
	tb_u64(&t, 3);
	tb_put(&t, good, 4);
	tb_finish(&t);
	assert_int_equal(acpi_slit_parse((void *)t.b, t.len, 256, &n, &m),
			 -EINVAL);
	EXPECT_LOG("SLIT: table length 48 too short for 3 x 3 distances");

	/* an absurd count */
	tb_header(&t, ACPI_SIG_SLIT, 1);
	tb_u64(&t, 1ULL << 40);
	tb_finish(&t);
	assert_int_equal(acpi_slit_parse((void *)t.b, t.len, 256, &n, &m),
			 -EINVAL);
}

/* "ACPI checksums still hold": a table changed after boot is caught. */
static void test_verify_catches_changes(void **state)
{
	u8 *srat;

	add_qemu_tables();
	assert_int_equal(acpi_tables_init(QEMU_RSDP_PA, fake_map), 0);
	assert_int_equal(acpi_tables_verify(), 0);
	srat = qemu_table("SRAT");
	srat[100] ^= 0x40;
	qemu_table("FACS")[8] ^= 0x01; /* FACS: no checksum, never counted */
	assert_int_equal(acpi_tables_verify(), 1);
	EXPECT_LOG("ACPI: SRAT 0x000000007F775000 checksum no longer holds");
	qemu_table("RSDP")[30] ^= 0x01;
	assert_int_equal(acpi_tables_verify(), 2);
	srat[100] ^= 0x40;
	qemu_table("RSDP")[30] ^= 0x01;
	assert_int_equal(acpi_tables_verify(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_checksum_helper),
		T(test_qemu_tables_found_and_printed),
		T(test_qemu_srat),
		T(test_qemu_madt),
		T(test_synthetic_machine),
		T(test_rsdp_v1_uses_rsdt),
		T(test_rsdp_bad_checksums),
		T(test_table_bad_checksum_rejected),
		T(test_bad_xsdt_falls_back_to_rsdt),
		T(test_truncated_table),
		T(test_malformed_entries),
		T(test_srat_revision_pxm),
		T(test_slit_checks),
		T(test_verify_catches_changes),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
