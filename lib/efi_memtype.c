// SPDX-License-Identifier: MIT
/*
 * The UEFI memory map format in text: Linux's names for the memory types,
 * its `efi: memNN:` line, and a parser for that line so that the host
 * simulator can replay a memory map taken from any Linux boot log
 * (`efi=debug`).
 *
 * Invariant: for every type and attribute word,
 * efi_md_parse(efi_md_typeattr_format(...) + " range=...") gives back the
 * same type, attribute, start and page count (tests/unit/test_efi_memtype.c).
 *
 * Callers: efi/ (printing the firmware's map), mm/fw_map.c (type names in
 * diagnostics), the simulator front end (reading logs).
 */
#include <lib/efi_memtype.h>
#include <lib/printk.h>
#include <lib/string.h>

/* Linux's memory_type_name[]: 12 characters at most, printed as %-12s. */
static const char *const efi_type_names[EFI_MT_NR] = {
	[EFI_MT_RESERVED] = "Reserved",
	[EFI_MT_LOADER_CODE] = "Loader Code",
	[EFI_MT_LOADER_DATA] = "Loader Data",
	[EFI_MT_BOOT_SERVICES_CODE] = "Boot Code",
	[EFI_MT_BOOT_SERVICES_DATA] = "Boot Data",
	[EFI_MT_RUNTIME_SERVICES_CODE] = "Runtime Code",
	[EFI_MT_RUNTIME_SERVICES_DATA] = "Runtime Data",
	[EFI_MT_CONVENTIONAL] = "Conventional",
	[EFI_MT_UNUSABLE] = "Unusable",
	[EFI_MT_ACPI_RECLAIM] = "ACPI Reclaim",
	[EFI_MT_ACPI_NVS] = "ACPI Mem NVS",
	[EFI_MT_MMIO] = "MMIO",
	[EFI_MT_MMIO_PORT_SPACE] = "MMIO Port",
	[EFI_MT_PAL_CODE] = "PAL Code",
	[EFI_MT_PERSISTENT] = "Persistent",
	[EFI_MT_UNACCEPTED] = "Unaccepted",
};

/* The names kernels before v5.8 printed (width 19); accepted by the parser. */
static const char *const efi_type_long_names[EFI_MT_NR] = {
	[EFI_MT_CONVENTIONAL] = "Conventional Memory",
	[EFI_MT_UNUSABLE] = "Unusable Memory",
	[EFI_MT_ACPI_RECLAIM] = "ACPI Reclaim Memory",
	[EFI_MT_ACPI_NVS] = "ACPI Memory NVS",
	[EFI_MT_MMIO] = "Memory Mapped I/O",
	[EFI_MT_MMIO_PORT_SPACE] = "MMIO Port Space",
	[EFI_MT_PERSISTENT] = "Persistent Memory",
};

#define EFI_TYPE_NAME_WIDTH 12

/* The attribute columns, left to right, as Linux prints them. */
static const struct {
	const char *name;
	int width;
	u64 bit;
} efi_attr_columns[] = {
	{ "RUN", 3, EFI_MEMORY_RUNTIME },
	{ "MR", 2, EFI_MEMORY_MORE_RELIABLE },
	{ "CC", 2, EFI_MEMORY_CPU_CRYPTO },
	{ "SP", 2, EFI_MEMORY_SP },
	{ "NV", 2, EFI_MEMORY_NV },
	{ "XP", 2, EFI_MEMORY_XP },
	{ "RP", 2, EFI_MEMORY_RP },
	{ "WP", 2, EFI_MEMORY_WP },
	{ "RO", 2, EFI_MEMORY_RO },
	{ "UCE", 3, EFI_MEMORY_UCE },
	{ "WB", 2, EFI_MEMORY_WB },
	{ "WT", 2, EFI_MEMORY_WT },
	{ "WC", 2, EFI_MEMORY_WC },
	{ "UC", 2, EFI_MEMORY_UC },
};

const char *efi_mem_type_name(u32 type)
{
	return type < EFI_MT_NR ? efi_type_names[type] : NULL;
}

int efi_md_typeattr_format(char *buf, size_t size, u32 type, u64 attr)
{
	const char *name = efi_mem_type_name(type);
	int n;

	if (name)
		n = scnprintf(buf, size, "[%-*s", EFI_TYPE_NAME_WIDTH, name);
	else
		n = scnprintf(buf, size, "[type=%u", type);

	if (attr & ~(u64)EFI_MEMORY_PRINTABLE)
		return n + scnprintf(buf + n, size - n, "|attr=0x%016llx]",
				     (unsigned long long)attr);

	for (size_t i = 0; i < ARRAY_SIZE(efi_attr_columns); i++)
		n += scnprintf(buf + n, size - n, "|%*s",
			       efi_attr_columns[i].width,
			       (attr & efi_attr_columns[i].bit) ?
				       efi_attr_columns[i].name :
				       "");
	return n + scnprintf(buf + n, size - n, "]");
}

int efi_md_format_line(char *buf, size_t size, u32 index,
		       const struct efi_md_info *md)
{
	char typeattr[EFI_MD_LINE_MAX];
	u64 end = md->phys_addr + (md->num_pages << EFI_PAGE_SHIFT) - 1;

	efi_md_typeattr_format(typeattr, sizeof(typeattr), md->type, md->attr);
	return scnprintf(
		buf, size,
		"efi: mem%02u: %s range=[0x%016llx-0x%016llx] (%lluMB)", index,
		typeattr, (unsigned long long)md->phys_addr,
		(unsigned long long)end,
		(unsigned long long)(md->num_pages >> (20 - EFI_PAGE_SHIFT)));
}

/* ---- parsing ------------------------------------------------------------ */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool expect(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n))
		return false;
	*s += n;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Up to 16 hex digits; at least one. */
static bool parse_hex(const char **s, u64 *value)
{
	const char *p = *s;
	u64 v = 0;
	int digits = 0, d;

	while ((d = hex_digit(*p)) >= 0) {
		if (++digits > 16)
			return false;
		v = (v << 4) | (u64)d;
		p++;
	}
	if (!digits)
		return false;
	*s = p;
	*value = v;
	return true;
}

static bool parse_dec(const char **s, u64 *value)
{
	const char *p = *s;
	u64 v = 0;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		u64 d = (u64)(*p - '0');

		if (v > (~0ULL - d) / 10)
			return false;
		v = v * 10 + d;
		p++;
	}
	*s = p;
	*value = v;
	return true;
}

/* The field [p, end) with blanks trimmed on both sides. */
static void trim(const char **p, const char **end)
{
	while (*p < *end && is_space(**p))
		(*p)++;
	while (*end > *p && is_space((*end)[-1]))
		(*end)--;
}

static bool field_is(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) == n && !strncmp(p, word, n);
}

static int parse_type(const char **s, u32 *type)
{
	const char *p = *s, *end;
	u64 v;

	if (expect(&p, "type=")) {
		if (!parse_dec(&p, &v) || v > 0xffffffffULL)
			return -EINVAL;
		*type = (u32)v;
		*s = p;
		return 0;
	}
	end = strchr(p, '|');
	if (!end)
		return -EINVAL;
	*s = end;
	trim(&p, &end);
	for (u32 t = 0; t < EFI_MT_NR; t++) {
		if (field_is(p, end, efi_type_names[t]) ||
		    (efi_type_long_names[t] &&
		     field_is(p, end, efi_type_long_names[t]))) {
			*type = t;
			return 0;
		}
	}
	return -EINVAL;
}

/* After the type: `|attr=0x...]` or `|col|col|...]`. */
static int parse_attr(const char **s, u64 *attr)
{
	const char *p = *s;
	unsigned int columns = 0;
	u64 a = 0;

	if (expect(&p, "|attr=0x")) {
		if (!parse_hex(&p, attr) || !expect(&p, "]"))
			return -EINVAL;
		*s = p;
		return 0;
	}
	while (*p == '|') {
		const char *f = ++p, *end;
		size_t i;

		while (*p && *p != '|' && *p != ']')
			p++;
		if (!*p || ++columns > ARRAY_SIZE(efi_attr_columns))
			return -EINVAL;
		end = p;
		trim(&f, &end);
		if (f == end)
			continue;
		for (i = 0; i < ARRAY_SIZE(efi_attr_columns); i++)
			if (field_is(f, end, efi_attr_columns[i].name))
				break;
		if (i == ARRAY_SIZE(efi_attr_columns) ||
		    (a & efi_attr_columns[i].bit))
			return -EINVAL;
		a |= efi_attr_columns[i].bit;
	}
	if (!columns || !expect(&p, "]"))
		return -EINVAL;
	*attr = a;
	*s = p;
	return 0;
}

int efi_md_parse(const char *text, struct efi_md_info *md)
{
	const char *p = text;
	struct efi_md_info r;
	u64 start, last, mb;

	if (!expect(&p, "[") || parse_type(&p, &r.type) ||
	    parse_attr(&p, &r.attr))
		return -EINVAL;
	if (!expect(&p, " range=[0x") || !parse_hex(&p, &start) ||
	    !expect(&p, "-0x") || !parse_hex(&p, &last) || !expect(&p, "] (") ||
	    !parse_dec(&p, &mb) || !expect(&p, "MB)"))
		return -EINVAL;
	while (is_space(*p))
		p++;
	if (*p)
		return -EINVAL;

	/* [start, last] must be a whole number of pages; computed without
	 * overflow even for [0, 2^64 - 1]. */
	if (last < start ||
	    ((last - start) & (EFI_PAGE_SIZE - 1)) != EFI_PAGE_SIZE - 1)
		return -EINVAL;
	r.phys_addr = start;
	r.num_pages = ((last - start) >> EFI_PAGE_SHIFT) + 1;
	if (mb != r.num_pages >> (20 - EFI_PAGE_SHIFT))
		return -EINVAL;
	*md = r;
	return 0;
}

int efi_md_parse_log_line(const char *line, u32 *index, struct efi_md_info *md)
{
	static const char marker[] = "efi: mem";
	const char *p = line;
	u64 idx;

	for (;;) {
		p = strchr(p, 'e');
		if (!p)
			return -ENOENT;
		if (!strncmp(p, marker, sizeof(marker) - 1) &&
		    p[sizeof(marker) - 1] >= '0' &&
		    p[sizeof(marker) - 1] <= '9')
			break;
		p++;
	}
	p += sizeof(marker) - 1;
	if (!parse_dec(&p, &idx) || idx > 0xffffffffULL || !expect(&p, ": "))
		return -EINVAL;
	if (efi_md_parse(p, md))
		return -EINVAL;
	*index = (u32)idx;
	return 0;
}
