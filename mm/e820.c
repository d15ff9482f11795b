// SPDX-License-Identifier: MIT
/*
 * The e820 table and the x86 platform rules.
 *
 * Owns: struct e820_table over caller storage, its construction from the
 * sanitized firmware map (as Linux's EFI stub's setup_e820 does), Linux's
 * range edits (update, remove, add), trim_bios_range, mem= and memmap=$,
 * and Linux's printed forms of all of these.
 *
 * Invariant, true on entry to and exit from every function: entries are
 * sorted by addr, none is empty, entries[i] ends at or before
 * entries[i + 1] starts, and two touching entries have different types.
 * Edits work in three steps: split entries at the range's ends (so that
 * every entry lies wholly inside or outside the range), change or delete
 * the entries inside, merge neighbours again.  Splitting is the only step
 * that needs room, so room is checked before anything changes.
 *
 * Callers: the boot path (efi/) and the simulator, in Linux's order:
 * build, e820_print_bios_map, mem=/memmap=, e820_finish_user_edits,
 * e820_apply_x86_rules, then memblock from for_each_e820_ram_range.
 */
#include <lib/efi_memtype.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/e820.h>

#define U64_MAX (~0ULL)

void e820_table_init(struct e820_table *t, struct e820_entry *entries,
		     unsigned int capacity)
{
	*t = (struct e820_table){ .entries = entries, .capacity = capacity };
}

/* ---- classification ----------------------------------------------------- */

u32 e820_type_from_efi(u32 efi_type, u64 attr)
{
	switch (efi_type) {
	case EFI_MT_RESERVED:
	case EFI_MT_RUNTIME_SERVICES_CODE:
	case EFI_MT_RUNTIME_SERVICES_DATA:
	case EFI_MT_MMIO:
	case EFI_MT_MMIO_PORT_SPACE:
	case EFI_MT_PAL_CODE:
		return E820_TYPE_RESERVED;
	case EFI_MT_UNUSABLE:
		return E820_TYPE_UNUSABLE;
	case EFI_MT_ACPI_RECLAIM:
		return E820_TYPE_ACPI;
	case EFI_MT_LOADER_CODE:
	case EFI_MT_LOADER_DATA:
	case EFI_MT_BOOT_SERVICES_CODE:
	case EFI_MT_BOOT_SERVICES_DATA:
	case EFI_MT_CONVENTIONAL:
		return (attr & EFI_MEMORY_SP) ? E820_TYPE_SOFT_RESERVED :
						E820_TYPE_RAM;
	case EFI_MT_ACPI_NVS:
		return E820_TYPE_NVS;
	case EFI_MT_PERSISTENT:
		return E820_TYPE_PMEM;
	default: /* EFI_MT_UNACCEPTED: we cannot accept it; unknown types */
		return 0;
	}
}

u32 e820_type_from_fw(u32 fw_type)
{
	switch (fw_type) {
	case FW_MEM_RAM:
	case FW_MEM_BOOT_RECLAIM:
		return E820_TYPE_RAM;
	case FW_MEM_RUNTIME:
	case FW_MEM_RESERVED:
	case FW_MEM_MMIO:
		return E820_TYPE_RESERVED;
	case FW_MEM_ACPI_DATA:
		return E820_TYPE_ACPI;
	case FW_MEM_ACPI_NVS:
		return E820_TYPE_NVS;
	case FW_MEM_UNUSABLE:
		return E820_TYPE_UNUSABLE;
	case FW_MEM_PERSISTENT:
		return E820_TYPE_PMEM;
	case FW_MEM_SOFT_RESERVED:
		return E820_TYPE_SOFT_RESERVED;
	case FW_MEM_UNACCEPTED:
		return 0;
	default:
		return E820_TYPE_RESERVED;
	}
}

int e820_build_from_fw_map(struct e820_table *t, const struct fw_map_entry *map,
			   unsigned int nr)
{
	u64 prev_end = 0;

	t->nr_entries = 0;
	for (unsigned int i = 0; i < nr; i++) {
		u32 type = e820_type_from_fw(map[i].type);
		u64 start = map[i].start, end = fw_map_entry_end(&map[i]);
		struct e820_entry *last;

		if ((i && start < prev_end) || end < start)
			return -EINVAL;
		prev_end = end;
		if (!type || start == end)
			continue;
		last = t->nr_entries ? &t->entries[t->nr_entries - 1] : NULL;
		if (last && last->type == type &&
		    e820_entry_end(last) == start) {
			last->size += end - start;
			continue;
		}
		if (t->nr_entries == t->capacity)
			return -ENOSPC;
		t->entries[t->nr_entries++] =
			(struct e820_entry){ start, end - start, type };
	}
	return 0;
}

/* ---- printing ----------------------------------------------------------- */

int e820_format_type(char *buf, size_t size, u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return scnprintf(buf, size, "usable");
	case E820_TYPE_RESERVED:
		return scnprintf(buf, size, "reserved");
	case E820_TYPE_SOFT_RESERVED:
		return scnprintf(buf, size, "soft reserved");
	case E820_TYPE_ACPI:
		return scnprintf(buf, size, "ACPI data");
	case E820_TYPE_NVS:
		return scnprintf(buf, size, "ACPI NVS");
	case E820_TYPE_UNUSABLE:
		return scnprintf(buf, size, "unusable");
	case E820_TYPE_PMEM:
	case E820_TYPE_PRAM:
		return scnprintf(buf, size, "persistent (type %u)", type);
	default:
		return scnprintf(buf, size, "type %u", type);
	}
}

int e820_format_entry(char *buf, size_t size, const char *who,
		      const struct e820_entry *e)
{
	int n = scnprintf(buf, size, "%s: [mem %#018llx-%#018llx] ", who,
			  (unsigned long long)e->addr,
			  (unsigned long long)(e820_entry_end(e) - 1));

	return n + e820_format_type(buf + n, size - n, e->type);
}

void e820_print_table(const struct e820_table *t, const char *who)
{
	char line[96];

	for (unsigned int i = 0; i < t->nr_entries; i++) {
		e820_format_entry(line, sizeof(line), who, &t->entries[i]);
		pr_info("%s\n", line);
	}
}

void e820_print_bios_map(const struct e820_table *t)
{
	pr_info("BIOS-provided physical RAM map:\n");
	e820_print_table(t, "BIOS-e820");
}

/* `e820: <verb> [mem %#010Lx-%#010Lx] ...` as Linux prints its edits. */
static void print_edit(const char *verb, u64 start, u64 end, u32 old_type,
		       u32 new_type)
{
	char from[32] = "", to[32] = "";

	if (old_type != E820_TYPE_ANY)
		e820_format_type(from, sizeof(from), old_type);
	if (new_type) {
		e820_format_type(to, sizeof(to), new_type);
		printk(KERN_DEBUG
		       "e820: %s [mem %#010llx-%#010llx] %s ==> %s\n",
		       verb, (unsigned long long)start,
		       (unsigned long long)(end - 1), from, to);
	} else {
		printk(KERN_DEBUG "e820: %s [mem %#010llx-%#010llx] %s\n", verb,
		       (unsigned long long)start, (unsigned long long)(end - 1),
		       from);
	}
}

/* ---- editing ------------------------------------------------------------ */

static bool type_matches(const struct e820_entry *e, u32 type)
{
	return type == E820_TYPE_ANY || e->type == type;
}

/* Index of the entry with addr < x < end, or -1. */
static int entry_straddling(const struct e820_table *t, u64 x)
{
	unsigned int lo = 0, hi = t->nr_entries;

	/* First entry ending after x (ends are increasing). */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (e820_entry_end(&t->entries[mid]) <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nr_entries && t->entries[lo].addr < x)
		return (int)lo;
	return -1;
}

/* Split the entry straddling x if it has 'type' (E820_TYPE_ANY: any);
 * the caller has checked there is room. */
static void split_if(struct e820_table *t, u64 x, u32 type)
{
	int i = entry_straddling(t, x);
	struct e820_entry *e;

	if (i < 0 || !type_matches(&t->entries[i], type))
		return;
	e = &t->entries[i];
	memmove(e + 1, e, (t->nr_entries - (unsigned int)i) * sizeof(*e));
	t->nr_entries++;
	e[1].addr = x;
	e[1].size = e820_entry_end(e) - x;
	e[0].size = x - e->addr;
}

static void insert_at(struct e820_table *t, unsigned int i, u64 addr, u64 size,
		      u32 type)
{
	struct e820_entry *e = &t->entries[i];

	memmove(e + 1, e, (t->nr_entries - i) * sizeof(*e));
	t->nr_entries++;
	*e = (struct e820_entry){ addr, size, type };
}

/* Drop empty entries and merge touching entries of the same type. */
static void compact(struct e820_table *t)
{
	unsigned int out = 0;

	for (unsigned int i = 0; i < t->nr_entries; i++) {
		struct e820_entry *e = &t->entries[i];
		struct e820_entry *last = out ? &t->entries[out - 1] : NULL;

		if (!e->size)
			continue;
		if (last && last->type == e->type &&
		    e820_entry_end(last) == e->addr) {
			last->size += e->size;
			continue;
		}
		t->entries[out++] = *e;
	}
	t->nr_entries = out;
}

/* Splits needed at the ends of [start, end) for entries of 'type'. */
static unsigned int splits_needed(const struct e820_table *t, u64 start,
				  u64 end, u32 type)
{
	int i = entry_straddling(t, start), j = entry_straddling(t, end);
	unsigned int n = 0;

	if (i >= 0 && type_matches(&t->entries[i], type))
		n++;
	if (j >= 0 && type_matches(&t->entries[j], type))
		n++;
	return n;
}

static u64 clamp_size(u64 start, u64 size)
{
	return size > U64_MAX - start ? U64_MAX - start : size;
}

/* Index of the first entry starting at or after x. */
static unsigned int first_at_or_after(const struct e820_table *t, u64 x)
{
	unsigned int lo = 0, hi = t->nr_entries;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (t->entries[mid].addr < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The one walk behind e820_range_update() and e820_range_remove(): split
 * the entries of old_type that cross the range's ends, then retype
 * (new_type) or drop (remove) every such entry inside it.
 */
static int e820_edit(struct e820_table *t, u64 start, u64 size, u32 old_type,
		     u32 new_type, bool remove, u64 *changed)
{
	u64 end, done = 0;

	if (changed)
		*changed = 0;
	size = clamp_size(start, size);
	end = start + size;
	print_edit(remove ? "remove" : "update", start, end, old_type,
		   new_type);
	if (!size)
		return 0;
	if (t->nr_entries + splits_needed(t, start, end, old_type) >
	    t->capacity)
		return -ENOSPC;
	split_if(t, start, old_type);
	split_if(t, end, old_type);
	for (unsigned int i = first_at_or_after(t, start);
	     i < t->nr_entries && t->entries[i].addr < end; i++) {
		struct e820_entry *e = &t->entries[i];

		if (!type_matches(e, old_type))
			continue;
		done += e->size;
		if (remove)
			e->size = 0; /* dropped by compact() */
		else
			e->type = new_type;
	}
	compact(t);
	if (changed)
		*changed = done;
	return 0;
}

int e820_range_update(struct e820_table *t, u64 start, u64 size, u32 old_type,
		      u32 new_type, u64 *changed)
{
	if (changed)
		*changed = 0;
	if (old_type == new_type || new_type == E820_TYPE_ANY)
		return -EINVAL;
	return e820_edit(t, start, size, old_type, new_type, false, changed);
}

int e820_range_remove(struct e820_table *t, u64 start, u64 size, u32 old_type,
		      u64 *changed)
{
	return e820_edit(t, start, size, old_type, 0, true, changed);
}

/* Gaps inside [start, end) not covered by any entry. */
static unsigned int holes_in(const struct e820_table *t, u64 start, u64 end)
{
	unsigned int n = 0;
	u64 at = start;

	for (unsigned int i = 0; i < t->nr_entries && at < end; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e820_entry_end(e) <= at)
			continue;
		if (e->addr > at)
			n++;
		at = e820_entry_end(e);
	}
	return n + (at < end);
}

int e820_range_add(struct e820_table *t, u64 start, u64 size, u32 type)
{
	u64 end, at;
	unsigned int i;

	size = clamp_size(start, size);
	end = start + size;
	if (!size)
		return 0;
	if (t->nr_entries + splits_needed(t, start, end, E820_TYPE_ANY) +
		    holes_in(t, start, end) >
	    t->capacity)
		return -ENOSPC;
	split_if(t, start, E820_TYPE_ANY);
	split_if(t, end, E820_TYPE_ANY);
	/* Now each entry lies wholly inside or outside [start, end). */
	at = start;
	for (i = first_at_or_after(t, start); at < end; i++) {
		struct e820_entry *e = i < t->nr_entries ? &t->entries[i] :
							   NULL;
		u64 gap_end = e && e->addr < end ? e->addr : end;

		if (gap_end > at) {
			insert_at(t, i, at, gap_end - at, type);
			at = gap_end;
			continue;
		}
		/* e covers 'at': Linux's e820__update_table lets the higher
		 * type number win an overlap. */
		if (type > e->type)
			e->type = type;
		at = e820_entry_end(e);
	}
	compact(t);
	return 0;
}

/* ---- policies ----------------------------------------------------------- */

int e820_apply_x86_rules(struct e820_table *t)
{
	int ret;

	/* The first 4 KiB hold the real-mode IVT and BIOS data: never RAM,
	 * though firmware rarely says so. */
	ret = e820_range_update(t, 0, PAGE_SIZE, E820_TYPE_RAM,
				E820_TYPE_RESERVED, NULL);
	if (ret)
		return ret;
	/* 640 KiB to 1 MiB is the VGA window and option/BIOS ROMs, whatever
	 * the firmware reports. */
	return e820_range_remove(t, E820_BIOS_BEGIN,
				 E820_BIOS_END - E820_BIOS_BEGIN, E820_TYPE_RAM,
				 NULL);
}

int e820_apply_mem_limit(struct e820_table *t, u64 limit)
{
	if (!limit)
		return -EINVAL;
	t->userdef = true;
	return e820_range_remove(t, limit, U64_MAX - limit, E820_TYPE_RAM,
				 NULL);
}

int e820_apply_memmap_reserve(struct e820_table *t, u64 start, u64 size)
{
	t->userdef = true;
	return e820_range_add(t, start, size, E820_TYPE_RESERVED);
}

void e820_finish_user_edits(const struct e820_table *t)
{
	if (!t->userdef)
		return;
	pr_info("user-defined physical RAM map:\n");
	e820_print_table(t, "user");
}

/* ---- walking ------------------------------------------------------------ */

bool e820_next_ram_range(const struct e820_table *t, unsigned int *pos,
			 u64 *start, u64 *end)
{
	while (*pos < t->nr_entries) {
		const struct e820_entry *e = &t->entries[(*pos)++];

		if (e->type == E820_TYPE_RAM) {
			*start = e->addr;
			*end = e820_entry_end(e);
			return true;
		}
	}
	return false;
}

u64 e820_end_of_ram(const struct e820_table *t)
{
	for (unsigned int i = t->nr_entries; i-- > 0;)
		if (t->entries[i].type == E820_TYPE_RAM)
			return e820_entry_end(&t->entries[i]);
	return 0;
}
