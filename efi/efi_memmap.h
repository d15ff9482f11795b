/* SPDX-License-Identifier: MIT */
/*
 * The firmware memory map on the firmware side: fetching it, the one
 * descriptor accessor, and the handshake with ExitBootServices.
 */
#ifndef EFI_EFI_MEMMAP_H
#define EFI_EFI_MEMMAP_H

#include <efi.h>
#include <lib/efi_memtype.h>
#include <lib/types.h>

/* The spare room Linux's stub leaves for the map growing under us. */
#define EFI_MMAP_SPARE_DESCRIPTORS 32
#define EBS_MAX_ATTEMPTS 3

/* Allocate boot.map with room for EFI_MMAP_SPARE_DESCRIPTORS more than the
 * map needs now.  Before ExitBootServices only. */
EFI_STATUS efi_memmap_alloc(void);
/* GetMemoryMap into boot.map; never allocates (safe between
 * ExitBootServices attempts). */
EFI_STATUS efi_memmap_fetch(void);
/* Number of descriptors in boot.map. */
u32 efi_memmap_count(void);
/* The one accessor: descriptor i, walked by boot.desc_size. */
struct efi_md_info efi_memmap_entry(u32 i);
/* Print every descriptor as Linux's `efi: memNN:` lines. */
void efi_memmap_print(void);
/*
 * ExitBootServices with the map-key handshake: fetch the map, exit, and on
 * EFI_INVALID_PARAMETER fetch again into the same buffer and retry, at most
 * EBS_MAX_ATTEMPTS times.  The firmware console must already be detached:
 * after the first attempt no boot service but the memory ones may be used.
 */
EFI_STATUS efi_exit_boot_services(EFI_HANDLE image);

#endif
