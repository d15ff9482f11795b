/* SPDX-License-Identifier: MIT */
/*
 * The UEFI memory map format as plain integers: memory type numbers,
 * attribute bits, Linux's short type names, and Linux's text form of a
 * descriptor (the `efi: memNN: [...] range=[...] (NMB)` lines printed with
 * efi=debug) together with its inverse.
 *
 * No firmware header is used: the firmware app (efi/) and the host
 * simulator, which reads Linux boot logs, both build this file.  Type
 * constants are prefixed EFI_MT_ so that they never clash with gnu-efi's
 * EFI_MEMORY_TYPE enumerators.  The attribute macros that gnu-efi also
 * defines are spelt with exactly gnu-efi's tokens, so including both headers
 * in either order is a legal identical redefinition.
 */
#ifndef LIB_EFI_MEMTYPE_H
#define LIB_EFI_MEMTYPE_H

#include <lib/types.h>

/* Memory types (UEFI 2.10, EFI_MEMORY_TYPE). */
#define EFI_MT_RESERVED 0
#define EFI_MT_LOADER_CODE 1
#define EFI_MT_LOADER_DATA 2
#define EFI_MT_BOOT_SERVICES_CODE 3
#define EFI_MT_BOOT_SERVICES_DATA 4
#define EFI_MT_RUNTIME_SERVICES_CODE 5
#define EFI_MT_RUNTIME_SERVICES_DATA 6
#define EFI_MT_CONVENTIONAL 7
#define EFI_MT_UNUSABLE 8
#define EFI_MT_ACPI_RECLAIM 9
#define EFI_MT_ACPI_NVS 10
#define EFI_MT_MMIO 11
#define EFI_MT_MMIO_PORT_SPACE 12
#define EFI_MT_PAL_CODE 13
#define EFI_MT_PERSISTENT 14
#define EFI_MT_UNACCEPTED 15
#define EFI_MT_NR 16 /* first number without a name */

/* Attribute bits (UEFI 2.10, EFI_MEMORY_DESCRIPTOR.Attribute). */
#ifndef EFI_MEMORY_UC
#define EFI_MEMORY_UC 0x0000000000000001
#endif
#ifndef EFI_MEMORY_WC
#define EFI_MEMORY_WC 0x0000000000000002
#endif
#ifndef EFI_MEMORY_WT
#define EFI_MEMORY_WT 0x0000000000000004
#endif
#ifndef EFI_MEMORY_WB
#define EFI_MEMORY_WB 0x0000000000000008
#endif
#ifndef EFI_MEMORY_UCE
#define EFI_MEMORY_UCE 0x0000000000000010
#endif
#ifndef EFI_MEMORY_WP
#define EFI_MEMORY_WP 0x0000000000001000
#endif
#ifndef EFI_MEMORY_RP
#define EFI_MEMORY_RP 0x0000000000002000
#endif
#ifndef EFI_MEMORY_XP
#define EFI_MEMORY_XP 0x0000000000004000
#endif
#ifndef EFI_MEMORY_NV
#define EFI_MEMORY_NV 0x0000000000008000
#endif
#ifndef EFI_MEMORY_MORE_RELIABLE
#define EFI_MEMORY_MORE_RELIABLE 0x0000000000010000
#endif
#ifndef EFI_MEMORY_RO
#define EFI_MEMORY_RO 0x0000000000020000
#endif
#ifndef EFI_MEMORY_SP
#define EFI_MEMORY_SP 0x0000000000040000
#endif
#ifndef EFI_MEMORY_CPU_CRYPTO
#define EFI_MEMORY_CPU_CRYPTO 0x0000000000080000
#endif
#ifndef EFI_MEMORY_HOT_PLUGGABLE
#define EFI_MEMORY_HOT_PLUGGABLE 0x0000000000100000
#endif
/* ISA-specific bits 44..59, valid only when ISA_VALID (bit 62) is set. */
#ifndef EFI_MEMORY_ISA_MASK
#define EFI_MEMORY_ISA_MASK 0x0ffff00000000000
#endif
#ifndef EFI_MEMORY_ISA_VALID
#define EFI_MEMORY_ISA_VALID 0x4000000000000000
#endif
#ifndef EFI_MEMORY_RUNTIME
#define EFI_MEMORY_RUNTIME 0x8000000000000000
#endif

/*
 * The bits Linux (v6.x efi_md_typeattr_format) prints as columns.  Any other
 * bit, including HOT_PLUGGABLE and the ISA bits, makes Linux print the
 * whole attribute word as `|attr=0x%016llx]` instead of the columns.
 */
#define EFI_MEMORY_PRINTABLE                                              \
	(EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB |  \
	 EFI_MEMORY_UCE | EFI_MEMORY_RO | EFI_MEMORY_WP | EFI_MEMORY_RP | \
	 EFI_MEMORY_XP | EFI_MEMORY_NV | EFI_MEMORY_SP |                  \
	 EFI_MEMORY_CPU_CRYPTO | EFI_MEMORY_RUNTIME |                     \
	 EFI_MEMORY_MORE_RELIABLE)

#ifndef EFI_PAGE_SHIFT /* gnu-efi defines both too */
#define EFI_PAGE_SHIFT 12
#endif
#ifndef EFI_PAGE_SIZE
#define EFI_PAGE_SIZE 4096
#endif

/* sizeof(EFI_MEMORY_DESCRIPTOR) and what EDK2-based firmware reports. */
#define EFI_MEMDESC_MIN_SIZE 40
#define EFI_MEMDESC_EXPECTED_SIZE 48
#define EFI_MEMDESC_VERSION 1

/* One descriptor as plain values (not the firmware's struct). */
struct efi_md_info {
	u32 type;
	u64 phys_addr;
	u64 num_pages;
	u64 attr;
};

/*
 * Linux's short name of an EFI memory type ("Conventional", "Boot Data",
 * ...), or NULL for a number Linux has no name for (16 and above,
 * including the OEM and OS ranges).
 */
const char *efi_mem_type_name(u32 type);

/*
 * Format type and attributes exactly as Linux's efi_md_typeattr_format:
 * `[%-12s|RUN|MR|CC|SP|NV|XP|RP|WP|RO|UCE|WB|WT|WC|UC]` with blank columns
 * for clear bits, `[type=%u` for an unnamed type, and `|attr=0x%016llx]`
 * when a bit outside EFI_MEMORY_PRINTABLE is set.  Returns the number of
 * characters written (excluding the NUL), truncating to size - 1.
 */
int efi_md_typeattr_format(char *buf, size_t size, u32 type, u64 attr);

/*
 * Format a whole line as Linux's efi_print_memmap does (without the
 * newline): `efi: mem%02u: <typeattr> range=[0x%016llx-0x%016llx] (%lluMB)`,
 * where the range end is inclusive and MB is num_pages >> 8.  Returns the
 * number of characters written, truncating to size - 1.  A line needs at
 * most EFI_MD_LINE_MAX bytes.
 */
#define EFI_MD_LINE_MAX 192
int efi_md_format_line(char *buf, size_t size, u32 index,
		       const struct efi_md_info *md);

/*
 * Parse the text after `efi: memNN: ` (the typeattr part, the range and the
 * size in MB) back into a descriptor.  Accepts today's short names and the
 * long names of older kernels ("Conventional Memory"), `[type=N`, any subset
 * of the attribute columns, `|attr=0x...]`, and trailing whitespace.
 * Returns 0, or -EINVAL when the text is malformed: unknown name or column,
 * a range that is not a whole number of 4 KiB pages, or an MB figure that
 * disagrees with the range.
 */
int efi_md_parse(const char *text, struct efi_md_info *md);

/*
 * Find `efi: memNN: ` in one line of a boot log (timestamps and other
 * prefixes before it are skipped) and parse the rest with efi_md_parse().
 * Returns 0 and sets *index, -ENOENT when the line is not such a line, or
 * -EINVAL when it is but is malformed.
 */
int efi_md_parse_log_line(const char *line, u32 *index, struct efi_md_info *md);

#endif
