/* SPDX-License-Identifier: MIT */
/*
 * Results that survive the run (docs/pc.md, "Where the reports go"):
 *
 *   before ExitBootServices  report_export() writes a report an earlier run
 *                            left in UEFI variables to the boot volume;
 *                            report_map_file_write() writes this run's
 *                            firmware map and machine identity there
 *   at the end of the run    report_store() keeps the log in UEFI
 *                            variables (lib/report_vars.h) for the next boot
 *
 * Files go to \EFI\sparsemm\reports\ on the volume sparsemm was loaded
 * from.  None of these is fatal: a read-only stick or a full variable store
 * is reported and the run goes on.
 */
#ifndef EFI_REPORT_H
#define EFI_REPORT_H

#include "boot.h"

#include <efi.h>
#include <efilib.h>
#include <lib/report_vars.h>

#define REPORTS_DIR_NAME "\\EFI\\sparsemm\\reports"

/* Variables are non-volatile and readable from the OS (UEFI 2.10 §8.2:
 * NV needs BS too; RT is what lets SetVariable work after ExitBootServices
 * and Linux's efivarfs see them). */
#define REPORT_VAR_ATTRS                                               \
	(EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | \
	 EFI_VARIABLE_RUNTIME_ACCESS)

extern EFI_GUID report_vendor_guid;

/* report_files.c, before ExitBootServices */

/* Open (creating as needed) \EFI\sparsemm\reports on the given volume. */
EFI_STATUS report_dir_open(EFI_HANDLE device, EFI_FILE_HANDLE *dir);
/* Create or replace 'name' in dir with len bytes of data. */
EFI_STATUS report_file_write(EFI_FILE_HANDLE dir, const char *name,
			     const void *data, UINTN len);
/* Write <date>-<machine>-map.txt: identity and the `efi: memNN:` lines. */
void report_map_file_write(EFI_LOADED_IMAGE *li);

/* report_files.c, any time */

/* A short explanation of a status, for messages ("the volume is
 * write-protected"). */
const char *efi_status_text(EFI_STATUS st);
/* GetTime's answer as "YYYYMMDD-HHMMSS" (zeros unless st is EFI_SUCCESS):
 * RT->GetTime before ExitBootServices, efi_rt_get_time after. */
void report_date_format(char date[RV_DATE_LEN], EFI_STATUS st,
			const EFI_TIME *t);
/* ASCII name into UCS-2, for file and variable names. */
void ascii_to_ucs2(CHAR16 *dst, size_t n, const char *src);

/* report_store.c: after ExitBootServices, from sparsemm_finish(). */
void report_store(enum verdict v);

/* report_export.c: early in efi_main, boot services still up. */
void report_export(EFI_LOADED_IMAGE *li);

#endif
