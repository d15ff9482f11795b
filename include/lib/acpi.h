/* SPDX-License-Identifier: MIT */
/*
 * ACPI tables from bytes: the few tables sparsemm needs to find the
 * machine's nodes and CPUs, parsed without ACPICA and without firmware
 * headers, so the same code runs in the app, the simulator and the tests.
 *
 *   RSDP (v1: RSDT; v2+: XSDT) -> every table the root lists, plus the
 *   FADT's DSDT and FACS  -> kept in a small table list, checksums checked
 *   SRAT  -> processor (local APIC, x2APIC) and memory affinity entries
 *   SLIT  -> locality count and distance matrix
 *   MADT  -> processors (local APIC, x2APIC)
 *
 * Tables are reached through a map function given by the platform: the app
 * identity-maps the ACPI tables, the tests point into byte arrays.  The
 * structures below are the specification's layouts (ACPI 6.5 chapter 5),
 * packed, with ACPICA's field names where they help a reader of Linux.
 * Every length is checked against what the table says and what the map
 * gives, so a truncated or corrupt table is reported, never over-read.
 *
 * Messages use Linux's wording ("ACPI: SRAT 0x... 0000F0 (v01 BOCHS ...)",
 * "ACPI BIOS Warning (bug): Incorrect checksum in table [SRAT] ...").
 */
#ifndef LIB_ACPI_H
#define LIB_ACPI_H

#include <lib/types.h>

#define ACPI_NAMESEG_SIZE 4
#define ACPI_OEM_ID_SIZE 6
#define ACPI_OEM_TABLE_ID_SIZE 8

#define ACPI_SIG_RSDP "RSD PTR "
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_DSDT "DSDT"
#define ACPI_SIG_FACS "FACS"
#define ACPI_SIG_MADT "APIC"
#define ACPI_SIG_SRAT "SRAT"
#define ACPI_SIG_SLIT "SLIT"

/* ---- table layouts ------------------------------------------------------ */

/* Root System Description Pointer.  v1 is the first 20 bytes. */
struct acpi_table_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum; /* bytes 0..19 sum to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision; /* 0: ACPI 1.0; 2: ACPI 2.0+ */
	u32 rsdt_physical_address;
	/* ACPI 2.0+ */
	u32 length; /* of this structure: 36 */
	u64 xsdt_physical_address;
	u8 extended_checksum; /* bytes 0..length-1 sum to 0 */
	u8 reserved[3];
} __attribute__((packed));

#define ACPI_RSDP_CHECKSUM_LENGTH 20
#define ACPI_RSDP_XCHECKSUM_LENGTH 36

/* The header every System Description Table starts with. */
struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length; /* of the whole table, header included */
	u8 revision;
	u8 checksum; /* the whole table sums to 0 */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __attribute__((packed));

/* Entries of SRAT and MADT: a type and a length, then the body. */
struct acpi_subtable_header {
	u8 type;
	u8 length;
} __attribute__((packed));

/* FACS has no standard header: signature, length, then its own fields. */
struct acpi_table_facs_head {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;
} __attribute__((packed));

/* The FADT fields sparsemm follows (offsets from the table's start). */
#define ACPI_FADT_FACS_OFFSET 36 /* u32 FIRMWARE_CTRL */
#define ACPI_FADT_DSDT_OFFSET 40 /* u32 DSDT */
#define ACPI_FADT_X_FACS_OFFSET 132 /* u64 X_FIRMWARE_CTRL (ACPI 2.0+) */
#define ACPI_FADT_X_DSDT_OFFSET 140 /* u64 X_DSDT (ACPI 2.0+) */

/* SRAT: System Resource Affinity Table. */
struct acpi_table_srat {
	struct acpi_table_header header;
	u32 table_revision; /* must be 1 */
	u64 reserved;
} __attribute__((packed));

enum acpi_srat_type {
	ACPI_SRAT_TYPE_CPU_AFFINITY = 0,
	ACPI_SRAT_TYPE_MEMORY_AFFINITY = 1,
	ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY = 2,
};

struct acpi_srat_cpu_affinity { /* type 0, 16 bytes */
	struct acpi_subtable_header header;
	u8 proximity_domain_lo;
	u8 apic_id;
	u32 flags;
	u8 local_sapic_eid;
	u8 proximity_domain_hi[3]; /* used from SRAT revision 2 */
	u32 clock_domain;
} __attribute__((packed));

struct acpi_srat_mem_affinity { /* type 1, 40 bytes */
	struct acpi_subtable_header header;
	u32 proximity_domain; /* only bits 7:0 before revision 2 */
	u16 reserved;
	u64 base_address;
	u64 length;
	u32 reserved1;
	u32 flags;
	u64 reserved2;
} __attribute__((packed));

struct acpi_srat_x2apic_cpu_affinity { /* type 2, 24 bytes */
	struct acpi_subtable_header header;
	u16 reserved;
	u32 proximity_domain;
	u32 apic_id;
	u32 flags;
	u32 clock_domain;
	u32 reserved2;
} __attribute__((packed));

#define ACPI_SRAT_CPU_ENABLED (1u << 0)
#define ACPI_SRAT_MEM_ENABLED (1u << 0)
#define ACPI_SRAT_MEM_HOT_PLUGGABLE (1u << 1)
#define ACPI_SRAT_MEM_NON_VOLATILE (1u << 2)

/* SLIT: System Locality Information Table. */
struct acpi_table_slit {
	struct acpi_table_header header;
	u64 locality_count;
	u8 entry[]; /* locality_count^2 distances, row-major */
} __attribute__((packed));

/* MADT: Multiple APIC Description Table. */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address; /* local APIC physical address */
	u32 flags; /* bit 0: PC-AT compatible 8259s */
} __attribute__((packed));

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
};

struct acpi_madt_local_apic { /* type 0, 8 bytes */
	struct acpi_subtable_header header;
	u8 processor_id; /* ACPI processor UID */
	u8 id; /* local APIC id */
	u32 lapic_flags;
} __attribute__((packed));

struct acpi_madt_local_x2apic { /* type 9, 16 bytes */
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __attribute__((packed));

#define ACPI_MADT_ENABLED (1u << 0)
#define ACPI_MADT_ONLINE_CAPABLE (1u << 1) /* MADT revision 5+ */

BUILD_BUG_ON(sizeof(struct acpi_table_rsdp) != 36);
BUILD_BUG_ON(sizeof(struct acpi_table_header) != 36);
BUILD_BUG_ON(sizeof(struct acpi_table_srat) != 48);
BUILD_BUG_ON(sizeof(struct acpi_srat_cpu_affinity) != 16);
BUILD_BUG_ON(sizeof(struct acpi_srat_mem_affinity) != 40);
BUILD_BUG_ON(sizeof(struct acpi_srat_x2apic_cpu_affinity) != 24);
BUILD_BUG_ON(sizeof(struct acpi_table_slit) != 44);
BUILD_BUG_ON(sizeof(struct acpi_table_madt) != 44);
BUILD_BUG_ON(sizeof(struct acpi_madt_local_apic) != 8);
BUILD_BUG_ON(sizeof(struct acpi_madt_local_x2apic) != 16);

/* ---- checksums ---------------------------------------------------------- */

/* The 8-bit sum of len bytes: 0 for a valid ACPI structure. */
u8 acpi_checksum(const void *buf, size_t len);

/*
 * Check an RSDP: signature, the v1 checksum over 20 bytes and, from
 * revision 2, the extended checksum over its length (at least 36 and at
 * most 'avail').  Returns 0 or -EINVAL after printing what is wrong.
 */
int acpi_rsdp_validate(const struct acpi_table_rsdp *rsdp, size_t avail);

/* ---- the table list ----------------------------------------------------- */

/*
 * How the platform reaches a table: return a pointer through which 'len'
 * bytes at physical 'pa' can be read, or NULL when that range cannot be
 * read (the tests use this to model a table cut short).
 */
typedef const void *(*acpi_map_fn)(phys_addr_t pa, size_t len);

#define ACPI_MAX_TABLES 64

/* One table found through the root table (or the FADT, for DSDT/FACS). */
struct acpi_table_desc {
	char signature[ACPI_NAMESEG_SIZE + 1]; /* NUL-terminated */
	phys_addr_t address;
	u32 length;
	const void *pointer; /* length bytes, through the map */
	bool valid; /* checksum held when installed */
};

/*
 * Find every table from the RSDP at physical rsdp_pa, print each as Linux
 * does ("ACPI: RSDP 0x... 000024 (v02 BOCHS )", "ACPI: XSDT ...", one line
 * per table), and keep them in the table list.  A table whose checksum
 * fails, or that the map cannot give in full, is reported and not kept
 * (acpi_get_table() will not return it), as ACPICA rejects it.  The XSDT is
 * used from revision 2 when present; a broken XSDT falls back to the RSDT.
 * Forgets any previous list.  Returns 0, -ENOENT when rsdp_pa is 0, or
 * -EINVAL when the RSDP or the root table itself is unusable (no tables).
 */
int acpi_tables_init(phys_addr_t rsdp_pa, acpi_map_fn map);

/*
 * One table by signature (the first valid one the root lists: what
 * acpi_get_table(sig, 0) gives after acpi_tables_init()), checked, without
 * printing the tables and without touching the table list: for a caller
 * that needs a table before acpi_tables_init() runs (the console's SPCR,
 * before ExitBootServices).  Errors (a bad RSDP, root table or checksum)
 * are printed as acpi_tables_init() prints them.  NULL when there is no
 * such valid table.
 */
const struct acpi_table_header *acpi_find_table(phys_addr_t rsdp_pa,
						acpi_map_fn map,
						const char *sig, u32 *len_out);

/*
 * The app's entry point (efi/pre_exit/acpi_efi.c): acpi_tables_init() on boot.rsdp
 * through the identity map, refusing ranges the firmware memory map does
 * not describe.  Needs boot.rsdp and boot.map; no boot services.
 */
int acpi_efi_init(void);
/* The app's reservation of the tables in memblock (acpi_efi.c). */
void acpi_efi_reserve(void);

/* efi/pre_exit/acpi_efi.c: acpi_find_table() on boot.rsdp before
 * ExitBootServices, through the firmware's identity map. */
const struct acpi_table_header *acpi_efi_find_early(const char *sig, u32 *len);

/* Forget the table list (the tests start each case with this). */
void acpi_tables_reset(void);

/*
 * The instance'th (0-based) valid table with signature sig ("SRAT"), or
 * NULL.  The pointer stays valid as long as the platform's mapping does;
 * *length_out (may be NULL) receives the table's length.
 */
const struct acpi_table_header *
acpi_get_table(const char *sig, unsigned int instance, u32 *length_out);

/*
 * Linux's acpi_reserve_initial_tables(): print "ACPI: Reserving SRAT table
 * memory at [mem 0x7f775000-0x7f7750ef]" for every kept table but the root
 * one, and pass each range to reserve (memblock_reserve, once memblock
 * exists; may be NULL to print only).
 */
void acpi_reserve_tables(int (*reserve)(phys_addr_t base, phys_addr_t size));

/* The table list, for reports: count and i'th entry (NULL past the end). */
unsigned int acpi_table_count(void);
const struct acpi_table_desc *acpi_table_at(unsigned int i);
/* Tables seen but not kept (bad checksum, cut short, list full). */
unsigned int acpi_tables_rejected(void);

/*
 * For the report's "ACPI checksums still hold": checksum every kept table
 * (and the RSDP) again.  Prints each one that no longer sums to 0 and
 * returns how many; 0 means all still hold.
 */
int acpi_tables_verify(void);

/* ---- subtables ---------------------------------------------------------- */

/*
 * Call fn for each entry after the first hdr_size bytes of a table of
 * 'len' bytes (SRAT: sizeof(struct acpi_table_srat); MADT: sizeof(struct
 * acpi_table_madt)).  An entry with length 0 or running past the table is
 * reported ("[SRAT:0x01] Invalid zero length") and ends the walk.  fn
 * returning non-zero stops the walk and is returned.  Returns the number of
 * entries walked, -EINVAL for a malformed table, or fn's value.
 */
int acpi_parse_entries(const struct acpi_table_header *table, size_t len,
		       size_t hdr_size,
		       int (*fn)(const struct acpi_subtable_header *entry,
				 void *ctx),
		       void *ctx);

/* ---- SRAT --------------------------------------------------------------- */

/* A processor affinity entry (type 0 or 2), decoded. */
struct acpi_srat_cpu {
	u32 pxm; /* proximity domain, by the table's revision */
	u32 apic_id;
	u32 flags; /* ACPI_SRAT_CPU_ENABLED */
	bool x2apic; /* from a type 2 entry */
};

/* A memory affinity entry (type 1), decoded. */
struct acpi_srat_mem {
	u32 pxm; /* bits 7:0 only when the SRAT revision is 1 */
	u64 base;
	u64 length;
	u32 flags; /* ACPI_SRAT_MEM_ENABLED, _HOT_PLUGGABLE, _NON_VOLATILE */
};

/*
 * Walk the SRAT's processor entries (types 0 and 2, in table order; as
 * Linux does, before any memory entry) and its memory entries (type 1).
 * Disabled entries are passed too: the flags say so.  An entry of these
 * types with a wrong length is reported and ends the walk with -EINVAL
 * (Linux then stops using the SRAT).  Other types are skipped.  A callback
 * returning non-zero stops the walk with that value.  Return the number of
 * entries passed to the callback, or a negative error.
 */
int acpi_srat_parse_cpus(const struct acpi_table_header *srat, size_t len,
			 int (*fn)(const struct acpi_srat_cpu *c, void *ctx),
			 void *ctx);
int acpi_srat_parse_mem(const struct acpi_table_header *srat, size_t len,
			int (*fn)(const struct acpi_srat_mem *m, void *ctx),
			void *ctx);

/* ---- SLIT --------------------------------------------------------------- */

/*
 * Check a SLIT of len bytes: the header and locality_count^2 entries must
 * fit, and the count must be at most 'max_localities'.  Returns 0 and sets
 * *count and *matrix (row-major, *count x *count), or -EINVAL after a
 * message.  Linux's further check (10 on the diagonal, more than 10
 * elsewhere) is acpi_slit_valid().
 */
int acpi_slit_parse(const struct acpi_table_header *slit, size_t len,
		    u64 max_localities, u64 *count, const u8 **matrix);
/* Linux's slit_valid(): LOCAL_DISTANCE (10) exactly on the diagonal and
 * more than that everywhere else. */
bool acpi_slit_valid(u64 count, const u8 *matrix);

/* ---- MADT --------------------------------------------------------------- */

/* A processor from the MADT (type 0 or 9 entry), decoded. */
struct acpi_madt_cpu {
	u32 apic_id;
	u32 uid; /* ACPI processor UID */
	u32 flags; /* ACPI_MADT_ENABLED, ACPI_MADT_ONLINE_CAPABLE */
	bool x2apic; /* from a type 9 entry */
};

/*
 * Walk the MADT's local APIC and x2APIC entries in table order, printing
 * Linux's debug lines ("ACPI: LAPIC (acpi_id[0x00] lapic_id[0x00]
 * enabled)").  Every entry is passed, disabled ones too.  A wrong entry
 * length ends the walk with -EINVAL.  Returns the number passed, or a
 * negative error, or the callback's non-zero value.
 */
int acpi_madt_parse_cpus(const struct acpi_table_header *madt, size_t len,
			 int (*fn)(const struct acpi_madt_cpu *c, void *ctx),
			 void *ctx);

#endif
