/* SPDX-License-Identifier: MIT */
/*
 * The simulator's input: a machine's memory map read from a file in one of
 * the formats users have, as an array of struct fw_map_entry in firmware
 * order (exactly what efi/ hands to mm_map_setup() on the machine), plus
 * what else the file tells about the machine:
 *
 *   - NUMA node ranges (a boot log's SRAT lines, or the JSON "numa" list);
 *   - Linux's own results, kept verbatim for --compare (BIOS-e820 lines,
 *     Zone ranges, Early memory node ranges, ...);
 *   - Linux's own later edits of its e820 table (`e820: update`,
 *     `e820: remove`, `user-defined physical RAM map:`) and its command
 *     line, for the simulator to say which it reproduces and which not.
 *
 * Formats (docs/simulator.md):
 *   bootlog     a Linux boot log: the `efi: memNN:` lines, else the
 *               `BIOS-e820:` lines; also sparsemm's own saved map file and
 *               its serial log, which use the same `efi: memNN:` lines
 *   uefi-shell  the UEFI shell's `memmap` command output
 *   json        {"version":1,"entries":[...]} as documented
 *
 * Every parser reports the first problem as "FILE:LINE: message" (JSON:
 * "FILE:LINE:COL: message") in m->error and returns -EINVAL.  A file
 * without a single map entry is an error.  Host-only code (libc).
 */
#ifndef SIM_PARSE_SIM_MAP_H
#define SIM_PARSE_SIM_MAP_H

#include <lib/efi_memtype.h>
#include <lib/types.h>
#include <mm/fw_map.h>
#include <stddef.h>

enum sim_format {
	SIM_FMT_AUTO,
	SIM_FMT_BOOTLOG,
	SIM_FMT_UEFI_SHELL,
	SIM_FMT_JSON,
	SIM_FMT_NR
};

/* One node's range, [start, end). */
struct sim_node_range {
	int node;
	u64 start, end;
	unsigned int line; /* where it was read; 0 for none */
};

/* Linux lines kept verbatim for --compare (see maps/linux_ref.h). */
enum linux_ref_kind {
	LREF_BIOS_E820, /* BIOS-e820: [mem ...] type */
	LREF_USER_E820, /* user: [mem ...] type (after mem=/memmap=) */
	LREF_ZONE_RANGE, /*   DMA      [mem ...] (under Zone ranges:) */
	LREF_NODE_RANGE, /*   node   0: [mem ...] (Early memory node ranges) */
	LREF_INITMEM, /* Initmem setup node N [mem ...] */
	LREF_UNAVAILABLE, /* On node N, zone X: N pages in unavailable ranges */
	LREF_NR_KINDS
};

struct linux_ref_line {
	enum linux_ref_kind kind;
	unsigned int line;
	char *text; /* from the message start on, log prefix removed */
};

/* A Linux edit of its e820 table, as printed in its boot log. */
enum linux_edit_kind {
	LEDIT_UPDATE, /* e820: update [mem a-b] old ==> new */
	LEDIT_REMOVE, /* e820: remove [mem a-b] old */
	LEDIT_USER_MAP, /* user-defined physical RAM map: */
};

struct linux_edit {
	enum linux_edit_kind kind;
	unsigned int line;
	u64 start, end; /* [start, end); 0, 0 for LEDIT_USER_MAP */
	char old_type[24], new_type[24];
	char *text;
};

struct sim_map {
	const char *path; /* for messages; not owned */
	enum sim_format format;
	enum memmap_source source;
	const char *source_name; /* "efi: memNN lines", "BIOS-e820 lines", ... */

	struct fw_map_entry *entries; /* firmware order */
	unsigned int *entry_line; /* input line of each entry */
	unsigned int nr, cap;
	u64 desc_size; /* 0 when the input does not say */
	u32 desc_version; /* 0 when the input does not say */
	unsigned int phys_bits; /* from the input (JSON); 0 = unknown */

	struct sim_node_range *numa;
	unsigned int nr_numa, cap_numa;
	const char *numa_source; /* "SRAT", "Initmem setup node", "json" */
	/* Nodes a boot log names without memory ("Initmem setup node N as
	 * memoryless"), and nodes with CPUs ("SRAT: PXM P -> APIC A -> Node
	 * N"): one bit per node. */
	u64 memoryless_nodes;
	u64 cpu_nodes;

	struct linux_ref_line *ref;
	unsigned int nr_ref, cap_ref;
	struct linux_edit *edits;
	unsigned int nr_edits, cap_edits;
	/* `Linux version X.Y...`: 0, 0 when the log does not say */
	unsigned int linux_major, linux_minor;
	char *cmdline; /* Linux's `Command line:` text, NULL if none */
	unsigned int cmdline_line;
	/* later listings of the EFI map (Linux prints it again after
	 * SetVirtualAddressMap): first line of the first ignored one */
	unsigned int ignored_listing_line;

	/* parse-time diagnostics (map.unaligned_size from byte ranges) */
	struct map_diag_sink diags;

	char error[512];
};

void sim_map_init(struct sim_map *m, const char *path);
void sim_map_free(struct sim_map *m);

/* "auto", "bootlog", "uefi-shell", "json"; NULL for a bad value. */
const char *sim_format_name(enum sim_format f);
/* Returns the format for a --format name, or -EINVAL. */
int sim_format_from_name(const char *name);

/*
 * Guess the format of text: JSON when the first non-blank character is
 * '{'; uefi-shell when a line starts with the memmap header ("Type" and
 * "Start" and "Attributes") or looks like one of its entry rows; bootlog
 * otherwise (its parser says so when it finds no map lines).
 */
enum sim_format sim_format_detect(const char *text, size_t len);

/*
 * Parse text (len bytes, need not be NUL-terminated) in format fmt
 * (SIM_FMT_AUTO: detect).  m->path names the input in messages.
 * Returns 0, -EINVAL with m->error set, or -ENOMEM.
 */
int sim_map_parse_text(struct sim_map *m, const char *text, size_t len,
		       enum sim_format fmt);

/* Read the file at m->path and parse it.  -ENOENT etc. with m->error set
 * when it cannot be read. */
int sim_map_load(struct sim_map *m, enum sim_format fmt);

/* ---- for the parsers ----------------------------------------------------- */

int sim_map_parse_bootlog(struct sim_map *m, const char *text, size_t len);
int sim_map_parse_uefi_shell(struct sim_map *m, const char *text, size_t len);
int sim_map_parse_json(struct sim_map *m, const char *text, size_t len);

/*
 * Walk text line by line: *line is a NUL-terminated copy without the
 * line ending (CR LF or LF), it->line its 1-based number.  Returns false
 * at the end.  Call sim_lines_end() to free the buffer.
 */
struct sim_lines {
	const char *p, *end;
	unsigned int line;
	char *buf;
	size_t cap;
};
void sim_lines_begin(struct sim_lines *it, const char *text, size_t len);
bool sim_lines_next(struct sim_lines *it, char **line);
void sim_lines_end(struct sim_lines *it);

/* Record an error "PATH:LINE[:COL]: ..." (col 0: none); returns -EINVAL. */
int sim_map_error(struct sim_map *m, unsigned int line, unsigned int col,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Append one EFI descriptor (classified with fw_map_entry_from_efi). */
int sim_map_add_efi(struct sim_map *m, unsigned int line, u32 efi_type,
		    u64 start, u64 pages, u64 attr);
/* Append a byte range of an fw_mem_type (fw_map_entry_from_range). */
int sim_map_add_range(struct sim_map *m, unsigned int line, u32 fw_type,
		      u32 src_type, u64 start, u64 size);
int sim_map_add_node(struct sim_map *m, unsigned int line, int node, u64 start,
		     u64 end);
int sim_map_add_ref(struct sim_map *m, enum linux_ref_kind kind,
		    unsigned int line, const char *text);
int sim_map_add_edit(struct sim_map *m, const struct linux_edit *e,
		     const char *text);

/*
 * The EFI memory type for a name as the UEFI shell or Linux prints it
 * ("Available", "BS_Data", "Conventional Memory", "Boot Data", ...; case
 * and surrounding blanks ignored); -1 when unknown.
 */
int sim_efi_type_from_name(const char *name, size_t len);

/*
 * Parse the text after `efi: memNN: ` in any form Linux has printed it:
 * today's (as efi_md_parse), older kernels' long names, attribute columns
 * of any number and order, ranges with an exclusive end `[a-b)`, and the
 * v3.x form `type=N, attr=0xA, range=[a-b) (NMB)`.  Returns 0 or -EINVAL
 * with a reason in *why.
 */
int sim_efi_line_parse(const char *text, struct efi_md_info *md,
		       const char **why);

#endif
