// SPDX-License-Identifier: MIT
/*
 * The neutral firmware map and its sanitizer.
 *
 * Owns: the fw_mem_type vocabulary (names, overlap rank, classification of
 * EFI type numbers), the map diagnostics (labels, severities, advice, the
 * printed form) and fw_map_sanitize().
 *
 * Invariants of a sanitized map (checked by tests/unit/test_fw_map.c):
 *   - entries are sorted by start and disjoint: out[i].end <= out[i+1].start;
 *   - every start and end is 4 KiB aligned and below 2^phys_bits;
 *   - no entry is empty;
 *   - two touching entries differ in type or attr (otherwise they merge);
 *   - every byte covered by some kept input entry is covered, with the type
 *     of highest rank among the inputs covering it.
 *
 * The sanitizer is a boundary sweep.  Each usable input entry gives two
 * events (start, end); the 2n events are heap-sorted by address; walking
 * them keeps, per type, how many entries are open and how many of those
 * have each attribute bit.  Between two consecutive event addresses the
 * covered type is the open type of highest rank, and its attributes are
 * the bits every open entry of that type has.  Picture:
 *
 *   in:   |---- Conventional ----|
 *                |-- Boot Data --|------ Conventional ------|
 *   out:  |-Conv-|-- Boot Data --|------ Conventional ------|
 *
 * Callers: efi/ after GetMemoryMap, the simulator after reading a map;
 * then mm/e820.c builds the e820 table from the result.
 */
#include <lib/efi_memtype.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/fw_map.h>
#include <mm/pfn.h>

#define U64_MAX (~0ULL)

/* ---- types -------------------------------------------------------------- */

static const char *const fw_type_names[FW_MEM_NR_TYPES] = {
	[FW_MEM_RAM] = "RAM",
	[FW_MEM_BOOT_RECLAIM] = "Boot reclaim",
	[FW_MEM_RUNTIME] = "Runtime",
	[FW_MEM_RESERVED] = "Reserved",
	[FW_MEM_MMIO] = "MMIO",
	[FW_MEM_ACPI_DATA] = "ACPI data",
	[FW_MEM_ACPI_NVS] = "ACPI NVS",
	[FW_MEM_UNUSABLE] = "Unusable",
	[FW_MEM_PERSISTENT] = "Persistent",
	[FW_MEM_UNACCEPTED] = "Unaccepted",
	[FW_MEM_SOFT_RESERVED] = "Soft reserved",
};

/* Higher wins an overlap: the more restrictive use of a byte. */
static const u8 fw_type_rank[FW_MEM_NR_TYPES] = {
	[FW_MEM_RAM] = 0,	 [FW_MEM_BOOT_RECLAIM] = 1,
	[FW_MEM_UNACCEPTED] = 2, [FW_MEM_SOFT_RESERVED] = 3,
	[FW_MEM_PERSISTENT] = 4, [FW_MEM_ACPI_DATA] = 5,
	[FW_MEM_RESERVED] = 6,	 [FW_MEM_MMIO] = 7,
	[FW_MEM_RUNTIME] = 8,	 [FW_MEM_ACPI_NVS] = 9,
	[FW_MEM_UNUSABLE] = 10,
};

const char *fw_mem_type_name(enum fw_mem_type type)
{
	return (unsigned int)type < FW_MEM_NR_TYPES ? fw_type_names[type] :
						      "Invalid";
}

unsigned int fw_mem_type_priority(enum fw_mem_type type)
{
	/* An out-of-range type is treated as reserved. */
	if ((unsigned int)type >= FW_MEM_NR_TYPES)
		type = FW_MEM_RESERVED;
	return fw_type_rank[type];
}

static bool efi_type_is_ram(u32 efi_type)
{
	switch (efi_type) {
	case EFI_MT_LOADER_CODE:
	case EFI_MT_LOADER_DATA:
	case EFI_MT_BOOT_SERVICES_CODE:
	case EFI_MT_BOOT_SERVICES_DATA:
	case EFI_MT_CONVENTIONAL:
		return true;
	default:
		return false;
	}
}

enum fw_mem_type fw_mem_type_from_efi(u32 efi_type, u64 attr)
{
	if (efi_type_is_ram(efi_type)) {
		/* Linux's stub: SP on a RAM type makes it soft reserved. */
		if (attr & EFI_MEMORY_SP)
			return FW_MEM_SOFT_RESERVED;
		/* Deliberate: RAM that cannot be cached write-back is not
		 * used (reported as map.ram_not_wb). */
		if (!(attr & EFI_MEMORY_WB))
			return FW_MEM_RESERVED;
		if (efi_type == EFI_MT_BOOT_SERVICES_CODE ||
		    efi_type == EFI_MT_BOOT_SERVICES_DATA)
			return FW_MEM_BOOT_RECLAIM;
		return FW_MEM_RAM;
	}
	switch (efi_type) {
	case EFI_MT_RUNTIME_SERVICES_CODE:
	case EFI_MT_RUNTIME_SERVICES_DATA:
		return FW_MEM_RUNTIME;
	case EFI_MT_MMIO:
	case EFI_MT_MMIO_PORT_SPACE:
		return FW_MEM_MMIO;
	case EFI_MT_UNUSABLE:
		return FW_MEM_UNUSABLE;
	case EFI_MT_ACPI_RECLAIM:
		return FW_MEM_ACPI_DATA;
	case EFI_MT_ACPI_NVS:
		return FW_MEM_ACPI_NVS;
	case EFI_MT_PERSISTENT:
		return FW_MEM_PERSISTENT;
	case EFI_MT_UNACCEPTED:
		return FW_MEM_UNACCEPTED;
	case EFI_MT_RESERVED:
	case EFI_MT_PAL_CODE:
	default:
		return FW_MEM_RESERVED;
	}
}

void fw_map_entry_from_efi(struct fw_map_entry *e, u32 src_index, u32 efi_type,
			   u64 start, u64 pages, u64 attr)
{
	*e = (struct fw_map_entry){
		.start = start,
		.pages = pages,
		.type = fw_mem_type_from_efi(efi_type, attr),
		.src_type = efi_type,
		.attr = attr,
		.src_index = src_index,
	};
}

/* ---- diagnostics -------------------------------------------------------- */

static const struct {
	const char *name;
	const char *advice;
} map_labels[MAP_DIAG_NR_LABELS] = {
	[MAP_DIAG_UNSORTED] = { "map.unsorted",
				"none needed: UEFI does not require a sorted map, though sorted maps are easier to read." },
	[MAP_DIAG_OVERLAP] = { "map.overlap",
			       "report it to the firmware vendor: descriptors must not overlap, and an OS may hand out memory the firmware still uses." },
	[MAP_DIAG_ZERO_LENGTH] = { "map.zero_length",
				   "report it to the firmware vendor: a descriptor must describe at least one page." },
	[MAP_DIAG_UNALIGNED_START] = { "map.unaligned_start",
				       "report it to the firmware vendor: PhysicalStart must be 4 KiB aligned (UEFI, EFI_MEMORY_DESCRIPTOR)." },
	[MAP_DIAG_UNALIGNED_SIZE] = { "map.unaligned_size",
				      "check the map's source: sizes must be whole 4 KiB pages." },
	[MAP_DIAG_DESC_SIZE] = { "map.desc_size",
				 "none if the map is walked by DescriptorSize; a size below 40 bytes or a version other than 1 is a firmware bug." },
	[MAP_DIAG_BEYOND_PHYS_BITS] = { "map.beyond_phys_bits",
					"compare the CPU's physical address width (CPUID 0x80000008) with the installed memory; what lies above it cannot be addressed." },
	[MAP_DIAG_RAM_NOT_WB] = { "map.ram_not_wb",
				  "report it to the firmware vendor: usable RAM should be write-back cacheable; Linux's EFI stub would still use it." },
	[MAP_DIAG_NO_RAM_BELOW_4G] = { "map.no_ram_below_4g",
				       "expect failures of 32-bit DMA and of anything needing low memory; check the firmware's memory configuration." },
	[MAP_DIAG_NO_RAM] = { "map.no_ram",
			      "nothing can run without usable RAM; check the map's source." },
	[MAP_DIAG_TOO_MANY_ENTRIES] = { "map.too_many_entries",
					"none needed: every entry is kept, but loaders that copy the map into the 128-entry zeropage e820 table lose the rest." },
};

static const char *const severity_names[] = { "INFO", "WARN", "ERROR" };

const char *map_diag_label_name(enum map_diag_label label)
{
	return (unsigned int)label < MAP_DIAG_NR_LABELS ?
		       map_labels[label].name :
		       "map.invalid";
}

const char *map_diag_advice(enum map_diag_label label)
{
	return (unsigned int)label < MAP_DIAG_NR_LABELS ?
		       map_labels[label].advice :
		       "";
}

const char *map_diag_severity_name(enum map_diag_severity sev)
{
	return (unsigned int)sev < ARRAY_SIZE(severity_names) ?
		       severity_names[sev] :
		       "?";
}

void map_diag_report(struct map_diag_sink *sink, const struct map_diag *d)
{
	if (!sink)
		return;
	if ((unsigned int)d->label < MAP_DIAG_NR_LABELS)
		sink->count[d->label]++;
	if ((unsigned int)d->severity < ARRAY_SIZE(sink->by_severity))
		sink->by_severity[d->severity]++;
	if (sink->nr < sink->capacity)
		sink->diags[sink->nr++] = *d;
	else
		sink->dropped++;
	if (sink->emit)
		sink->emit(d, sink->ctx);
}

static int format_entry(char *buf, size_t size, const struct map_diag_entry *e)
{
	int n = scnprintf(buf, size, "mem%02u [%#018llx-%#018llx) ",
			  e->src_index, (unsigned long long)e->start,
			  (unsigned long long)e->end);

	if (e->type_name)
		return n + scnprintf(buf + n, size - n, "%s", e->type_name);
	return n + scnprintf(buf + n, size - n, "type=%u", e->src_type);
}

/* "used as [a-b)" or "dropped, ..." for a range the sanitizer kept. */
static int format_used(char *buf, size_t size, const char *verb, u64 start,
		       u64 end, const char *why_dropped)
{
	if (start >= end)
		return scnprintf(buf, size, "dropped (%s)", why_dropped);
	return scnprintf(buf, size, "%s [%#018llx-%#018llx)", verb,
			 (unsigned long long)start, (unsigned long long)end);
}

int map_diag_format(char *buf, size_t size, const struct map_diag *d)
{
	char e0[128] = "", e1[128] = "";
	int n;

	if (d->nr_entries > 0)
		format_entry(e0, sizeof(e0), &d->entry[0]);
	if (d->nr_entries > 1)
		format_entry(e1, sizeof(e1), &d->entry[1]);

	n = scnprintf(buf, size, "sparsemm: map: [%s] %s: ",
		      map_diag_severity_name(d->severity),
		      map_diag_label_name(d->label));

	switch (d->label) {
	case MAP_DIAG_UNSORTED:
		n += scnprintf(
			buf + n, size - n,
			"%s follows %s but starts below it; entries are sorted by address.",
			e1, e0);
		break;
	case MAP_DIAG_OVERLAP:
		n += scnprintf(buf + n, size - n,
			       "%s overlaps %s; resolved as %s.", e0, e1,
			       d->resolved_name ? d->resolved_name : "?");
		break;
	case MAP_DIAG_ZERO_LENGTH:
		n += scnprintf(buf + n, size - n, "%s has no pages; ignored.",
			       e0);
		break;
	case MAP_DIAG_UNALIGNED_START:
	case MAP_DIAG_UNALIGNED_SIZE:
		n += scnprintf(buf + n, size - n, "%s %s; ", e0,
			       d->label == MAP_DIAG_UNALIGNED_START ?
				       "does not start on a 4 KiB boundary" :
				       "is not a whole number of 4 KiB pages");
		n += format_used(buf + n, size - n, "used as", d->value,
				 d->value2, "no whole page of RAM in it");
		n += scnprintf(buf + n, size - n, ".");
		break;
	case MAP_DIAG_DESC_SIZE:
		n += scnprintf(
			buf + n, size - n,
			"descriptor size %llu, version %llu (expected %u, version %u); %s.",
			(unsigned long long)d->value,
			(unsigned long long)d->value2,
			EFI_MEMDESC_EXPECTED_SIZE, EFI_MEMDESC_VERSION,
			d->value < EFI_MEMDESC_MIN_SIZE ?
				"too small for a descriptor, the map cannot be read" :
				"the map is walked by the reported size");
		break;
	case MAP_DIAG_BEYOND_PHYS_BITS:
		n += scnprintf(
			buf + n, size - n,
			"%s reaches past the %u-bit physical address limit; ",
			e0, d->aux);
		n += format_used(buf + n, size - n, "clipped to", d->value,
				 d->value2, "entirely above the limit");
		n += scnprintf(buf + n, size - n, ".");
		break;
	case MAP_DIAG_RAM_NOT_WB:
		n += scnprintf(
			buf + n, size - n,
			"%s (attr %#018llx) is RAM without the WB attribute; treated as %s.",
			e0, (unsigned long long)d->value,
			d->resolved_name ? d->resolved_name : "?");
		break;
	case MAP_DIAG_NO_RAM_BELOW_4G:
		n += scnprintf(
			buf + n, size - n,
			"no usable RAM below 4 GiB; the lowest starts at %#018llx.",
			(unsigned long long)d->value);
		break;
	case MAP_DIAG_NO_RAM:
		n += scnprintf(buf + n, size - n, "no usable RAM in the map.");
		break;
	case MAP_DIAG_TOO_MANY_ENTRIES:
		n += scnprintf(
			buf + n, size - n,
			"%llu entries, more than the %llu of Linux's zeropage e820 table; all are kept.",
			(unsigned long long)d->value,
			(unsigned long long)d->value2);
		break;
	default:
		break;
	}
	return n + scnprintf(buf + n, size - n, " Advice: %s",
			     map_diag_advice(d->label));
}

void map_diag_print(const struct map_diag *d)
{
	char line[MAP_DIAG_LINE_MAX];

	map_diag_format(line, sizeof(line), d);
	switch (d->severity) {
	case MAP_DIAG_ERROR:
		pr_err("%s\n", line);
		break;
	case MAP_DIAG_WARN:
		pr_warn("%s\n", line);
		break;
	default:
		pr_info("%s\n", line);
		break;
	}
}

void map_diag_emit_printk(const struct map_diag *d, void *ctx)
{
	map_diag_print(d);
}

int fw_map_check_desc_size(struct map_diag_sink *sink, u64 desc_size,
			   u32 desc_version)
{
	struct map_diag d = {
		.label = MAP_DIAG_DESC_SIZE,
		.value = desc_size,
		.value2 = desc_version,
	};

	if (desc_size == EFI_MEMDESC_EXPECTED_SIZE &&
	    desc_version == EFI_MEMDESC_VERSION)
		return 0;
	if (desc_size < EFI_MEMDESC_MIN_SIZE)
		d.severity = MAP_DIAG_ERROR;
	else if (desc_size % 8 || desc_version != EFI_MEMDESC_VERSION)
		d.severity = MAP_DIAG_WARN;
	else
		d.severity = MAP_DIAG_INFO;
	map_diag_report(sink, &d);
	return d.severity == MAP_DIAG_ERROR ? -EINVAL : 0;
}

int fw_map_entry_from_range(struct fw_map_entry *e, u32 src_index, u32 type,
			    u32 src_type, u64 start, u64 size, u64 attr,
			    struct map_diag_sink *sink)
{
	u64 pages = fw_mem_type_is_ram(type) ? size >> PAGE_SHIFT :
					       PFN_UP(size);

	/* PFN_UP overflows for sizes in the last page of the space. */
	if (!fw_mem_type_is_ram(type) && size > U64_MAX - PAGE_SIZE)
		pages = (U64_MAX >> PAGE_SHIFT) + 1;
	*e = (struct fw_map_entry){
		.start = start,
		.pages = pages,
		.type = type,
		.src_type = src_type,
		.attr = attr,
		.src_index = src_index,
	};
	if (size & (PAGE_SIZE - 1)) {
		struct map_diag d = {
			.label = MAP_DIAG_UNALIGNED_SIZE,
			.severity = MAP_DIAG_WARN,
			.nr_entries = 1,
			.entry[0] = { src_index, src_type,
				      fw_mem_type_name(type), start,
				      start + size },
			.value = start,
			.value2 = start + (pages << PAGE_SHIFT),
		};
		map_diag_report(sink, &d);
	}
	return pages ? 0 : -EINVAL;
}

/* ---- the sanitizer ------------------------------------------------------ */

struct memmap_event {
	u64 addr;
	u32 idx; /* input entry */
	u32 is_start; /* 0: end, 1: start */
};

/* Per-type state of the sweep. */
struct sweep_type {
	u32 open; /* entries of this type covering the point */
	u32 last_started; /* input index of the latest one to start */
	u64 idx_sum; /* sum of their indices: exact when open == 1 */
	u32 bit_count[64]; /* how many of them have each attr bit */
};

struct sanitizer {
	const struct memmap_sanitize_args *args;
	u64 limit; /* first address beyond the CPU's reach */
	struct sweep_type types[FW_MEM_NR_TYPES];
};

static u32 entry_type(const struct fw_map_entry *e)
{
	return e->type < FW_MEM_NR_TYPES ? e->type : FW_MEM_RESERVED;
}

static const char *entry_type_name(const struct memmap_sanitize_args *a,
				   const struct fw_map_entry *e)
{
	if (a->source == MEMMAP_SRC_EFI)
		return efi_mem_type_name(e->src_type);
	return fw_mem_type_name(entry_type(e));
}

static struct map_diag_entry diag_entry(const struct memmap_sanitize_args *a,
					const struct fw_map_entry *e)
{
	u64 size = e->pages > (U64_MAX >> PAGE_SHIFT) ? U64_MAX :
							e->pages << PAGE_SHIFT;

	return (struct map_diag_entry){
		.src_index = e->src_index,
		.src_type = e->src_type,
		.type_name = entry_type_name(a, e),
		.start = e->start,
		.end = size > U64_MAX - e->start ? U64_MAX : e->start + size,
	};
}

/* [start, end) as given, saturated at 2^64 - 1. */
static void raw_range(const struct fw_map_entry *e, u64 *start, u64 *end)
{
	*start = e->start;
	if (e->pages > (U64_MAX - e->start) >> PAGE_SHIFT)
		*end = U64_MAX;
	else
		*end = e->start + (e->pages << PAGE_SHIFT);
}

/* Align to 4 KiB: RAM shrinks, everything else grows. */
static void aligned_range(const struct fw_map_entry *e, u64 *start, u64 *end)
{
	u64 s, t;

	raw_range(e, &s, &t);
	if (fw_mem_type_is_ram(entry_type(e))) {
		s = s > U64_MAX - (PAGE_SIZE - 1) ? U64_MAX & PAGE_MASK :
						    ALIGN_UP(s, PAGE_SIZE);
		t = ALIGN_DOWN(t, PAGE_SIZE);
	} else {
		s = ALIGN_DOWN(s, PAGE_SIZE);
		t = t > U64_MAX - (PAGE_SIZE - 1) ? U64_MAX & PAGE_MASK :
						    ALIGN_UP(t, PAGE_SIZE);
	}
	*start = s;
	*end = t > s ? t : s;
}

/* The range the sweep uses: aligned, then clipped at the limit. */
static void used_range(const struct sanitizer *san,
		       const struct fw_map_entry *e, u64 *start, u64 *end)
{
	aligned_range(e, start, end);
	if (*end > san->limit)
		*end = san->limit;
	if (*start > *end)
		*start = *end;
}

static bool event_less(const struct memmap_event *a,
		       const struct memmap_event *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr;
	if (a->is_start != b->is_start)
		return a->is_start < b->is_start;
	return a->idx < b->idx;
}

static void sift_down(struct memmap_event *ev, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		struct memmap_event tmp;

		if (child >= n)
			return;
		if (child + 1 < n && event_less(&ev[child], &ev[child + 1]))
			child++;
		if (!event_less(&ev[root], &ev[child]))
			return;
		tmp = ev[root];
		ev[root] = ev[child];
		ev[child] = tmp;
		root = child;
	}
}

/* Heapsort: O(n log n), in place, no recursion. */
static void sort_events(struct memmap_event *ev, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(ev, i, n);
	for (size_t end = n; end-- > 1;) {
		struct memmap_event tmp = ev[0];

		ev[0] = ev[end];
		ev[end] = tmp;
		sift_down(ev, 0, end);
	}
}

/* Diagnose one input entry and, if anything of it is left, add its two
 * events.  Returns the number of events added (0 or 2). */
static unsigned int check_entry(struct sanitizer *san, u32 idx,
				struct memmap_event *ev)
{
	const struct memmap_sanitize_args *a = san->args;
	const struct fw_map_entry *e = &a->in[idx];
	u64 rs, re, as, ae, us, ue;
	struct map_diag d = { .nr_entries = 1, .entry[0] = diag_entry(a, e) };

	if (!e->pages) {
		d.label = MAP_DIAG_ZERO_LENGTH;
		d.severity = MAP_DIAG_WARN;
		map_diag_report(a->sink, &d);
		return 0;
	}
	if (a->source == MEMMAP_SRC_EFI && efi_type_is_ram(e->src_type) &&
	    !(e->attr & EFI_MEMORY_WB) && !(e->attr & EFI_MEMORY_SP)) {
		d.label = MAP_DIAG_RAM_NOT_WB;
		d.severity = MAP_DIAG_WARN;
		d.value = e->attr;
		d.resolved_name = fw_mem_type_name(entry_type(e));
		map_diag_report(a->sink, &d);
	}

	raw_range(e, &rs, &re);
	aligned_range(e, &as, &ae);
	if (rs & (PAGE_SIZE - 1)) {
		d.label = MAP_DIAG_UNALIGNED_START;
		d.severity = MAP_DIAG_WARN;
		d.value = as;
		d.value2 = ae;
		map_diag_report(a->sink, &d);
	}
	used_range(san, e, &us, &ue);
	if ((re > san->limit || ae > san->limit) && as < ae) {
		d.label = MAP_DIAG_BEYOND_PHYS_BITS;
		d.severity = MAP_DIAG_WARN;
		d.value = us;
		d.value2 = ue;
		d.aux = a->phys_bits ? a->phys_bits : 64;
		map_diag_report(a->sink, &d);
	}
	if (us >= ue)
		return 0;
	ev[0] = (struct memmap_event){ .addr = us, .idx = idx, .is_start = 1 };
	ev[1] = (struct memmap_event){ .addr = ue, .idx = idx, .is_start = 0 };
	return 2;
}

static void check_order(struct sanitizer *san)
{
	const struct memmap_sanitize_args *a = san->args;
	const struct fw_map_entry *prev = NULL;

	for (u32 i = 0; i < a->nr_in; i++) {
		const struct fw_map_entry *e = &a->in[i];

		if (!e->pages)
			continue;
		if (prev && e->start < prev->start) {
			struct map_diag d = {
				.label = MAP_DIAG_UNSORTED,
				.severity = MAP_DIAG_INFO,
				.nr_entries = 2,
				.entry = { diag_entry(a, prev),
					   diag_entry(a, e) },
			};
			map_diag_report(a->sink, &d);
		}
		prev = e;
	}
}

/*
 * Walk the start events in address order, remembering the entry reaching
 * furthest so far: an entry starting below that end overlaps it.  Each
 * overlapping entry is reported once, against that one entry, which keeps
 * the work linear even for n nested entries.
 */
static void check_overlaps(struct sanitizer *san, const struct memmap_event *ev,
			   size_t nev)
{
	const struct memmap_sanitize_args *a = san->args;
	const struct fw_map_entry *far = NULL;
	u64 far_end = 0;

	for (size_t i = 0; i < nev; i++) {
		const struct fw_map_entry *e;
		u64 s, t;

		if (!ev[i].is_start)
			continue;
		e = &a->in[ev[i].idx];
		used_range(san, e, &s, &t);
		if (far && s < far_end) {
			const struct fw_map_entry *win =
				fw_mem_type_priority(entry_type(e)) >
						fw_mem_type_priority(
							entry_type(far)) ?
					e :
					far;
			struct map_diag d = {
				.label = MAP_DIAG_OVERLAP,
				.severity = MAP_DIAG_WARN,
				.nr_entries = 2,
				.entry = { diag_entry(a, far),
					   diag_entry(a, e) },
				.resolved_name = entry_type_name(a, win),
			};

			if (!d.resolved_name)
				d.resolved_name =
					fw_mem_type_name(entry_type(win));
			map_diag_report(a->sink, &d);
		}
		if (!far || t > far_end) {
			far = e;
			far_end = t;
		}
	}
}

static void sweep_apply(struct sanitizer *san, const struct memmap_event *ev)
{
	const struct fw_map_entry *e = &san->args->in[ev->idx];
	struct sweep_type *st = &san->types[entry_type(e)];
	u64 attr = e->attr;

	if (ev->is_start) {
		st->open++;
		st->idx_sum += ev->idx;
		st->last_started = ev->idx;
	} else {
		st->open--;
		st->idx_sum -= ev->idx;
	}
	while (attr) {
		unsigned int bit = (unsigned int)__builtin_ctzll(attr);

		if (ev->is_start)
			st->bit_count[bit]++;
		else
			st->bit_count[bit]--;
		attr &= attr - 1;
	}
}

/* The open type of highest rank, or -1 when the point is a hole. */
static int sweep_winner(const struct sanitizer *san)
{
	int best = -1;

	for (int t = 0; t < FW_MEM_NR_TYPES; t++)
		if (san->types[t].open &&
		    (best < 0 || fw_type_rank[t] > fw_type_rank[best]))
			best = t;
	return best;
}

static void sweep_emit(struct sanitizer *san, u64 start, u64 end, int type,
		       unsigned int *nr_out)
{
	const struct sweep_type *st = &san->types[type];
	struct fw_map_entry *out = san->args->out;
	const struct fw_map_entry *src;
	u64 attr = 0;
	u32 idx;

	for (unsigned int b = 0; b < 64; b++)
		if (st->bit_count[b] == st->open)
			attr |= 1ULL << b;
	idx = st->open == 1 ? (u32)st->idx_sum : st->last_started;
	src = &san->args->in[idx];

	if (*nr_out) {
		struct fw_map_entry *prev = &out[*nr_out - 1];

		if (fw_map_entry_end(prev) == start &&
		    prev->type == (u32)type && prev->attr == attr) {
			prev->pages += (end - start) >> PAGE_SHIFT;
			return;
		}
	}
	out[(*nr_out)++] = (struct fw_map_entry){
		.start = start,
		.pages = (end - start) >> PAGE_SHIFT,
		.type = (u32)type,
		.src_type = src->src_type,
		.attr = attr,
		.src_index = src->src_index,
	};
}

static void check_ram(const struct memmap_sanitize_args *a, unsigned int nr_out)
{
	struct map_diag d = { .severity = MAP_DIAG_WARN };

	for (unsigned int i = 0; i < nr_out; i++) {
		if (!fw_mem_type_is_ram(a->out[i].type))
			continue;
		if (a->out[i].start < SZ_4G)
			return;
		d.label = MAP_DIAG_NO_RAM_BELOW_4G;
		d.value = a->out[i].start;
		map_diag_report(a->sink, &d);
		return;
	}
	d.label = MAP_DIAG_NO_RAM;
	d.severity = MAP_DIAG_ERROR;
	map_diag_report(a->sink, &d);
}

int fw_map_sanitize(const struct memmap_sanitize_args *a, unsigned int *nr_out)
{
	struct sanitizer san = { .args = a };
	struct memmap_event *ev = a->scratch;
	size_t nev = 0, i;

	BUILD_BUG_ON(sizeof(struct memmap_event) * 2 !=
		     MEMMAP_SCRATCH_BYTES(1));
	*nr_out = 0;
	if (a->out_capacity < MEMMAP_OUT_ENTRIES(a->nr_in) ||
	    a->scratch_bytes < MEMMAP_SCRATCH_BYTES(a->nr_in))
		return -ENOSPC;
	if (a->nr_in &&
	    (!a->in || !a->out || !a->scratch || ((uintptr_t)a->scratch & 7)))
		return -EINVAL;

	san.limit = a->phys_bits && a->phys_bits < 64 ? 1ULL << a->phys_bits :
							U64_MAX & PAGE_MASK;

	if (a->nr_in > MEMMAP_MANY_ENTRIES) {
		struct map_diag d = {
			.label = MAP_DIAG_TOO_MANY_ENTRIES,
			.severity = MAP_DIAG_INFO,
			.value = a->nr_in,
			.value2 = MEMMAP_MANY_ENTRIES,
		};
		map_diag_report(a->sink, &d);
	}
	check_order(&san);
	for (u32 idx = 0; idx < a->nr_in; idx++)
		nev += check_entry(&san, idx, &ev[nev]);
	sort_events(ev, nev);
	check_overlaps(&san, ev, nev);

	for (i = 0; i < nev;) {
		u64 at = ev[i].addr;
		int winner;

		while (i < nev && ev[i].addr == at)
			sweep_apply(&san, &ev[i++]);
		if (i == nev)
			break;
		winner = sweep_winner(&san);
		if (winner >= 0)
			sweep_emit(&san, at, ev[i].addr, winner, nr_out);
	}
	check_ram(a, *nr_out);
	return 0;
}
