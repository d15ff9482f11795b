/* SPDX-License-Identifier: MIT */
/*
 * The e820 table: Linux's x86 view of physical memory, built from the
 * sanitized firmware map the way Linux's EFI stub builds it (setup_e820),
 * then edited by the x86 platform rules and by mem= / memmap=.  The caller
 * that builds memblock walks its RAM ranges with for_each_e820_ram_range().
 *
 * Types are Linux's numbers.  The table is always sorted by address,
 * disjoint, and adjacent entries of the same type are merged: every
 * function here keeps that true.
 */
#ifndef MM_E820_H
#define MM_E820_H

#include <lib/types.h>
#include <mm/fw_map.h>

enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
	E820_TYPE_PRAM = 12,
	E820_TYPE_SOFT_RESERVED = 0xefffffff,
};

/* For e820_range_remove(): remove whatever type lies in the range. */
#define E820_TYPE_ANY 0

struct e820_entry {
	u64 addr;
	u64 size;
	u32 type; /* enum e820_type */
};

/*
 * A table over caller-supplied storage.  userdef records that mem= or
 * memmap= edited it (then e820_finish_user_edits() prints it again).
 */
struct e820_table {
	struct e820_entry *entries;
	unsigned int nr_entries;
	unsigned int capacity;
	bool userdef;
};

static inline u64 e820_entry_end(const struct e820_entry *e)
{
	return e->addr + e->size;
}

/* An empty table over entries[0..capacity). */
void e820_table_init(struct e820_table *t, struct e820_entry *entries,
		     unsigned int capacity);

/*
 * Linux's EFI stub classification of an EFI memory type (setup_e820):
 * loader, boot services and conventional memory are RAM (soft reserved
 * with EFI_MEMORY_SP); reserved, runtime, MMIO, MMIO port space and PAL
 * code are reserved; ACPI reclaim is ACPI data; ACPI NVS, unusable and
 * persistent memory map to their own types.  Returns 0 for types the stub
 * leaves out of the table: unknown numbers, and unaccepted memory (the stub
 * makes it RAM only when it can accept it, which sparsemm does not).
 */
u32 e820_type_from_efi(u32 efi_type, u64 attr);

/*
 * The e820 type of a sanitized-map type: RAM and BOOT_RECLAIM are RAM,
 * RUNTIME, RESERVED and MMIO are reserved, UNACCEPTED is left out (0).
 * For each EFI type this agrees with e820_type_from_efi(), except that RAM
 * without EFI_MEMORY_WB is reserved (see fw_mem_type_from_efi()).
 */
u32 e820_type_from_fw(u32 fw_type);

/*
 * Build the table from a sanitized firmware map (fw_map_sanitize()
 * output: sorted, disjoint).  Touching entries of the same e820 type merge.
 * The table needs at most nr entries.  Returns 0, -ENOSPC when the
 * capacity is too small, -EINVAL when the map is not sorted and disjoint.
 */
int e820_build_from_fw_map(struct e820_table *t, const struct fw_map_entry *map,
			   unsigned int nr);

/* "usable", "reserved", "ACPI data", ..., "persistent (type 7)",
 * "type %u": Linux's e820_print_type(). */
int e820_format_type(char *buf, size_t size, u32 type);

/* `<who>: [mem %#018Lx-%#018Lx] <type>` for one entry (no newline). */
int e820_format_entry(char *buf, size_t size, const char *who,
		      const struct e820_entry *e);

/* printk (KERN_INFO) each entry as e820_format_entry() with prefix who. */
void e820_print_table(const struct e820_table *t, const char *who);

/* Linux's e820__memory_setup() output: `BIOS-provided physical RAM map:`
 * then the table with prefix BIOS-e820. */
void e820_print_bios_map(const struct e820_table *t);

/*
 * Linux's range edits.  Each prints what Linux prints (update and remove
 * at KERN_DEBUG) and keeps the table sorted and merged.  size is clamped
 * so that start + size does not pass 2^64 - 1.  Return 0, -ENOSPC when an
 * entry would have to be split and the table is full (the table is then
 * unchanged), -EINVAL for update with old_type == new_type.
 *
 * e820_range_update: the parts of entries of old_type inside
 *   [start, start + size) become new_type (`e820: update [mem ...] a ==> b`).
 * e820_range_remove: the parts of entries of old_type (any type with
 *   E820_TYPE_ANY) inside the range are removed (`e820: remove [mem ...] a`).
 * e820_range_add: the range is added with type; where it overlaps existing
 *   entries the higher type number wins, as Linux's e820__update_table
 *   resolves overlaps.  Prints nothing (as Linux).
 * *changed (may be NULL) receives the number of bytes updated or removed.
 */
int e820_range_update(struct e820_table *t, u64 start, u64 size, u32 old_type,
		      u32 new_type, u64 *changed);
int e820_range_remove(struct e820_table *t, u64 start, u64 size, u32 old_type,
		      u64 *changed);
int e820_range_add(struct e820_table *t, u64 start, u64 size, u32 type);

/*
 * The x86 platform rules (Linux's trim_bios_range): the first page becomes
 * reserved (BIOS data, never RAM) and RAM in [0xa0000, 0x100000), the
 * legacy VGA and BIOS area, is removed.  Prints Linux's two lines even when
 * nothing changes, as Linux does.  Linux applies them after mem= and
 * memmap=; so should the caller.  Returns 0 or -ENOSPC.
 */
#define E820_BIOS_BEGIN 0x000a0000ULL
#define E820_BIOS_END 0x00100000ULL
int e820_apply_x86_rules(struct e820_table *t);

/*
 * mem=limit as on x86: remove RAM at and above limit
 * (e820__range_remove(limit, ULLONG_MAX - limit, RAM)).  limit 0 is
 * refused with -EINVAL, as Linux refuses it.  Marks the table user-defined.
 */
int e820_apply_mem_limit(struct e820_table *t, u64 limit);

/* memmap=size$start: the range becomes reserved (e820__range_add(start,
 * size, RESERVED)).  Marks the table user-defined. */
int e820_apply_memmap_reserve(struct e820_table *t, u64 start, u64 size);

/* After all mem=/memmap= edits: when there were any, print
 * `user-defined physical RAM map:` and the table with prefix user. */
void e820_finish_user_edits(const struct e820_table *t);

/*
 * The RAM ranges, in address order, for the caller that builds memblock
 * (which adds each one; page alignment is memblock's business, as in
 * Linux).  e820_next_ram_range() starts at *pos (0 first), returns false
 * at the end.
 */
bool e820_next_ram_range(const struct e820_table *t, unsigned int *pos,
			 u64 *start, u64 *end);
#define for_each_e820_ram_range(t, pos, start, end) \
	for ((pos) = 0; e820_next_ram_range((t), &(pos), &(start), &(end));)

/* End of the highest RAM range (Linux's e820__end_of_ram_pfn in bytes),
 * 0 without RAM. */
u64 e820_end_of_ram(const struct e820_table *t);

#endif
