// SPDX-License-Identifier: MIT
/*
 * ACPI tables from bytes (see include/lib/acpi.h for the layouts).
 *
 * What this file owns:
 *  - the table list: every table the RSDP's root table (XSDT, or RSDT for
 *    ACPI 1.0 and as a fallback) lists, plus the FADT's DSDT and FACS, in
 *    the order ACPICA installs them, each printed as Linux prints it;
 *  - checksum checks: a table that does not sum to 0, or that the
 *    platform's map cannot give in full, is reported and left out, so no
 *    parser ever sees it;
 *  - walkers over SRAT, SLIT and MADT entries that check every length
 *    before reading a field and hand out decoded, plain values.
 *
 * Invariants: every kept table has length >= its header, its bytes were
 * all readable through the map, and (FACS excepted, it has no checksum) it
 * summed to 0 when kept.  No walker reads outside [table, table + len).
 *
 * Callers: the platform (efi/pre_exit/acpi_efi.c, or a test) calls acpi_tables_init()
 * once; mm/numa.c and the SMP code read SRAT/SLIT/MADT through the walkers;
 * the report calls acpi_tables_verify().  Single-threaded, boot time.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <lib/acpi.h>
#include <lib/printk.h>
#include <lib/string.h>

static struct acpi_table_desc tables[ACPI_MAX_TABLES];
static unsigned int nr_tables;
static unsigned int nr_rejected;
static const struct acpi_table_rsdp *rsdp_ptr;
static size_t rsdp_len;

u8 acpi_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* Copy an ACPI name field for printing: non-printable bytes become '?'
 * (ACPICA's acpi_tb_fix_string). */
static void fix_string(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = src[i];

		dst[i] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	dst[n] = '\0';
}

static bool sig_equal(const char *a, const char *b)
{
	return memcmp(a, b, ACPI_NAMESEG_SIZE) == 0;
}

int acpi_rsdp_validate(const struct acpi_table_rsdp *rsdp, size_t avail)
{
	size_t len;

	if (avail < ACPI_RSDP_CHECKSUM_LENGTH ||
	    memcmp(rsdp->signature, ACPI_SIG_RSDP, 8) != 0) {
		pr_err("RSDP: no \"RSD PTR \" signature: not an RSDP\n");
		return -EINVAL;
	}
	if (acpi_checksum(rsdp, ACPI_RSDP_CHECKSUM_LENGTH)) {
		pr_err("RSDP: incorrect checksum (bytes 0-19 sum to 0x%02x, should be 0): not used\n",
		       acpi_checksum(rsdp, ACPI_RSDP_CHECKSUM_LENGTH));
		return -EINVAL;
	}
	if (rsdp->revision < 2)
		return 0;
	if (avail < ACPI_RSDP_XCHECKSUM_LENGTH) {
		pr_err("RSDP: revision %u but only %zu bytes readable: not used\n",
		       rsdp->revision, avail);
		return -EINVAL;
	}
	len = rsdp->length;
	if (len < ACPI_RSDP_XCHECKSUM_LENGTH || len > avail) {
		pr_err("RSDP: invalid length %zu (expected %u..%zu): not used\n",
		       len, ACPI_RSDP_XCHECKSUM_LENGTH, avail);
		return -EINVAL;
	}
	if (acpi_checksum(rsdp, len)) {
		pr_err("RSDP: incorrect extended checksum (sum 0x%02x, should be 0): not used\n",
		       acpi_checksum(rsdp, len));
		return -EINVAL;
	}
	return 0;
}

static void print_rsdp(phys_addr_t pa, const struct acpi_table_rsdp *rsdp)
{
	char oem[ACPI_OEM_ID_SIZE + 1];

	fix_string(oem, rsdp->oem_id, ACPI_OEM_ID_SIZE);
	pr_info("RSDP 0x%016llX %06X (v%02u %-6.6s)\n", (unsigned long long)pa,
		/* length exists (and was checked) from revision 2 only: a
		 * revision 1 RSDP may be all of the 20 readable bytes */
		rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_CHECKSUM_LENGTH,
		rsdp->revision, oem);
}

/* ACPICA's acpi_tb_print_table_header for a standard table. */
static void print_table(phys_addr_t pa, const struct acpi_table_header *h)
{
	char sig[5], oem[7], oem_table[9], asl[5];

	fix_string(sig, h->signature, 4);
	if (sig_equal(h->signature, ACPI_SIG_FACS)) {
		pr_info("%-4.4s 0x%016llX %06X\n", sig, (unsigned long long)pa,
			h->length);
		return;
	}
	fix_string(oem, h->oem_id, 6);
	fix_string(oem_table, h->oem_table_id, 8);
	fix_string(asl, h->asl_compiler_id, 4);
	pr_info("%-4.4s 0x%016llX %06X (v%02u %-6.6s %-8.8s %08X %-4.4s %08X)\n",
		sig, (unsigned long long)pa, h->length, h->revision, oem,
		oem_table, h->oem_revision, asl, h->asl_compiler_revision);
}

/*
 * Read the table at pa through the map and check it.  expect_sig (may be
 * NULL) is the signature the caller expects (a root table, DSDT, FACS).
 * Returns the pointer to all of it and its length, or NULL after a message.
 */
static const void *map_table(phys_addr_t pa, acpi_map_fn map,
			     const char *expect_sig, u32 *len_out)
{
	const struct acpi_table_header *h;
	const struct acpi_table_facs_head *fh;
	bool facs = expect_sig && sig_equal(expect_sig, ACPI_SIG_FACS);
	size_t min = facs ? sizeof(*fh) : sizeof(*h);
	char sig[5];
	u32 len;

	fh = map(pa, min);
	if (!fh) {
		pr_err("table at 0x%016llX cannot be read (%zu-byte header): not used\n",
		       (unsigned long long)pa, min);
		return NULL;
	}
	fix_string(sig, fh->signature, 4);
	if (expect_sig && !sig_equal(fh->signature, expect_sig)) {
		pr_err("table at 0x%016llX has signature [%s], expected [%.4s]: not used\n",
		       (unsigned long long)pa, sig, expect_sig);
		return NULL;
	}
	len = fh->length;
	if (len < min) {
		pr_err("%s 0x%016llX invalid table length 0x%X (header alone is 0x%zX): not used\n",
		       sig, (unsigned long long)pa, len, min);
		return NULL;
	}
	h = map(pa, len);
	if (!h) {
		pr_err("%s 0x%016llX cannot be read in full (length 0x%X): table cut short, not used\n",
		       sig, (unsigned long long)pa, len);
		return NULL;
	}
	if (!facs && acpi_checksum(h, len)) {
		u8 sum = acpi_checksum(h, len);

		printk(KERN_WARNING
		       "ACPI BIOS Warning (bug): Incorrect checksum in table [%s] - 0x%02X, should be 0x%02X\n",
		       sig, h->checksum, (u8)(h->checksum - sum));
		pr_err("%s 0x%016llX Attempted table install failed (bad checksum): not used\n",
		       sig, (unsigned long long)pa);
		return NULL;
	}
	*len_out = len;
	return h;
}

static void add_desc(phys_addr_t pa, const struct acpi_table_header *h, u32 len)
{
	struct acpi_table_desc *d = &tables[nr_tables++];

	memcpy(d->signature, h->signature, ACPI_NAMESEG_SIZE);
	d->signature[ACPI_NAMESEG_SIZE] = '\0';
	d->address = pa;
	d->length = len;
	d->pointer = h;
	d->valid = true;
}

/* Install one table into the list (printing it), or count it as rejected. */
static const void *install_table(phys_addr_t pa, acpi_map_fn map,
				 const char *expect_sig)
{
	const struct acpi_table_header *h;
	u32 len;

	h = map_table(pa, map, expect_sig, &len);
	if (!h) {
		nr_rejected++;
		return NULL;
	}
	if (nr_tables == ACPI_MAX_TABLES) {
		pr_err("%.4s 0x%016llX: table list full (%u tables): not used\n",
		       h->signature, (unsigned long long)pa, ACPI_MAX_TABLES);
		nr_rejected++;
		return NULL;
	}
	print_table(pa, h);
	add_desc(pa, h, len);
	return h;
}

static u64 read_u64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 read_u32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The FADT names the DSDT and FACS: the 64-bit X_ fields win when present
 * and non-zero (ACPICA's acpi_tb_select_address, without its quirks). */
static void install_fadt_tables(const struct acpi_table_header *fadt,
				acpi_map_fn map)
{
	const u8 *f = (const u8 *)fadt;
	u32 len = fadt->length;
	u64 dsdt = 0, facs = 0;

	if (len >= ACPI_FADT_DSDT_OFFSET + 4)
		dsdt = read_u32(f + ACPI_FADT_DSDT_OFFSET);
	if (len >= ACPI_FADT_FACS_OFFSET + 4)
		facs = read_u32(f + ACPI_FADT_FACS_OFFSET);
	if (len >= ACPI_FADT_X_DSDT_OFFSET + 8 &&
	    read_u64(f + ACPI_FADT_X_DSDT_OFFSET))
		dsdt = read_u64(f + ACPI_FADT_X_DSDT_OFFSET);
	if (len >= ACPI_FADT_X_FACS_OFFSET + 8 &&
	    read_u64(f + ACPI_FADT_X_FACS_OFFSET))
		facs = read_u64(f + ACPI_FADT_X_FACS_OFFSET);
	if (dsdt)
		install_table(dsdt, map, ACPI_SIG_DSDT);
	if (facs)
		install_table(facs, map, ACPI_SIG_FACS);
}

void acpi_tables_reset(void)
{
	memset(tables, 0, sizeof(tables));
	nr_tables = 0;
	nr_rejected = 0;
	rsdp_ptr = NULL;
	rsdp_len = 0;
}

/* The RSDP at rsdp_pa and the root table it names, checked: the XSDT from
 * revision 2, the RSDT when there is no usable XSDT.  NULL after a
 * message. */
struct acpi_root {
	const struct acpi_table_rsdp *rsdp;
	const struct acpi_table_header *table;
	phys_addr_t pa;
	u32 len;
	size_t entry_size; /* 8: XSDT, 4: RSDT */
};

static int find_root(phys_addr_t rsdp_pa, acpi_map_fn map, struct acpi_root *r)
{
	const struct acpi_table_rsdp *rsdp;
	size_t avail;

	*r = (struct acpi_root){ 0 };
	/* Map the v2 size when possible, else the v1 size. */
	avail = ACPI_RSDP_XCHECKSUM_LENGTH;
	rsdp = map(rsdp_pa, avail);
	if (!rsdp) {
		avail = ACPI_RSDP_CHECKSUM_LENGTH;
		rsdp = map(rsdp_pa, avail);
	}
	if (!rsdp) {
		pr_err("RSDP at 0x%016llX cannot be read: ACPI not used\n",
		       (unsigned long long)rsdp_pa);
		return -EINVAL;
	}
	if (acpi_rsdp_validate(rsdp, avail))
		return -EINVAL;
	r->rsdp = rsdp;
	if (rsdp->revision >= 2 && rsdp->xsdt_physical_address) {
		r->pa = rsdp->xsdt_physical_address;
		r->table = map_table(r->pa, map, ACPI_SIG_XSDT, &r->len);
		r->entry_size = sizeof(u64);
		if (!r->table && rsdp->rsdt_physical_address)
			printk(KERN_WARNING
			       "ACPI BIOS Warning (bug): XSDT is invalid, using RSDT\n");
	}
	if (!r->table && rsdp->rsdt_physical_address) {
		r->pa = rsdp->rsdt_physical_address;
		r->table = map_table(r->pa, map, ACPI_SIG_RSDT, &r->len);
		r->entry_size = sizeof(u32);
	}
	return r->table ? 0 : -EINVAL;
}

/* The address in the root table's entry i; 0 past the end (and for a
 * null entry, which ACPICA skips). */
static u64 root_entry(const struct acpi_root *r, unsigned int i)
{
	size_t off = sizeof(*r->table) + i * r->entry_size;
	const u8 *e = (const u8 *)r->table + off;

	if (off + r->entry_size > r->len)
		return 0;
	return r->entry_size == 8 ? read_u64(e) : read_u32(e);
}

static unsigned int root_entries(const struct acpi_root *r)
{
	return (unsigned int)((r->len - sizeof(*r->table)) / r->entry_size);
}

int acpi_tables_init(phys_addr_t rsdp_pa, acpi_map_fn map)
{
	struct acpi_root r;

	acpi_tables_reset();
	/* Linux skips the checks this early unless acpi_force_table_verification;
	 * sparsemm always checks, and says so with Linux's line for that case. */
	pr_info("Early table checksum verification enabled\n");
	if (!rsdp_pa) {
		pr_info("no RSDP: the firmware published no ACPI tables\n");
		return -ENOENT;
	}
	if (find_root(rsdp_pa, map, &r)) {
		if (r.rsdp)
			pr_err("no usable root table (RSDT/XSDT): ACPI not used\n");
		acpi_tables_reset();
		return -EINVAL;
	}
	rsdp_ptr = r.rsdp;
	rsdp_len = r.rsdp->revision >= 2 ? r.rsdp->length :
					   ACPI_RSDP_CHECKSUM_LENGTH;
	print_rsdp(rsdp_pa, r.rsdp);
	print_table(r.pa, r.table);
	add_desc(r.pa, r.table, r.len);

	for (unsigned int i = 0; i < root_entries(&r); i++) {
		u64 pa = root_entry(&r, i);
		const struct acpi_table_header *t;

		if (!pa)
			continue; /* ACPICA skips null entries */
		t = install_table(pa, map, NULL);
		if (t && sig_equal(t->signature, ACPI_SIG_FADT))
			install_fadt_tables(t, map);
	}
	return 0;
}

const struct acpi_table_header *acpi_find_table(phys_addr_t rsdp_pa,
						acpi_map_fn map,
						const char *sig, u32 *len_out)
{
	struct acpi_root r;

	if (!rsdp_pa || find_root(rsdp_pa, map, &r))
		return NULL;
	for (unsigned int i = 0; i < root_entries(&r); i++) {
		u64 pa = root_entry(&r, i);
		const struct acpi_table_header *h;

		if (!pa)
			continue;
		h = map(pa, sizeof(*h));
		if (!h || !sig_equal(h->signature, sig))
			continue;
		h = map_table(pa, map, sig, len_out);
		if (h)
			return h; /* else a later one, as the list would keep */
	}
	return NULL;
}

const struct acpi_table_header *
acpi_get_table(const char *sig, unsigned int instance, u32 *length_out)
{
	for (unsigned int i = 0; i < nr_tables; i++) {
		if (!tables[i].valid || !sig_equal(tables[i].signature, sig))
			continue;
		if (instance--)
			continue;
		if (length_out)
			*length_out = tables[i].length;
		return tables[i].pointer;
	}
	return NULL;
}

void acpi_reserve_tables(int (*reserve)(phys_addr_t base, phys_addr_t size))
{
	/* tables[0] is the root table, which Linux does not list here */
	for (unsigned int i = 1; i < nr_tables; i++) {
		const struct acpi_table_desc *d = &tables[i];

		pr_info("Reserving %s table memory at [mem 0x%llx-0x%llx]\n",
			d->signature, (unsigned long long)d->address,
			(unsigned long long)(d->address + d->length - 1));
		if (reserve && reserve(d->address, d->length))
			pr_warn("could not reserve %s [mem 0x%llx-0x%llx]\n",
				d->signature, (unsigned long long)d->address,
				(unsigned long long)(d->address + d->length -
						     1));
	}
}

unsigned int acpi_table_count(void)
{
	return nr_tables;
}

const struct acpi_table_desc *acpi_table_at(unsigned int i)
{
	return i < nr_tables ? &tables[i] : NULL;
}

unsigned int acpi_tables_rejected(void)
{
	return nr_rejected;
}

int acpi_tables_verify(void)
{
	int bad = 0;

	if (rsdp_ptr && acpi_checksum(rsdp_ptr, rsdp_len)) {
		pr_err("RSDP checksum no longer holds (sum 0x%02x)\n",
		       acpi_checksum(rsdp_ptr, rsdp_len));
		bad++;
	}
	for (unsigned int i = 0; i < nr_tables; i++) {
		const struct acpi_table_desc *d = &tables[i];
		u8 sum;

		if (sig_equal(d->signature, ACPI_SIG_FACS))
			continue; /* no checksum; firmware writes it */
		sum = acpi_checksum(d->pointer, d->length);
		if (sum) {
			pr_err("%s 0x%016llX checksum no longer holds (sum 0x%02x): the table changed since boot\n",
			       d->signature, (unsigned long long)d->address,
			       sum);
			bad++;
		}
	}
	return bad;
}

/* ---- subtables ---------------------------------------------------------- */

int acpi_parse_entries(const struct acpi_table_header *table, size_t len,
		       size_t hdr_size,
		       int (*fn)(const struct acpi_subtable_header *entry,
				 void *ctx),
		       void *ctx)
{
	const u8 *base = (const u8 *)table;
	size_t off = hdr_size;
	int count = 0;

	if (len < hdr_size || table->length < hdr_size || table->length > len) {
		pr_err("[%.4s] table length %u does not fit (header %zu, readable %zu)\n",
		       table->signature, table->length, hdr_size, len);
		return -EINVAL;
	}
	len = table->length;
	while (off + sizeof(struct acpi_subtable_header) <= len) {
		const struct acpi_subtable_header *e =
			(const void *)(base + off);
		int ret;

		if (e->length == 0) {
			pr_err("[%.4s:0x%02x] Invalid zero length\n",
			       table->signature, e->type);
			return -EINVAL;
		}
		if (off + e->length > len) {
			pr_err("[%.4s:0x%02x] entry at offset 0x%zx (length %u) runs past the table end 0x%zx: table truncated\n",
			       table->signature, e->type, off, e->length, len);
			return -EINVAL;
		}
		ret = fn(e, ctx);
		if (ret)
			return ret;
		count++;
		off += e->length;
	}
	return count;
}

/* ---- SRAT --------------------------------------------------------------- */

struct srat_walk {
	u8 revision; /* the SRAT header's revision */
	bool cpus; /* walking processor entries, else memory */
	int (*cpu_fn)(const struct acpi_srat_cpu *c, void *ctx);
	int (*mem_fn)(const struct acpi_srat_mem *m, void *ctx);
	void *ctx;
	int passed;
};

static int srat_bad_length(const struct acpi_subtable_header *e)
{
	pr_err("SRAT: Unexpected header length: %d (type %u)\n", e->length,
	       e->type);
	return -EINVAL;
}

static int srat_cpu_entry(const struct acpi_subtable_header *e,
			  struct srat_walk *w)
{
	struct acpi_srat_cpu c = { 0 };

	if (e->type == ACPI_SRAT_TYPE_CPU_AFFINITY) {
		const struct acpi_srat_cpu_affinity *p = (const void *)e;

		if (e->length != sizeof(*p))
			return srat_bad_length(e);
		c.pxm = p->proximity_domain_lo;
		if (w->revision >= 2)
			c.pxm |= (u32)p->proximity_domain_hi[0] << 8 |
				 (u32)p->proximity_domain_hi[1] << 16 |
				 (u32)p->proximity_domain_hi[2] << 24;
		c.apic_id = p->apic_id;
		c.flags = p->flags;
	} else if (e->type == ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY) {
		const struct acpi_srat_x2apic_cpu_affinity *p = (const void *)e;

		if (e->length < sizeof(*p))
			return srat_bad_length(e);
		c.pxm = p->proximity_domain;
		c.apic_id = p->apic_id;
		c.flags = p->flags;
		c.x2apic = true;
	} else {
		return 0;
	}
	w->passed++;
	return w->cpu_fn(&c, w->ctx);
}

static int srat_mem_entry(const struct acpi_subtable_header *e,
			  struct srat_walk *w)
{
	const struct acpi_srat_mem_affinity *p = (const void *)e;
	struct acpi_srat_mem m;

	if (e->type != ACPI_SRAT_TYPE_MEMORY_AFFINITY)
		return 0;
	if (e->length < sizeof(*p))
		return srat_bad_length(e);
	m.pxm = p->proximity_domain;
	if (w->revision <= 1)
		m.pxm &= 0xff;
	m.base = p->base_address;
	m.length = p->length;
	m.flags = p->flags;
	w->passed++;
	return w->mem_fn(&m, w->ctx);
}

static int srat_entry(const struct acpi_subtable_header *e, void *ctx)
{
	struct srat_walk *w = ctx;

	return w->cpus ? srat_cpu_entry(e, w) : srat_mem_entry(e, w);
}

static int srat_walk(const struct acpi_table_header *srat, size_t len,
		     struct srat_walk *w)
{
	int ret;

	if (!sig_equal(srat->signature, ACPI_SIG_SRAT)) {
		pr_err("[%.4s] is not an SRAT\n", srat->signature);
		return -EINVAL;
	}
	w->revision = srat->revision;
	ret = acpi_parse_entries(srat, len, sizeof(struct acpi_table_srat),
				 srat_entry, w);
	return ret < 0 ? ret : w->passed;
}

int acpi_srat_parse_cpus(const struct acpi_table_header *srat, size_t len,
			 int (*fn)(const struct acpi_srat_cpu *c, void *ctx),
			 void *ctx)
{
	struct srat_walk w = { .cpus = true, .cpu_fn = fn, .ctx = ctx };

	return srat_walk(srat, len, &w);
}

int acpi_srat_parse_mem(const struct acpi_table_header *srat, size_t len,
			int (*fn)(const struct acpi_srat_mem *m, void *ctx),
			void *ctx)
{
	struct srat_walk w = { .cpus = false, .mem_fn = fn, .ctx = ctx };

	return srat_walk(srat, len, &w);
}

/* ---- SLIT --------------------------------------------------------------- */

int acpi_slit_parse(const struct acpi_table_header *slit, size_t len,
		    u64 max_localities, u64 *count, const u8 **matrix)
{
	const struct acpi_table_slit *s = (const void *)slit;
	u64 n;

	if (!sig_equal(slit->signature, ACPI_SIG_SLIT)) {
		pr_err("[%.4s] is not a SLIT\n", slit->signature);
		return -EINVAL;
	}
	if (len < sizeof(*s) || slit->length < sizeof(*s) ||
	    slit->length > len) {
		pr_err("SLIT: table length %u too short for its header (%zu bytes): not used\n",
		       slit->length, sizeof(*s));
		return -EINVAL;
	}
	n = s->locality_count;
	if (n == 0 || n > max_localities) {
		pr_err("SLIT: %llu localities (supported: 1..%llu): not used\n",
		       (unsigned long long)n,
		       (unsigned long long)max_localities);
		return -EINVAL;
	}
	if (slit->length - sizeof(*s) < n * n) {
		pr_err("SLIT: table length %u too short for %llu x %llu distances: truncated, not used\n",
		       slit->length, (unsigned long long)n,
		       (unsigned long long)n);
		return -EINVAL;
	}
	*count = n;
	*matrix = s->entry;
	return 0;
}

bool acpi_slit_valid(u64 count, const u8 *matrix)
{
	for (u64 i = 0; i < count; i++) {
		for (u64 j = 0; j < count; j++) {
			u8 v = matrix[count * i + j];

			if (i == j ? v != 10 : v <= 10)
				return false;
		}
	}
	return true;
}

/* ---- MADT --------------------------------------------------------------- */

struct madt_walk {
	int (*fn)(const struct acpi_madt_cpu *c, void *ctx);
	void *ctx;
	int passed;
};

static int madt_entry(const struct acpi_subtable_header *e, void *ctx)
{
	struct madt_walk *w = ctx;
	struct acpi_madt_cpu c = { 0 };

	if (e->type == ACPI_MADT_TYPE_LOCAL_APIC) {
		const struct acpi_madt_local_apic *p = (const void *)e;

		if (e->length < sizeof(*p))
			goto bad;
		c.apic_id = p->id;
		c.uid = p->processor_id;
		c.flags = p->lapic_flags;
		pr_debug("LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n", c.uid,
			 c.apic_id,
			 c.flags & ACPI_MADT_ENABLED ? "enabled" : "disabled");
	} else if (e->type == ACPI_MADT_TYPE_LOCAL_X2APIC) {
		const struct acpi_madt_local_x2apic *p = (const void *)e;

		if (e->length < sizeof(*p))
			goto bad;
		c.apic_id = p->local_apic_id;
		c.uid = p->uid;
		c.flags = p->lapic_flags;
		c.x2apic = true;
		pr_debug("X2APIC (apic_id[0x%02x] uid[0x%02x] %s)\n", c.apic_id,
			 c.uid,
			 c.flags & ACPI_MADT_ENABLED ? "enabled" : "disabled");
	} else {
		return 0;
	}
	w->passed++;
	return w->fn(&c, w->ctx);
bad:
	pr_err("MADT: entry type %u has length %u, too short: MADT not used\n",
	       e->type, e->length);
	return -EINVAL;
}

int acpi_madt_parse_cpus(const struct acpi_table_header *madt, size_t len,
			 int (*fn)(const struct acpi_madt_cpu *c, void *ctx),
			 void *ctx)
{
	struct madt_walk w = { .fn = fn, .ctx = ctx };
	int ret;

	if (!sig_equal(madt->signature, ACPI_SIG_MADT)) {
		pr_err("[%.4s] is not a MADT\n", madt->signature);
		return -EINVAL;
	}
	ret = acpi_parse_entries(madt, len, sizeof(struct acpi_table_madt),
				 madt_entry, &w);
	return ret < 0 ? ret : w.passed;
}
