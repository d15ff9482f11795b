/* SPDX-License-Identifier: MIT */
/*
 * What efi/suites/fwcheck.c (the table of results, the map helpers, the
 * GetMemoryMap cases, the run) shares with efi/suites/fwcheck_alloc.c (the
 * AllocatePages, FreePages and pool cases).  Firmware side only.
 */
#ifndef EFI_FWCHECK_INTERNAL_H
#define EFI_FWCHECK_INTERNAL_H

#include <efi.h>
#include <lib/ktap.h>
#include <lib/types.h>

#define FWCHECK_DIAG_MAX 240 /* ktap_diag() prints up to 255 */

/* fwc_type_at() answers that are not memory types. */
#define TYPE_NONE 0xffffffffu /* no descriptor holds the address */
#define TYPE_SPLIT 0xfffffffeu /* the range runs past that descriptor */

/* What the map looked like around one allocation or free. */
struct fw_op {
	EFI_STATUS st;
	u64 addr;
	u32 before; /* type of the range before the call (TYPE_*) */
	u32 after; /* and after it */
};

/* Record case 'name' with its one-line diagnostic. */
void fwc_record(const char *name, enum ktap_result r, const char *fmt, ...)
	__printf(3, 4);

static inline enum ktap_result fwc_ok_if(bool cond)
{
	return cond ? KTAP_OK : KTAP_NOT_OK;
}

/* "INVALID_PARAMETER", ...; "status 0x..." for the rest. */
const char *fwc_status_name(EFI_STATUS st);
/* Linux's type name, "type 0x..." or what TYPE_NONE/TYPE_SPLIT mean. */
const char *fwc_type_name(u32 type);

/* Over boot.map as last fetched. */
u32 fwc_type_at(u64 addr, u64 pages);
bool fwc_free_below(u64 limit, u64 pages);

/*
 * AllocatePages/FreePages with the map fetched before and after and the
 * map key checked (counted for the map_key_changes case).
 */
struct fw_op fwc_alloc(EFI_ALLOCATE_TYPE how, u32 type, u64 pages, u64 addr);
struct fw_op fwc_free(u64 addr, u64 pages);
/* FreePages expected to fail: no map bookkeeping. */
EFI_STATUS fwc_free_pages(u64 addr, u64 pages);

/* fwcheck_alloc.c: every AllocatePages, FreePages and pool case, in order. */
void fwcheck_alloc_cases(void);

#endif
