// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the ACPI table parser (lib/acpi.c).
 *
 * Input: [flags u8][base u32][rsdp offset u16][image ...].  The image is
 * physical memory at [base * 16, base * 16 + its length), reached through
 * an acpi_map_fn that refuses anything outside it (so a pointer out of the
 * image looks like memory the firmware map does not describe).  The copy
 * is malloc'd to its exact size: a read past a length is caught by ASan.
 *
 *   - acpi_tables_init() from the RSDP at base*16 + offset; with flags bit 0
 *     the harness first fixes the checksums of the RSDP, the root tables,
 *     every table they point to and the FADT's DSDT, so that mutations get
 *     past the checksum gate and reach the walkers;
 *   - then every kept SRAT, SLIT, MADT and FADT through every parser;
 *   - acpi_find_table() (the lookup before the list exists) for the same
 *     signatures and SPCR, and every SPCR through acpi_spcr_parse();
 *   - and the image itself as an SRAT, a SLIT, a MADT and an SPCR (no
 *     checksum needed), with its own length as the available length.
 *
 * Oracle: kept tables lie where they say inside the image and, when valid,
 * sum to 0 and still do (acpi_tables_verify() == 0); acpi_get_table()
 * returns only tables of the asked signature, and acpi_find_table() the
 * same table as acpi_get_table(sig, 0) (while the list is not full); an
 * SPCR accepted names I/O or memory at a non-zero address; walkers never
 * pass an entry
 * shorter than its header; a SLIT accepted has count^2 entries inside the
 * table and at most the asked number of localities.
 */
#include <lib/acpi.h>
#include <lib/acpi_spcr.h>

#include "fuzz.h"

static const u8 *img;
static size_t img_len;
static u64 img_base;

static const void *img_map(phys_addr_t pa, size_t len)
{
	if (pa < img_base || pa - img_base > img_len ||
	    len > img_len - (pa - img_base))
		return NULL;
	return img + (pa - img_base);
}

static u8 *img_at(u8 *w, u64 pa, size_t len)
{
	return img_map(pa, len) ? w + (pa - img_base) : NULL;
}

static u32 rd32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 rd64(const u8 *p)
{
	return rd32(p) | (u64)rd32(p + 4) << 32;
}

/* Make the table at pa (header and its length) sum to 0, if it fits. */
static void fix_table(u8 *w, u64 pa)
{
	u8 *h = img_at(w, pa, sizeof(struct acpi_table_header));
	u32 len;

	if (!h)
		return;
	len = rd32(h + 4);
	if (len < sizeof(struct acpi_table_header) || !img_at(w, pa, len))
		return;
	h[9] = 0;
	h[9] = (u8)-acpi_checksum(h, len);
}

static void fix_root(u8 *w, u64 pa, unsigned int entry_size)
{
	u8 *h = img_at(w, pa, sizeof(struct acpi_table_header));
	u32 len, off;

	if (!h)
		return;
	len = rd32(h + 4);
	if (len < sizeof(struct acpi_table_header) || !img_at(w, pa, len))
		return;
	for (off = sizeof(struct acpi_table_header); off + entry_size <= len;
	     off += entry_size) {
		u64 t = entry_size == 4 ? rd32(h + off) : rd64(h + off);
		u8 *th = img_at(w, t, sizeof(struct acpi_table_header));

		if (th && !memcmp(th, ACPI_SIG_FADT, 4) &&
		    img_at(w, t, ACPI_FADT_X_DSDT_OFFSET + 8)) {
			fix_table(w, rd32(th + ACPI_FADT_DSDT_OFFSET));
			fix_table(w, rd64(th + ACPI_FADT_X_DSDT_OFFSET));
		}
		fix_table(w, t);
	}
	fix_table(w, pa);
}

static void fix_checksums(u8 *w, u64 rsdp_pa)
{
	u8 *r = img_at(w, rsdp_pa, ACPI_RSDP_CHECKSUM_LENGTH);
	u8 *r2 = img_at(w, rsdp_pa, ACPI_RSDP_XCHECKSUM_LENGTH);
	u32 len;

	if (!r)
		return;
	fix_root(w, rd32(r + 16), 4);
	if (r2)
		fix_root(w, rd64(r2 + 24), 8);
	r[8] = 0;
	r[8] = (u8)-acpi_checksum(r, ACPI_RSDP_CHECKSUM_LENGTH);
	if (r2 && r[15] >= 2) {
		len = rd32(r2 + 20);
		if (len >= ACPI_RSDP_XCHECKSUM_LENGTH &&
		    img_at(w, rsdp_pa, len)) {
			r2[32] = 0;
			r2[32] = (u8)-acpi_checksum(r2, len);
		}
	}
}

static int count_cpu(const struct acpi_srat_cpu *c, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static int count_mem(const struct acpi_srat_mem *m, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static int count_madt(const struct acpi_madt_cpu *c, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

struct walk {
	const u8 *start;
	size_t len;
};

/* acpi_parse_entries() passes only entries of non-zero length that lie
 * inside the table (Linux, too, refuses only length 0). */
static int check_entry(const struct acpi_subtable_header *e, void *ctx)
{
	const struct walk *w = ctx;

	FZ_CHECK(e->length != 0, "entry of length 0 passed");
	FZ_CHECK((const u8 *)e >= w->start &&
			 (const u8 *)e + e->length <= w->start + w->len,
		 "entry at offset %td of length %u outside the table of %zu",
		 (const u8 *)e - w->start, e->length, w->len);
	return 0;
}

static void parse_as_spcr(const struct acpi_table_header *t, size_t len)
{
	struct uart_desc d;

	if (acpi_spcr_parse(t, len, &d) == 0)
		FZ_CHECK(d.base && d.source == UART_SRC_SPCR &&
				 d.iotype <= UART_MMIO32,
			 "SPCR accepted as iotype %d at %#llx", d.iotype,
			 (unsigned long long)d.base);
}

/* One table through every parser that could take it. */
static void parse_as_table(const struct acpi_table_header *t, size_t len)
{
	u64 count = 0;
	const u8 *matrix = NULL;
	struct walk w = { (const u8 *)t, len };
	int n = 0;

	(void)acpi_srat_parse_cpus(t, len, count_cpu, &n);
	(void)acpi_srat_parse_mem(t, len, count_mem, &n);
	(void)acpi_madt_parse_cpus(t, len, count_madt, &n);
	parse_as_spcr(t, len);
	(void)acpi_parse_entries(t, len, sizeof(struct acpi_table_madt),
				 check_entry, &w);
	if (acpi_slit_parse(t, len, 64, &count, &matrix) == 0) {
		FZ_CHECK(count <= 64, "SLIT count %llu > 64",
			 (unsigned long long)count);
		FZ_CHECK(matrix >= (const u8 *)t &&
				 matrix + count * count <= (const u8 *)t + len,
			 "SLIT matrix %llu^2 outside the table of %zu",
			 (unsigned long long)count, len);
		(void)acpi_slit_valid(count, matrix);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sigs[] = { ACPI_SIG_SRAT, ACPI_SIG_SLIT,
					    ACPI_SIG_MADT, ACPI_SIG_FADT,
					    ACPI_SIG_SPCR };
	struct fz f;
	u8 flags, *w;
	u64 rsdp_pa;
	unsigned int i, s;

	fz_quiet();
	fz_init(&f, data, size);
	flags = fz_u8(&f);
	img_base = (u64)fz_u32(&f) << 4;
	rsdp_pa = img_base + fz_u16(&f);
	img_len = f.left;
	w = malloc(img_len ? img_len : 1);
	memcpy(w, f.p, img_len);
	img = w;
	if (flags & 1)
		fix_checksums(w, rsdp_pa);

	if (acpi_tables_init(rsdp_pa, img_map) == 0) {
		for (i = 0; i < acpi_table_count(); i++) {
			const struct acpi_table_desc *d = acpi_table_at(i);

			FZ_CHECK(d && d->pointer, "table %u without a pointer",
				 i);
			FZ_CHECK(
				img_map(d->address, d->length) == d->pointer,
				"table %u (%s) at %#llx+%u is not where it says",
				i, d->signature, (unsigned long long)d->address,
				d->length);
			if (d->valid && strcmp(d->signature, ACPI_SIG_FACS))
				FZ_CHECK(
					acpi_checksum(d->pointer, d->length) ==
						0,
					"table %u (%s) kept with a bad checksum",
					i, d->signature);
		}
		FZ_CHECK(acpi_tables_verify() == 0, "checksums changed");
		acpi_reserve_tables(NULL);
		for (s = 0; s < ARRAY_SIZE(sigs); s++) {
			const struct acpi_table_header *t;
			u32 len = 0;

			const struct acpi_table_header *found;
			u32 flen = 0;

			found = acpi_find_table(rsdp_pa, img_map, sigs[s],
						&flen);
			if (acpi_table_count() < ACPI_MAX_TABLES)
				FZ_CHECK(
					found == acpi_get_table(sigs[s], 0,
								NULL),
					"acpi_find_table(%s) and acpi_get_table disagree",
					sigs[s]);
			for (i = 0; (t = acpi_get_table(sigs[s], i, &len));
			     i++) {
				FZ_CHECK(!memcmp(t->signature, sigs[s], 4),
					 "asked %s, got %.4s", sigs[s],
					 t->signature);
				parse_as_table(t, len);
			}
		}
	}
	acpi_tables_reset();

	if (img_len >= sizeof(struct acpi_table_header))
		parse_as_table((const struct acpi_table_header *)w, img_len);
	free(w);
	img = NULL;
	return 0;
}
