/* SPDX-License-Identifier: MIT */
/*
 * Unit-test helpers for ACPI: build tables byte by byte, and a fake physical
 * address space (a list of blobs at chosen addresses) behind an acpi_map_fn.
 *
 * A blob may be registered shorter than the table it holds says: the map
 * then refuses the full length, which is how a table cut short looks.
 */
#ifndef TESTS_UNIT_ACPI_BUILD_H
#define TESTS_UNIT_ACPI_BUILD_H

#include <lib/acpi.h>
#include <string.h>

/* ---- fake physical memory ----------------------------------------------- */

struct fake_blob {
	phys_addr_t pa;
	const void *bytes;
	size_t len;
};

static struct fake_blob fake_blobs[32];
static unsigned int nr_fake_blobs;

static inline void fake_reset(void)
{
	nr_fake_blobs = 0;
}

static inline void fake_add(phys_addr_t pa, const void *bytes, size_t len)
{
	fake_blobs[nr_fake_blobs++] = (struct fake_blob){ pa, bytes, len };
}

static inline const void *fake_map(phys_addr_t pa, size_t len)
{
	for (unsigned int i = 0; i < nr_fake_blobs; i++) {
		const struct fake_blob *b = &fake_blobs[i];

		if (pa >= b->pa && pa - b->pa + len <= b->len)
			return (const u8 *)b->bytes + (pa - b->pa);
	}
	return NULL;
}

/* ---- building tables ---------------------------------------------------- */

struct tbuf {
	u8 b[4096];
	size_t len;
};

static inline void tb_put(struct tbuf *t, const void *p, size_t n)
{
	memcpy(t->b + t->len, p, n);
	t->len += n;
}
static inline void tb_u8(struct tbuf *t, u8 v)
{
	tb_put(t, &v, 1);
}
static inline void tb_u16(struct tbuf *t, u16 v)
{
	tb_put(t, &v, 2);
}
static inline void tb_u32(struct tbuf *t, u32 v)
{
	tb_put(t, &v, 4);
}
static inline void tb_u64(struct tbuf *t, u64 v)
{
	tb_put(t, &v, 8);
}

/* Start a table with a standard header (length and checksum set by
 * tb_finish). */
static inline void tb_header(struct tbuf *t, const char *sig, u8 revision)
{
	struct acpi_table_header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.signature, sig, 4);
	h.revision = revision;
	memcpy(h.oem_id, "SPARSE", 6);
	memcpy(h.oem_table_id, "UNITTEST", 8);
	h.oem_revision = 1;
	memcpy(h.asl_compiler_id, "SMMT", 4);
	h.asl_compiler_revision = 0x20240101;
	t->len = 0;
	tb_put(t, &h, sizeof(h));
}

/* Set length and checksum. */
static inline void tb_finish(struct tbuf *t)
{
	struct acpi_table_header *h = (void *)t->b;

	h->length = (u32)t->len;
	h->checksum = 0;
	h->checksum = (u8)(0 - acpi_checksum(t->b, t->len));
}

static inline void tb_srat_begin(struct tbuf *t, u8 revision)
{
	tb_header(t, ACPI_SIG_SRAT, revision);
	tb_u32(t, 1); /* table_revision */
	tb_u64(t, 0);
}

static inline void tb_srat_cpu(struct tbuf *t, u32 pxm, u8 apic, u32 flags)
{
	tb_u8(t, ACPI_SRAT_TYPE_CPU_AFFINITY);
	tb_u8(t, 16);
	tb_u8(t, pxm & 0xff);
	tb_u8(t, apic);
	tb_u32(t, flags);
	tb_u8(t, 0); /* sapic eid */
	tb_u8(t, (pxm >> 8) & 0xff);
	tb_u8(t, (pxm >> 16) & 0xff);
	tb_u8(t, (pxm >> 24) & 0xff);
	tb_u32(t, 0);
}

static inline void tb_srat_x2apic(struct tbuf *t, u32 pxm, u32 apic, u32 flags)
{
	tb_u8(t, ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY);
	tb_u8(t, 24);
	tb_u16(t, 0);
	tb_u32(t, pxm);
	tb_u32(t, apic);
	tb_u32(t, flags);
	tb_u32(t, 0);
	tb_u32(t, 0);
}

static inline void tb_srat_mem(struct tbuf *t, u32 pxm, u64 base, u64 len,
			       u32 flags)
{
	tb_u8(t, ACPI_SRAT_TYPE_MEMORY_AFFINITY);
	tb_u8(t, 40);
	tb_u32(t, pxm);
	tb_u16(t, 0);
	tb_u64(t, base);
	tb_u64(t, len);
	tb_u32(t, 0);
	tb_u32(t, flags);
	tb_u64(t, 0);
}

/* A SLIT of n localities from a row-major matrix. */
static inline void tb_slit(struct tbuf *t, u64 n, const u8 *dist)
{
	tb_header(t, ACPI_SIG_SLIT, 1);
	tb_u64(t, n);
	tb_put(t, dist, n * n);
	tb_finish(t);
}

static inline void tb_madt_begin(struct tbuf *t, u8 revision)
{
	tb_header(t, ACPI_SIG_MADT, revision);
	tb_u32(t, 0xfee00000);
	tb_u32(t, 1);
}

static inline void tb_madt_lapic(struct tbuf *t, u8 uid, u8 apic, u32 flags)
{
	tb_u8(t, ACPI_MADT_TYPE_LOCAL_APIC);
	tb_u8(t, 8);
	tb_u8(t, uid);
	tb_u8(t, apic);
	tb_u32(t, flags);
}

static inline void tb_madt_x2apic(struct tbuf *t, u32 uid, u32 apic, u32 flags)
{
	tb_u8(t, ACPI_MADT_TYPE_LOCAL_X2APIC);
	tb_u8(t, 16);
	tb_u16(t, 0);
	tb_u32(t, apic);
	tb_u32(t, flags);
	tb_u32(t, uid);
}

static inline void tb_madt_ioapic(struct tbuf *t)
{
	tb_u8(t, ACPI_MADT_TYPE_IO_APIC);
	tb_u8(t, 12);
	tb_u8(t, 0);
	tb_u8(t, 0);
	tb_u32(t, 0xfec00000);
	tb_u32(t, 0);
}

/* An XSDT (or RSDT when entry_size is 4) listing the given addresses. */
static inline void tb_root(struct tbuf *t, const char *sig, size_t entry_size,
			   const u64 *pa, unsigned int n)
{
	tb_header(t, sig, 1);
	for (unsigned int i = 0; i < n; i++) {
		if (entry_size == 8)
			tb_u64(t, pa[i]);
		else
			tb_u32(t, (u32)pa[i]);
	}
	tb_finish(t);
}

/* An RSDP of revision 0 (20 bytes meaningful) or 2 (36 bytes). */
static inline void tb_rsdp(struct acpi_table_rsdp *r, u8 revision, u32 rsdt,
			   u64 xsdt)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->signature, ACPI_SIG_RSDP, 8);
	memcpy(r->oem_id, "SPARSE", 6);
	r->revision = revision;
	r->rsdt_physical_address = rsdt;
	r->checksum = (u8)(0 - acpi_checksum(r, ACPI_RSDP_CHECKSUM_LENGTH));
	if (revision >= 2) {
		r->length = sizeof(*r);
		r->xsdt_physical_address = xsdt;
		r->extended_checksum = (u8)(0 - acpi_checksum(r, sizeof(*r)));
	}
}

#endif
