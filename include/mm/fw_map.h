/* SPDX-License-Identifier: MIT */
/*
 * The firmware memory map in sparsemm's own vocabulary, and its sanitizer.
 *
 * The platform (efi/memmap.c on the machine, the simulator's readers on the
 * host) turns whatever the firmware gave into an array of struct
 * fw_map_entry in firmware order.  fw_map_sanitize() turns that into a map
 * that is sorted, disjoint and merged, and names every problem it met in a
 * diagnostic.  Everything after it (e820, memblock) only sees the clean map.
 * docs/memmap.md documents each rule and each diagnostic label.
 */
#ifndef MM_FW_MAP_H
#define MM_FW_MAP_H

#include <lib/types.h>
#include <mm/pfn.h>

/*
 * What a range is, independent of the firmware interface.  The numeric order
 * is not the overlap order; see fw_mem_type_priority().
 */
enum fw_mem_type {
	FW_MEM_RAM, /* usable: conventional, loader code/data */
	FW_MEM_BOOT_RECLAIM, /* boot services code/data: RAM after EBS */
	FW_MEM_RUNTIME, /* runtime services code/data: keep mapped */
	FW_MEM_RESERVED, /* reserved, PAL code, unknown types */
	FW_MEM_MMIO, /* MMIO and MMIO port space */
	FW_MEM_ACPI_DATA, /* ACPI reclaim: tables, free once parsed */
	FW_MEM_ACPI_NVS, /* ACPI NVS: preserved across sleep */
	FW_MEM_UNUSABLE, /* errors detected by firmware */
	FW_MEM_PERSISTENT, /* persistent memory (NVDIMM) */
	FW_MEM_UNACCEPTED, /* RAM that must be accepted first (TDX/SNP) */
	FW_MEM_SOFT_RESERVED, /* EFI_MEMORY_SP: specific-purpose memory */
	FW_MEM_NR_TYPES
};

struct fw_map_entry {
	u64 start; /* physical address */
	u64 pages; /* 4 KiB pages */
	u32 type; /* enum fw_mem_type */
	u32 src_type; /* the firmware's own type number, for messages */
	u64 attr; /* the firmware's attribute bits (EFI_MEMORY_*) */
	u32 src_index; /* index in the firmware's map */
};

static inline u64 fw_map_entry_end(const struct fw_map_entry *e)
{
	return e->start + (e->pages << PAGE_SHIFT);
}

/* "RAM", "Boot reclaim", ...: a short name for messages. */
const char *fw_mem_type_name(enum fw_mem_type type);

/*
 * Overlap rank: where entries overlap, the type with the higher rank wins.
 * UNUSABLE > ACPI_NVS > RUNTIME > MMIO > RESERVED > ACPI_DATA > PERSISTENT
 * > SOFT_RESERVED > UNACCEPTED > BOOT_RECLAIM > RAM.
 */
unsigned int fw_mem_type_priority(enum fw_mem_type type);

/* True for the types that become usable RAM (RAM, BOOT_RECLAIM). */
static inline bool fw_mem_type_is_ram(u32 type)
{
	return type == FW_MEM_RAM || type == FW_MEM_BOOT_RECLAIM;
}

/*
 * Classify an EFI memory type and attribute word, following Linux's EFI
 * stub (setup_e820) with one deliberate difference: a RAM type without the
 * EFI_MEMORY_WB attribute is FW_MEM_RESERVED here (the sanitizer reports it
 * as map.ram_not_wb), where the stub would use it.  RAM types with
 * EFI_MEMORY_SP are FW_MEM_SOFT_RESERVED.  Numbers without a meaning (16
 * and above) are FW_MEM_RESERVED.
 */
enum fw_mem_type fw_mem_type_from_efi(u32 efi_type, u64 attr);

/* Fill *e from one EFI descriptor's values, classified as above. */
void fw_map_entry_from_efi(struct fw_map_entry *e, u32 src_index, u32 efi_type,
			   u64 start, u64 pages, u64 attr);

/* ---- diagnostics -------------------------------------------------------- */

enum map_diag_label {
	MAP_DIAG_UNSORTED,
	MAP_DIAG_OVERLAP,
	MAP_DIAG_ZERO_LENGTH,
	MAP_DIAG_UNALIGNED_START,
	MAP_DIAG_UNALIGNED_SIZE,
	MAP_DIAG_DESC_SIZE,
	MAP_DIAG_BEYOND_PHYS_BITS,
	MAP_DIAG_RAM_NOT_WB,
	MAP_DIAG_NO_RAM_BELOW_4G,
	MAP_DIAG_NO_RAM,
	MAP_DIAG_TOO_MANY_ENTRIES,
	MAP_DIAG_NR_LABELS
};

enum map_diag_severity { MAP_DIAG_INFO, MAP_DIAG_WARN, MAP_DIAG_ERROR };

/* One descriptor named in a diagnostic, as the firmware gave it. */
struct map_diag_entry {
	u32 src_index;
	u32 src_type;
	const char *type_name; /* static string; NULL: print type=src_type */
	u64 start, end; /* [start, end) */
};

/*
 * One problem.  value/value2 carry label-specific figures:
 *   overlap:          type_name of the winner in resolved_name
 *   unaligned_*:      the range used, [value, value2) (empty: dropped)
 *   beyond_phys_bits: the range kept, [value, value2) (empty: dropped);
 *                     phys_bits in aux
 *   desc_size:        value = size, value2 = version
 *   no_ram_below_4g:  value = lowest RAM address
 *   too_many_entries: value = number of entries, value2 = the threshold
 */
struct map_diag {
	enum map_diag_label label;
	enum map_diag_severity severity;
	unsigned int nr_entries; /* 0..2 valid in entry[] */
	struct map_diag_entry entry[2];
	const char *resolved_name;
	u64 value, value2;
	unsigned int aux;
};

/*
 * Where diagnostics go.  The caller zeroes it and may set:
 *   diags/capacity: an array that keeps the first 'capacity' diagnostics
 *                   (nr counts them; dropped counts those that did not fit);
 *   emit/ctx:       a callback called for every diagnostic, kept or not.
 * count[label] is exact whatever the capacity, as are the severity totals.
 */
struct map_diag_sink {
	struct map_diag *diags;
	unsigned int capacity;
	unsigned int nr;
	unsigned int dropped;
	unsigned int count[MAP_DIAG_NR_LABELS];
	unsigned int by_severity[3];
	void (*emit)(const struct map_diag *d, void *ctx);
	void *ctx;
};

/* Record d in the sink (NULL sink: ignored). */
void map_diag_report(struct map_diag_sink *sink, const struct map_diag *d);

/* "map.overlap", ...; "INFO"/"WARN"/"ERROR"; the advice sentence. */
const char *map_diag_label_name(enum map_diag_label label);
const char *map_diag_severity_name(enum map_diag_severity sev);
const char *map_diag_advice(enum map_diag_label label);

/*
 * Format one diagnostic as one line (no newline):
 *   sparsemm: map: [WARN] map.overlap: mem07 [0x...-0x...) Boot Data
 *   overlaps mem08 [0x...-0x...) Conventional; resolved as Boot Data.
 *   Advice: ...
 * Returns the number of characters written, truncating to size - 1.
 * MAP_DIAG_LINE_MAX bytes always suffice.
 */
#define MAP_DIAG_LINE_MAX 512
int map_diag_format(char *buf, size_t size, const struct map_diag *d);

/* printk the line at KERN_INFO / KERN_WARNING / KERN_ERR by severity. */
void map_diag_print(const struct map_diag *d);

/* An emit callback that prints every diagnostic (ctx unused). */
void map_diag_emit_printk(const struct map_diag *d, void *ctx);

/*
 * Check the DescriptorSize and DescriptorVersion GetMemoryMap returned and
 * report map.desc_size unless they are 48 and 1: ERROR below 40 bytes (the
 * map cannot be read; returns -EINVAL), WARN for a size that is not a
 * multiple of 8 or a version other than 1, INFO for any other size (legal:
 * the map is walked by the reported size).  Returns 0 when the map can be
 * walked.
 */
int fw_map_check_desc_size(struct map_diag_sink *sink, u64 desc_size,
			   u32 desc_version);

/*
 * For sources that give byte ranges (e820 tables, hand-written fixtures):
 * fill *e for [start, start + size).  A size that is not a whole number of
 * 4 KiB pages is reported as map.unaligned_size and rounded down for RAM
 * types (never invent RAM) and up for the others (never lose a reservation).
 * Returns 0, or -EINVAL if nothing is left (RAM smaller than a page).
 */
int fw_map_entry_from_range(struct fw_map_entry *e, u32 src_index, u32 type,
			    u32 src_type, u64 start, u64 size, u64 attr,
			    struct map_diag_sink *sink);

/* ---- the sanitizer ------------------------------------------------------ */

/* Where the entries came from: selects type names and EFI-only checks. */
enum memmap_source {
	MEMMAP_SRC_EFI, /* src_type is an EFI type, attr EFI bits */
	MEMMAP_SRC_OTHER, /* anything else: names from enum fw_mem_type */
};

/* Linux's limit for the e820 table in the zeropage; above: info only. */
#define MEMMAP_MANY_ENTRIES 128

/* Storage for n input entries: output entries and scratch bytes. */
#define MEMMAP_OUT_ENTRIES(n) (2 * (size_t)(n))
#define MEMMAP_SCRATCH_BYTES(n) (2 * (size_t)(n)*16)

struct memmap_sanitize_args {
	const struct fw_map_entry *in; /* firmware order, any number */
	unsigned int nr_in;
	struct fw_map_entry *out; /* MEMMAP_OUT_ENTRIES(nr_in) */
	size_t out_capacity; /* in entries */
	void *scratch; /* MEMMAP_SCRATCH_BYTES(nr_in),
					 * 8-byte aligned */
	size_t scratch_bytes;
	unsigned int phys_bits; /* CPU address width; 0 = 64 */
	enum memmap_source source;
	struct map_diag_sink *sink; /* may be NULL */
};

/*
 * Sanitize a firmware map: out receives *nr_out entries sorted by start,
 * disjoint, page-aligned, with neighbours merged when type and attr are
 * equal.  Rules (docs/memmap.md): zero-length entries are ignored;
 * unaligned entries shrink (RAM types) or grow (the others) to 4 KiB
 * boundaries; whatever lies at or above 2^phys_bits is clipped off;
 * overlaps go to the type of higher fw_mem_type_priority(); no entry is
 * dropped for being one too many.  Each output entry's src_index/src_type
 * name the input entry it came from (the latest-starting one of the
 * winning type when several of that type overlap).
 * O(n log n) time, no allocation.  Returns 0, or -ENOSPC when out or
 * scratch is smaller than stated above (nothing written).
 */
int fw_map_sanitize(const struct memmap_sanitize_args *args,
		    unsigned int *nr_out);

#endif
