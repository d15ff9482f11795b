// SPDX-License-Identifier: MIT
/*
 * struct sim_map: storage, errors, format names and detection, and the
 * dispatch to each format's parser (bootlog.c, uefi_shell.c, json.c).
 * The arrays grow by doubling; a map of any size is read whole.
 */
#include <maps/sim_map.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[SIM_FMT_NR] = {
	[SIM_FMT_AUTO] = "auto",
	[SIM_FMT_BOOTLOG] = "bootlog",
	[SIM_FMT_UEFI_SHELL] = "uefi-shell",
	[SIM_FMT_JSON] = "json",
};

void sim_map_init(struct sim_map *m, const char *path)
{
	memset(m, 0, sizeof(*m));
	m->path = path ? path : "<input>";
	m->source = MEMMAP_SRC_EFI;
	m->diags.emit = map_diag_emit_printk;
}

void sim_map_free(struct sim_map *m)
{
	for (unsigned int i = 0; i < m->nr_ref; i++)
		free(m->ref[i].text);
	for (unsigned int i = 0; i < m->nr_edits; i++)
		free(m->edits[i].text);
	free(m->entries);
	free(m->entry_line);
	free(m->numa);
	free(m->ref);
	free(m->edits);
	free(m->cmdline);
	m->entries = NULL;
	m->entry_line = NULL;
	m->numa = NULL;
	m->ref = NULL;
	m->edits = NULL;
	m->cmdline = NULL;
	m->nr = m->cap = m->nr_numa = m->cap_numa = 0;
	m->nr_ref = m->cap_ref = m->nr_edits = m->cap_edits = 0;
}

const char *sim_format_name(enum sim_format f)
{
	return (unsigned int)f < SIM_FMT_NR ? format_names[f] : NULL;
}

int sim_format_from_name(const char *name)
{
	for (int i = 0; i < SIM_FMT_NR; i++)
		if (!strcmp(name, format_names[i]))
			return i;
	/* the saved map file is a boot log of efi: memNN lines */
	if (!strcmp(name, "mapfile") || !strcmp(name, "dmesg"))
		return SIM_FMT_BOOTLOG;
	return -EINVAL;
}

int sim_map_error(struct sim_map *m, unsigned int line, unsigned int col,
		  const char *fmt, ...)
{
	va_list ap;
	int n;

	if (col)
		n = snprintf(m->error, sizeof(m->error), "%s:%u:%u: ", m->path,
			     line, col);
	else if (line)
		n = snprintf(m->error, sizeof(m->error), "%s:%u: ", m->path,
			     line);
	else
		n = snprintf(m->error, sizeof(m->error), "%s: ", m->path);
	if (n < 0 || (size_t)n >= sizeof(m->error))
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(m->error + n, sizeof(m->error) - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Make room for one more element in *arr (of *cap, elem bytes each). */
static int grow(void **arr, unsigned int nr, unsigned int *cap, size_t elem)
{
	unsigned int ncap;
	void *p;

	if (nr < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	p = realloc(*arr, (size_t)ncap * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int add_entry(struct sim_map *m, unsigned int line,
		     struct fw_map_entry **out)
{
	unsigned int cap = m->cap;

	if (grow((void **)&m->entries, m->nr, &cap, sizeof(*m->entries)))
		return -ENOMEM;
	if (cap != m->cap) {
		unsigned int *p = realloc(m->entry_line, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		m->entry_line = p;
		m->cap = cap;
	}
	m->entry_line[m->nr] = line;
	*out = &m->entries[m->nr++];
	return 0;
}

int sim_map_add_efi(struct sim_map *m, unsigned int line, u32 efi_type,
		    u64 start, u64 pages, u64 attr)
{
	struct fw_map_entry *e;

	if (add_entry(m, line, &e))
		return -ENOMEM;
	fw_map_entry_from_efi(e, m->nr - 1, efi_type, start, pages, attr);
	return 0;
}

int sim_map_add_range(struct sim_map *m, unsigned int line, u32 fw_type,
		      u32 src_type, u64 start, u64 size)
{
	struct fw_map_entry *e;

	if (add_entry(m, line, &e))
		return -ENOMEM;
	if (fw_map_entry_from_range(e, m->nr - 1, fw_type, src_type, start,
				    size, 0, &m->diags)) {
		/* RAM smaller than a page: nothing is left of it */
		m->nr--;
	}
	return 0;
}

int sim_map_add_node(struct sim_map *m, unsigned int line, int node, u64 start,
		     u64 end)
{
	if (grow((void **)&m->numa, m->nr_numa, &m->cap_numa, sizeof(*m->numa)))
		return -ENOMEM;
	m->numa[m->nr_numa++] =
		(struct sim_node_range){ node, start, end, line };
	return 0;
}

int sim_map_add_ref(struct sim_map *m, enum linux_ref_kind kind,
		    unsigned int line, const char *text)
{
	char *copy;

	if (grow((void **)&m->ref, m->nr_ref, &m->cap_ref, sizeof(*m->ref)))
		return -ENOMEM;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	m->ref[m->nr_ref].kind = kind;
	m->ref[m->nr_ref].line = line;
	m->ref[m->nr_ref].text = copy;
	m->nr_ref++;
	return 0;
}

int sim_map_add_edit(struct sim_map *m, const struct linux_edit *e,
		     const char *text)
{
	char *copy;

	if (grow((void **)&m->edits, m->nr_edits, &m->cap_edits,
		 sizeof(*m->edits)))
		return -ENOMEM;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	m->edits[m->nr_edits] = *e;
	m->edits[m->nr_edits++].text = copy;
	return 0;
}

/* ---- EFI type names ---------------------------------------------------- */

/* Every spelling of each type: Linux today, Linux before v4.x, the UEFI
 * shell (short, full and the EFI Shell 1.0 lower-case forms). */
static const struct {
	const char *name;
	u32 type;
} efi_names[] = {
	{ "Reserved", EFI_MT_RESERVED },
	{ "Loader Code", EFI_MT_LOADER_CODE },
	{ "LoaderCode", EFI_MT_LOADER_CODE },
	{ "Loader Data", EFI_MT_LOADER_DATA },
	{ "LoaderData", EFI_MT_LOADER_DATA },
	{ "Boot Code", EFI_MT_BOOT_SERVICES_CODE },
	{ "BS_Code", EFI_MT_BOOT_SERVICES_CODE },
	{ "BootServiceCode", EFI_MT_BOOT_SERVICES_CODE },
	{ "Boot Data", EFI_MT_BOOT_SERVICES_DATA },
	{ "BS_Data", EFI_MT_BOOT_SERVICES_DATA },
	{ "BootServiceData", EFI_MT_BOOT_SERVICES_DATA },
	{ "Runtime Code", EFI_MT_RUNTIME_SERVICES_CODE },
	{ "RT_Code", EFI_MT_RUNTIME_SERVICES_CODE },
	{ "RuntimeCode", EFI_MT_RUNTIME_SERVICES_CODE },
	{ "Runtime Data", EFI_MT_RUNTIME_SERVICES_DATA },
	{ "RT_Data", EFI_MT_RUNTIME_SERVICES_DATA },
	{ "RuntimeData", EFI_MT_RUNTIME_SERVICES_DATA },
	{ "Conventional", EFI_MT_CONVENTIONAL },
	{ "Conventional Memory", EFI_MT_CONVENTIONAL },
	{ "Available", EFI_MT_CONVENTIONAL },
	{ "Unusable", EFI_MT_UNUSABLE },
	{ "Unusable Memory", EFI_MT_UNUSABLE },
	{ "UnusableMemory", EFI_MT_UNUSABLE },
	{ "ACPI Reclaim", EFI_MT_ACPI_RECLAIM },
	{ "ACPI Reclaim Memory", EFI_MT_ACPI_RECLAIM },
	{ "ACPI_Recl", EFI_MT_ACPI_RECLAIM },
	{ "ACPIReclaimMemory", EFI_MT_ACPI_RECLAIM },
	{ "ACPI Mem NVS", EFI_MT_ACPI_NVS },
	{ "ACPI Memory NVS", EFI_MT_ACPI_NVS },
	{ "ACPI_NVS", EFI_MT_ACPI_NVS },
	{ "ACPIMemoryNVS", EFI_MT_ACPI_NVS },
	{ "MMIO", EFI_MT_MMIO },
	{ "Memory Mapped I/O", EFI_MT_MMIO },
	{ "MemoryMappedIO", EFI_MT_MMIO },
	{ "MMIO Port", EFI_MT_MMIO_PORT_SPACE },
	{ "MMIO_Port", EFI_MT_MMIO_PORT_SPACE },
	{ "Memory Mapped I/O Port Space", EFI_MT_MMIO_PORT_SPACE },
	{ "MemoryMappedIOPortSpace", EFI_MT_MMIO_PORT_SPACE },
	{ "PAL Code", EFI_MT_PAL_CODE },
	{ "PalCode", EFI_MT_PAL_CODE },
	{ "Persistent", EFI_MT_PERSISTENT },
	{ "Persistent Memory", EFI_MT_PERSISTENT },
	{ "Unaccepted", EFI_MT_UNACCEPTED },
};

int sim_efi_type_from_name(const char *name, size_t len)
{
	while (len && isspace((unsigned char)*name))
		name++, len--;
	while (len && isspace((unsigned char)name[len - 1]))
		len--;
	for (size_t i = 0; i < ARRAY_SIZE(efi_names); i++)
		if (strlen(efi_names[i].name) == len &&
		    !strncasecmp(efi_names[i].name, name, len))
			return (int)efi_names[i].type;
	return -1;
}

/* ---- detection and dispatch ---------------------------------------------- */

static bool shell_row(const char *l)
{
	char name[32];
	unsigned long long a, b, c, d;

	/* "Available  0000000000000000-000000000009FFFF 00000000000000A0 000000000000000F" */
	return sscanf(l, "%31s %llx-%llx %llx %llx", name, &a, &b, &c, &d) ==
		       5 &&
	       sim_efi_type_from_name(name, strlen(name)) >= 0;
}

enum sim_format sim_format_detect(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char line[256];

	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p < end && *p == '{')
		return SIM_FMT_JSON;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p;

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (strstr(line, "efi: mem") || strstr(line, "BIOS-e820:"))
			return SIM_FMT_BOOTLOG;
		if ((strstr(line, "Type") && strstr(line, "Start") &&
		     strstr(line, "Attributes")) ||
		    shell_row(line))
			return SIM_FMT_UEFI_SHELL;
		p = nl ? nl + 1 : end;
	}
	return SIM_FMT_BOOTLOG;
}

int sim_map_parse_text(struct sim_map *m, const char *text, size_t len,
		       enum sim_format fmt)
{
	int err;

	if (fmt == SIM_FMT_AUTO)
		fmt = sim_format_detect(text, len);
	m->format = fmt;
	switch (fmt) {
	case SIM_FMT_BOOTLOG:
		err = sim_map_parse_bootlog(m, text, len);
		break;
	case SIM_FMT_UEFI_SHELL:
		err = sim_map_parse_uefi_shell(m, text, len);
		break;
	case SIM_FMT_JSON:
		err = sim_map_parse_json(m, text, len);
		break;
	default:
		return sim_map_error(m, 0, 0, "unknown format %d", fmt);
	}
	if (err == -ENOMEM)
		return sim_map_error(m, 0, 0, "out of memory"), -ENOMEM;
	if (err)
		return err;
	if (!m->nr)
		return sim_map_error(m, 0, 0,
				     "no memory map entries found (read as %s)",
				     sim_format_name(fmt));
	return 0;
}

int sim_map_load(struct sim_map *m, enum sim_format fmt)
{
	FILE *f = fopen(m->path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int err;

	if (!f) {
		err = -errno;
		sim_map_error(m, 0, 0, "cannot open: %s", strerror(errno));
		return err;
	}
	do {
		if (len + 65536 > cap) {
			char *p = realloc(buf, cap = (len + 65536) * 2);

			if (!p) {
				free(buf);
				fclose(f);
				return sim_map_error(m, 0, 0, "out of memory"),
				       -ENOMEM;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	err = ferror(f) ? -EIO : 0;
	fclose(f);
	if (err) {
		free(buf);
		return sim_map_error(m, 0, 0, "read error"), err;
	}
	err = sim_map_parse_text(m, buf, len, fmt);
	free(buf);
	return err;
}

/* ---- line iteration ------------------------------------------------------ */

void sim_lines_begin(struct sim_lines *it, const char *text, size_t len)
{
	*it = (struct sim_lines){ .p = text, .end = text + len };
}

bool sim_lines_next(struct sim_lines *it, char **line)
{
	const char *nl;
	size_t n;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', it->end - it->p);
	n = (nl ? nl : it->end) - it->p;
	if (n + 1 > it->cap) {
		char *b = realloc(it->buf, n + 256);

		if (!b)
			return false;
		it->buf = b;
		it->cap = n + 256;
	}
	memcpy(it->buf, it->p, n);
	while (n && (it->buf[n - 1] == '\r'))
		n--;
	it->buf[n] = '\0';
	it->p = nl ? nl + 1 : it->end;
	it->line++;
	*line = it->buf;
	return true;
}

void sim_lines_end(struct sim_lines *it)
{
	free(it->buf);
	it->buf = NULL;
	it->cap = 0;
}
