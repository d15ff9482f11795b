/* SPDX-License-Identifier: MIT */
/*
 * The firmware-quirk loader (test only, never on a user's stick): a UEFI
 * application that OVMF boots first.  It reads \EFI\quirks\quirks.cfg, makes
 * OVMF behave like a piece of real firmware that sparsemm must survive (one
 * quirk per word, docs/pc.md "Firmware behaviours"), then loads and starts
 * \EFI\sparsemm\sparsemm.efi with its own load options.
 *
 * Each quirk is one apply function; they run in the fixed order of the
 * table in main.c (allocation patterns first, then copies, then the
 * GetMemoryMap wrappers innermost to outermost, the watchdog last), so any
 * set of quirks composes.  Every quirk prints one "quirks: NAME: ..." line
 * saying what it did; a quirk that cannot be applied stops the loader
 * before sparsemm starts, so a test never passes on a firmware that was
 * not made hostile.
 */
#ifndef QUIRKS_QUIRKS_H
#define QUIRKS_QUIRKS_H

#include <stdbool.h>

#include <efi.h>
#include <efilib.h>

/* Print one line on the firmware console (the serial port under QEMU). */
#define qlog(fmt, ...) Print(L"quirks: " fmt L"\n", ##__VA_ARGS__)

/* acpi_copy.c: every ACPI table copied into pages of 'type'. */
EFI_STATUS quirk_acpi_copy(EFI_MEMORY_TYPE type, const CHAR16 *name);

/* runtime_touch.c: runtime services wrapped by code that reads a
 * boot-services data page first. */
EFI_STATUS quirk_rt_touch_bs(void);

/* memmap_wrap.c: GetMemoryMap wrappers. */
EFI_STATUS quirk_bs_runtime_attr(void);
EFI_STATUS quirk_map_shuffle(UINTN desc_size);

/* alloc_patterns.c: allocations that change the map's shape. */
EFI_STATUS quirk_map_frag(UINTN holes);
EFI_STATUS quirk_lowmem_full(void);

/* Recompute a table header's CRC32 after changing the table. */
void quirk_fix_table_crc(EFI_TABLE_HEADER *hdr);

#endif
