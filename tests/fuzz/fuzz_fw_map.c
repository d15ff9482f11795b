// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the firmware-map sanitizer (mm/fw_map.c) and the e820 table
 * (mm/e820.c), with invariant checks after every operation.
 *
 * Input: [phys_bits u8][source u8][n u8] then n entries of 8 bytes
 *   type, attr bits, start page (u16), pages (u16), modifier, parameter
 * (the modifier makes a start unaligned, high, or near 2^64, or the size
 * huge), then e820 operations of 6 bytes until the input ends:
 *   op, start page (u16), size pages (u16), type/parameter.
 *
 * Oracles:
 *   - the sanitized map: fz_check_sanitized() (fuzz.h), a brute-force
 *     model of the documented rules, compared entry by entry;
 *   - e820_build_from_fw_map(): succeeds on a sanitized map, and every
 *     sanitized entry lies in e820 entries of its e820 type, with nothing
 *     else in the table;
 *   - after every edit: the table is sorted, disjoint, non-empty, merged and
 *     within capacity; a failed edit leaves it unchanged; and each edit's
 *     postcondition holds: remove leaves nothing of that type in the range,
 *     update nothing of the old type, add and memmap=$ leave the range
 *     covered by types at least as high, mem= leaves no RAM above the limit,
 *     the x86 rules leave no RAM in page 0 nor in [0xa0000, 0x100000).
 */
#include <errno.h>

#include <lib/config.h>
#include <lib/efi_memtype.h>
#include <mm/e820.h>

#include "fuzz.h"

#define MAX_ENTRIES 96

static const u64 attr_bits[8] = {
	EFI_MEMORY_UC, EFI_MEMORY_WC, EFI_MEMORY_WT, EFI_MEMORY_WB,
	EFI_MEMORY_XP, EFI_MEMORY_NV, EFI_MEMORY_SP, EFI_MEMORY_RUNTIME,
};

static const u32 e820_types[] = {
	E820_TYPE_RAM,	E820_TYPE_RESERVED,	 E820_TYPE_ACPI,
	E820_TYPE_NVS,	E820_TYPE_UNUSABLE,	 E820_TYPE_PMEM,
	E820_TYPE_PRAM, E820_TYPE_SOFT_RESERVED,
};

static void decode_entry(struct fz *f, unsigned int i, struct fw_map_entry *e)
{
	u8 type = fz_u8(f), a = fz_u8(f), mod, param;
	u64 start = (u64)fz_u16(f) << PAGE_SHIFT, pages = fz_u16(f);
	unsigned int b;

	mod = fz_u8(f);
	param = fz_u8(f);
	if (mod & 1)
		start |= ((u64)param << 4) & (PAGE_SIZE - 1);
	if (mod & 2)
		start += (u64)param << 32;
	if (mod & 8)
		pages <<= 16;
	if (mod & 16)
		pages = ~0ULL >> (param % 64);
	if (mod & 4)
		start = ~0ULL - (pages << PAGE_SHIFT) + ((u64)param << 12);
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->pages = pages;
	e->type = type < 0xf0 ? type % FW_MEM_NR_TYPES : type;
	e->src_type = type & 0xf;
	e->src_index = i;
	for (b = 0; b < 8; b++)
		if (a & (1u << b))
			e->attr |= attr_bits[b];
}

static fz_u128 e_end(const struct e820_entry *e)
{
	return (fz_u128)e->addr + e->size;
}

static void check_table(const struct e820_table *t, const char *after)
{
	unsigned int i;

	FZ_CHECK(t->nr_entries <= t->capacity, "%s: %u entries, capacity %u",
		 after, t->nr_entries, t->capacity);
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		FZ_CHECK(e->size != 0, "%s: entry %u empty", after, i);
		FZ_CHECK(e_end(e) <= ~0ULL, "%s: entry %u wraps", after, i);
		if (i) {
			const struct e820_entry *p = &t->entries[i - 1];

			FZ_CHECK(
				e_end(p) <= e->addr,
				"%s: entries %u and %u overlap or are unsorted: "
				"[%#llx-%#llx) [%#llx-%#llx)",
				after, i - 1, i, (unsigned long long)p->addr,
				(unsigned long long)(p->addr + p->size),
				(unsigned long long)e->addr,
				(unsigned long long)(e->addr + e->size));
			FZ_CHECK(e_end(p) != e->addr || p->type != e->type,
				 "%s: entries %u and %u touch with type %u",
				 after, i - 1, i, e->type);
		}
	}
}

/* True when entries of type >= min_type (== type when exact) cover
 * [s, e) completely. */
static bool covered(const struct e820_table *t, fz_u128 s, fz_u128 e, u32 type,
		    bool exact)
{
	unsigned int i;
	fz_u128 pos = s;

	for (i = 0; i < t->nr_entries && pos < e; i++) {
		const struct e820_entry *x = &t->entries[i];

		if (e_end(x) <= pos)
			continue;
		if (x->addr > pos)
			return false;
		if (exact ? x->type != type : x->type < type)
			return false;
		pos = e_end(x);
	}
	return pos >= e;
}

/* True when an entry of type (any with E820_TYPE_ANY) overlaps [s, e). */
static bool overlaps(const struct e820_table *t, fz_u128 s, fz_u128 e, u32 type)
{
	unsigned int i;

	if (s >= e)
		return false;
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *x = &t->entries[i];

		if ((type == E820_TYPE_ANY || x->type == type) && x->addr < e &&
		    e_end(x) > s)
			return true;
	}
	return false;
}

static void check_build(const struct e820_table *t,
			const struct fw_map_entry *map, unsigned int nr)
{
	unsigned int i;
	fz_u128 sum_map = 0, sum_tab = 0;

	for (i = 0; i < nr; i++) {
		u32 et = e820_type_from_fw(map[i].type);

		if (!et)
			continue;
		sum_map += (fz_u128)map[i].pages << PAGE_SHIFT;
		FZ_CHECK(covered(t, map[i].start, fw_map_entry_end(&map[i]), et,
				 true),
			 "sanitized entry %u [%#llx-%#llx) type %u is not e820 "
			 "type %u",
			 i, (unsigned long long)map[i].start,
			 (unsigned long long)fw_map_entry_end(&map[i]),
			 map[i].type, et);
	}
	for (i = 0; i < t->nr_entries; i++)
		sum_tab += t->entries[i].size;
	FZ_CHECK(sum_map == sum_tab, "e820 covers %llu bytes, the map %llu",
		 (unsigned long long)sum_tab, (unsigned long long)sum_map);
}

static void run_edits(struct fz *f, struct e820_table *t)
{
	struct e820_entry *saved = malloc(sizeof(*saved) * t->capacity);
	unsigned int saved_nr;
	char what[64];

	while (fz_more(f)) {
		u8 op = fz_u8(f);
		u64 start = (u64)fz_u16(f) << PAGE_SHIFT;
		u64 size = (u64)fz_u16(f) << PAGE_SHIFT;
		u8 p = fz_u8(f);
		u32 type = e820_types[p % ARRAY_SIZE(e820_types)];
		u32 old = e820_types[(p >> 3) % ARRAY_SIZE(e820_types)];
		fz_u128 end;
		int err = 0;

		if (op & 0x80)
			start |= (u64)(p & 0xf) << 8; /* unaligned */
		if (op & 0x40)
			size = ~0ULL - (p & 0xf); /* to the top */
		if (op & 0x20)
			start += (u64)p << 32;
		end = (fz_u128)start + size;
		if (end > ~0ULL)
			end = ~0ULL;
		memcpy(saved, t->entries, sizeof(*saved) * t->nr_entries);
		saved_nr = t->nr_entries;

		switch (op % 7) {
		case 0:
			snprintf(what, sizeof(what), "update %u->%u", old,
				 type);
			err = e820_range_update(t, start, size, old, type,
						NULL);
			if (old == type)
				FZ_CHECK(err == -EINVAL, "%s: %d", what, err);
			else if (!err)
				FZ_CHECK(!overlaps(t, start, end, old),
					 "%s: type %u left in [%#llx-%#llx)",
					 what, old, (unsigned long long)start,
					 (unsigned long long)end);
			break;
		case 1:
			if (p & 0x80)
				old = E820_TYPE_ANY;
			snprintf(what, sizeof(what), "remove %u", old);
			err = e820_range_remove(t, start, size, old, NULL);
			if (!err)
				FZ_CHECK(!overlaps(t, start, end, old),
					 "%s: type %u left in [%#llx-%#llx)",
					 what, old, (unsigned long long)start,
					 (unsigned long long)end);
			break;
		case 2:
			snprintf(what, sizeof(what), "add %u", type);
			err = e820_range_add(t, start, size, type);
			if (!err)
				FZ_CHECK(covered(t, start, end, type, false),
					 "%s: [%#llx-%#llx) not covered", what,
					 (unsigned long long)start,
					 (unsigned long long)end);
			break;
		case 3:
			snprintf(what, sizeof(what), "mem=%#llx",
				 (unsigned long long)start);
			err = e820_apply_mem_limit(t, start);
			if (!start)
				FZ_CHECK(err == -EINVAL, "%s: %d", what, err);
			else if (!err)
				FZ_CHECK(!overlaps(t, start, ~0ULL,
						   E820_TYPE_RAM),
					 "%s: RAM left above the limit", what);
			break;
		case 4:
			snprintf(what, sizeof(what), "memmap=%#llx$%#llx",
				 (unsigned long long)size,
				 (unsigned long long)start);
			err = e820_apply_memmap_reserve(t, start, size);
			if (!err)
				FZ_CHECK(covered(t, start, end,
						 E820_TYPE_RESERVED, false),
					 "%s: range not reserved", what);
			break;
		case 5:
			snprintf(what, sizeof(what), "x86 rules");
			err = e820_apply_x86_rules(t);
			if (!err) {
				FZ_CHECK(!overlaps(t, 0, PAGE_SIZE,
						   E820_TYPE_RAM),
					 "%s: page 0 is RAM", what);
				FZ_CHECK(!overlaps(t, E820_BIOS_BEGIN,
						   E820_BIOS_END,
						   E820_TYPE_RAM),
					 "%s: RAM in the BIOS area", what);
			}
			break;
		default:
			snprintf(what, sizeof(what), "end of RAM");
			(void)e820_end_of_ram(t);
			break;
		}
		FZ_CHECK(err == 0 || err == -ENOSPC || err == -EINVAL,
			 "%s returned %d", what, err);
		if (err)
			FZ_CHECK(t->nr_entries == saved_nr &&
					 !memcmp(saved, t->entries,
						 sizeof(*saved) * saved_nr),
				 "%s failed (%d) and changed the table", what,
				 err);
		check_table(t, what);
	}
	free(saved);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fw_map_entry in[MAX_ENTRIES], *out = NULL;
	struct e820_entry *storage;
	struct e820_table t;
	unsigned int phys_bits, nr_in, nr, cap, i;
	enum memmap_source source;
	struct fz f;
	u8 b;
	int err;

	fz_quiet();
	fz_init(&f, data, size);
	b = fz_u8(&f);
	phys_bits = b < 0x20 ? 0 : 32 + b % 21;
	source = fz_u8(&f) & 1 ? MEMMAP_SRC_OTHER : MEMMAP_SRC_EFI;
	nr_in = fz_u8(&f) % (MAX_ENTRIES + 1);
	for (i = 0; i < nr_in; i++)
		decode_entry(&f, i, &in[i]);

	nr = fz_sanitize_checked(in, nr_in, phys_bits, source, &out);

	cap = nr + 2 * CONFIG_MAX_MEMMAP + 8;
	storage = calloc(cap, sizeof(*storage));
	e820_table_init(&t, storage, cap);
	err = e820_build_from_fw_map(&t, out, nr);
	FZ_CHECK(err == 0, "e820_build_from_fw_map: %d on a sanitized map",
		 err);
	check_table(&t, "build");
	check_build(&t, out, nr);
	run_edits(&f, &t);
	free(storage);
	free(out);
	return 0;
}
