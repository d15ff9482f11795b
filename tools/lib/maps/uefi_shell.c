// SPDX-License-Identifier: MIT
/*
 * The UEFI shell's `memmap` output (edk2 ShellPkg, UefiShellDebug1CommandsLib
 * MemMap.c; the older EFI Shell 1.0 prints the same columns):
 *
 *   Type       Start            End              # Pages          Attributes
 *   Available  0000000000000000-000000000009FFFF 00000000000000A0 000000000000000F
 *   BS_Data    ...
 *
 *     Reserved  :     128 Pages (524,288 Bytes)
 *   Total Memory: 2047 MB (2,146,545,664 Bytes)
 *
 * One row per descriptor in firmware order; End is inclusive; all numbers
 * hexadecimal.  Type names are the shell's short ones (BS_Code, RT_Data,
 * ACPI_Recl, MMIO_Port, ...), its full ones (BootServiceCode, ...) or the
 * old lower-case ones (available, BS_code), in any case.  The header, the
 * per-type summary, the total and shell prompts are skipped.  The -sfo
 * form is refused with a message.
 */
#include <maps/sim_map.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A row has a word followed by a hexadecimal Start-End pair. */
static bool looks_like_row(const char *l)
{
	while (*l && !isspace((unsigned char)*l))
		l++;
	while (isspace((unsigned char)*l))
		l++;
	return isxdigit((unsigned char)*l) && strchr(l, '-');
}

int sim_map_parse_uefi_shell(struct sim_map *m, const char *text, size_t len)
{
	struct sim_lines it;
	char *l;
	int err = 0;

	m->source = MEMMAP_SRC_EFI;
	m->source_name = "UEFI shell memmap rows";
	sim_lines_begin(&it, text, len);
	while (!err && sim_lines_next(&it, &l)) {
		unsigned long long s, e, pages, attr;
		char name[40], tail[2];
		int type;

		while (isspace((unsigned char)*l))
			l++;
		if (!*l || l[0] == '#')
			continue;
		if (!strncmp(l, "ShellCommand,", 13) ||
		    !strncmp(l, "MemoryMap,", 10)) {
			err = sim_map_error(
				m, it.line, 0,
				"memmap -sfo output is not supported; save the plain `memmap` output");
			break;
		}
		if (!looks_like_row(l))
			continue; /* header, summary, total, prompt */
		if (sscanf(l, "%39s %llx-%llx %llx %llx %1s", name, &s, &e,
			   &pages, &attr, tail) != 5) {
			err = sim_map_error(
				m, it.line, 0,
				"malformed memmap row (want: Type Start-End #Pages Attributes): %s",
				l);
			break;
		}
		type = sim_efi_type_from_name(name, strlen(name));
		if (type < 0) {
			err = sim_map_error(m, it.line, 0,
					    "unknown memory type '%s'", name);
			break;
		}
		if (e < s || (s & (EFI_PAGE_SIZE - 1)) ||
		    ((e + 1) & (EFI_PAGE_SIZE - 1))) {
			err = sim_map_error(
				m, it.line, 0,
				"range %llx-%llx is not a whole number of 4 KiB pages",
				s, e);
			break;
		}
		if (pages != ((e - s) >> EFI_PAGE_SHIFT) + 1) {
			err = sim_map_error(
				m, it.line, 0,
				"# Pages %llx disagrees with the range %llx-%llx (%llx pages)",
				pages, s, e, ((e - s) >> EFI_PAGE_SHIFT) + 1);
			break;
		}
		err = sim_map_add_efi(m, it.line, (u32)type, s, pages, attr);
	}
	sim_lines_end(&it);
	return err;
}
