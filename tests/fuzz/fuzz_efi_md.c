// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the `efi: memNN:` line parsers.
 *
 *   efi_md_parse()          lib/efi_memtype.c, today's format
 *   efi_md_parse_log_line() the same with the log prefix and index
 *   sim_efi_line_parse()    tools/lib/maps/bootlog.c, every format Linux
 *                           has printed (older names, [a-b) ranges, v3.x)
 *
 * Oracle: whatever any of them accepts must survive a round trip through
 * the formatter: efi_md_format_line() of the parsed descriptor, parsed
 * again with efi_md_parse_log_line(), gives back the same index, type,
 * start, pages and attributes.  A refusal from sim_efi_line_parse() comes
 * with a reason.
 */
#include <lib/efi_memtype.h>

#include "fuzz.h"
#include <maps/sim_map.h>

static void round_trip(u32 index, const struct efi_md_info *md,
		       const char *what)
{
	char line[EFI_MD_LINE_MAX];
	struct efi_md_info back;
	u32 back_index;
	int n, err;

	n = efi_md_format_line(line, sizeof(line), index, md);
	FZ_CHECK(n > 0 && (size_t)n < sizeof(line), "%s: %d characters", what,
		 n);
	err = efi_md_parse_log_line(line, &back_index, &back);
	FZ_CHECK(err == 0, "%s: own line refused (%d): %s", what, err, line);
	FZ_CHECK(back_index == index && back.type == md->type &&
			 back.phys_addr == md->phys_addr &&
			 back.num_pages == md->num_pages &&
			 back.attr == md->attr,
		 "%s: round trip changed the descriptor: type %u/%u start "
		 "%#llx/%#llx pages %llu/%llu attr %#llx/%#llx: %s",
		 what, md->type, back.type, (unsigned long long)md->phys_addr,
		 (unsigned long long)back.phys_addr,
		 (unsigned long long)md->num_pages,
		 (unsigned long long)back.num_pages,
		 (unsigned long long)md->attr, (unsigned long long)back.attr,
		 line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct efi_md_info md;
	const char *why = NULL;
	u32 index;

	fz_quiet();
	memcpy(text, data, size);
	text[size] = 0;

	if (efi_md_parse(text, &md) == 0)
		round_trip(7, &md, "efi_md_parse");
	if (efi_md_parse_log_line(text, &index, &md) == 0)
		round_trip(index, &md, "efi_md_parse_log_line");
	if (sim_efi_line_parse(text, &md, &why) == 0) {
		/* Only descriptors inside the 64-bit space print as a closed
		 * range. */
		if (md.num_pages &&
		    md.num_pages <= ((~0ULL - md.phys_addr) >> 12) &&
		    md.phys_addr + (md.num_pages << 12) - 1 >= md.phys_addr)
			round_trip(3, &md, "sim_efi_line_parse");
	} else {
		FZ_CHECK(why && *why, "refused without a reason");
	}
	free(text);
	return 0;
}
