// SPDX-License-Identifier: MIT
/*
 * Quirks acpi-reserved and acpi-bsdata: every ACPI table moved out of ACPI
 * Reclaim/NVS memory.
 *
 * Firmware puts its tables where it likes: coreboot keeps them in CBMEM,
 * which its UEFI payloads report as reserved memory; a payload that
 * reports that region as boot-services data lets the OS reuse it (see
 * docs/pc.md, "Firmware behaviours").  The RSDP, XSDT, RSDT, every table they list and the FACS
 * and DSDT that the FADT points at are copied into one block of pages of
 * the requested type below 4 GiB (the RSDT and the FADT's 32-bit fields
 * hold 32-bit addresses), every pointer between them is rewritten, the
 * checksums are recomputed, and both configuration-table entries (ACPI
 * 2.0 and 1.0 GUIDs) are replaced with InstallConfigurationTable.  The
 * originals stay where they were, unreferenced.
 */
#include "quirks.h"

#define MAX_TABLES 64
#define BLOCK_PAGES 64 /* 256 KiB: QEMU's tables take ~8 KiB */

struct moved {
	UINT64 from, to;
};

static UINT8 *block;
static UINTN used;
static struct moved moved[MAX_TABLES];
static UINTN nr_moved;

static UINT32 get32(const UINT8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (UINT32)p[3] << 24;
}

static UINT64 get64(const UINT8 *p)
{
	return get32(p) | (UINT64)get32(p + 4) << 32;
}

static void put32(UINT8 *p, UINT32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (UINT8)(v >> (8 * i));
}

static void put64(UINT8 *p, UINT64 v)
{
	put32(p, (UINT32)v);
	put32(p + 4, (UINT32)(v >> 32));
}

static UINT8 checksum(const UINT8 *p, UINTN len)
{
	UINT8 sum = 0;

	for (UINTN i = 0; i < len; i++)
		sum += p[i];
	return sum;
}

/* The copy of the table at 'from' (len bytes), made once. */
static UINT8 *copy_of(UINT64 from, UINTN len)
{
	UINT8 *to;

	for (UINTN i = 0; i < nr_moved; i++)
		if (moved[i].from == from)
			return (UINT8 *)(UINTN)moved[i].to;
	used = (used + 63) & ~(UINTN)63; /* the FACS wants 64 */
	if (nr_moved == MAX_TABLES || used + len > BLOCK_PAGES * EFI_PAGE_SIZE)
		return NULL;
	to = block + used;
	CopyMem(to, (void *)(UINTN)from, len);
	used += len;
	moved[nr_moved++] = (struct moved){ from, (UINT64)(UINTN)to };
	return to;
}

static UINT8 *copy_sdt(UINT64 from)
{
	if (!from)
		return NULL;
	return copy_of(from, get32((const UINT8 *)(UINTN)from + 4));
}

static void fix_sdt_checksum(UINT8 *t)
{
	t[9] = 0;
	t[9] = (UINT8)-checksum(t, get32(t + 4));
}

/* FADT: FIRMWARE_CTRL @36, DSDT @40, X_FIRMWARE_CTRL @132, X_DSDT @140. */
static EFI_STATUS move_fadt_pointers(UINT8 *fadt)
{
	UINT32 len = get32(fadt + 4);
	UINT64 facs = get32(fadt + 36), dsdt = get32(fadt + 40);
	UINT8 *nf = NULL, *nd = NULL;

	/* The 64-bit fields, when present and set, win (ACPI 6.5 §5.2.9). */
	if (len >= 148 && get64(fadt + 132))
		facs = get64(fadt + 132);
	if (len >= 148 && get64(fadt + 140))
		dsdt = get64(fadt + 140);
	if (facs && !(nf = copy_of(facs, get32((UINT8 *)(UINTN)facs + 4))))
		return EFI_OUT_OF_RESOURCES;
	if (dsdt && !(nd = copy_sdt(dsdt)))
		return EFI_OUT_OF_RESOURCES;
	if (nf && get32(fadt + 36))
		put32(fadt + 36, (UINT32)(UINTN)nf);
	if (nd && get32(fadt + 40))
		put32(fadt + 40, (UINT32)(UINTN)nd);
	if (len >= 148) {
		if (nf && get64(fadt + 132))
			put64(fadt + 132, (UINT64)(UINTN)nf);
		if (nd && get64(fadt + 140))
			put64(fadt + 140, (UINT64)(UINTN)nd);
	}
	fix_sdt_checksum(fadt);
	return EFI_SUCCESS;
}

/* Copy every table an RSDT (entry 4 bytes) or XSDT (8) lists. */
static EFI_STATUS move_entries(UINT8 *sdt, UINTN entry_size)
{
	UINT32 len = get32(sdt + 4);

	for (UINTN off = 36; off + entry_size <= len; off += entry_size) {
		UINT64 pa = entry_size == 8 ? get64(sdt + off) :
					      get32(sdt + off);
		UINT8 *t;

		if (!pa)
			continue;
		t = copy_sdt(pa);
		if (!t)
			return EFI_OUT_OF_RESOURCES;
		if (t[0] == 'F' && t[1] == 'A' && t[2] == 'C' && t[3] == 'P') {
			EFI_STATUS st = move_fadt_pointers(t);

			if (EFI_ERROR(st))
				return st;
		}
		if (entry_size == 8)
			put64(sdt + off, (UINT64)(UINTN)t);
		else
			put32(sdt + off, (UINT32)(UINTN)t);
	}
	fix_sdt_checksum(sdt);
	return EFI_SUCCESS;
}

/* A moved copy of the RSDP at 'rsdp' with its RSDT and XSDT moved. */
static EFI_STATUS move_rsdp(UINT64 rsdp, UINT8 **out)
{
	UINT8 *r = (UINT8 *)(UINTN)rsdp, *n;
	UINTN len = r[15] >= 2 ? get32(r + 20) : 20;
	UINT8 *rsdt, *xsdt;
	EFI_STATUS st;

	for (UINTN i = 0; i < nr_moved; i++)
		if (moved[i].from == rsdp) {
			*out = (UINT8 *)(UINTN)moved[i].to;
			return EFI_SUCCESS;
		}
	n = copy_of(rsdp, len);
	if (!n)
		return EFI_OUT_OF_RESOURCES;
	rsdt = copy_sdt(get32(r + 16));
	if (rsdt) {
		st = move_entries(rsdt, 4);
		if (EFI_ERROR(st))
			return st;
		put32(n + 16, (UINT32)(UINTN)rsdt);
	}
	if (r[15] >= 2) {
		xsdt = copy_sdt(get64(r + 24));
		if (xsdt) {
			st = move_entries(xsdt, 8);
			if (EFI_ERROR(st))
				return st;
			put64(n + 24, (UINT64)(UINTN)xsdt);
		}
	}
	/* The first 20 bytes, then the whole (v2) structure, which
	 * includes the first checksum. */
	n[8] = 0;
	n[8] = (UINT8)-checksum(n, 20);
	if (r[15] >= 2) {
		n[32] = 0;
		n[32] = (UINT8)-checksum(n, len);
	}
	*out = n;
	return EFI_SUCCESS;
}

EFI_STATUS quirk_acpi_copy(EFI_MEMORY_TYPE type, const CHAR16 *name)
{
	EFI_GUID guids[2] = { ACPI_20_TABLE_GUID, ACPI_TABLE_GUID };
	const CHAR16 *guid_names[2] = { L"ACPI 2.0", L"ACPI 1.0" };
	EFI_PHYSICAL_ADDRESS addr = 0xffffffff;
	UINTN replaced = 0;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, type,
			       BLOCK_PAGES, &addr);
	if (EFI_ERROR(st))
		return st;
	block = (UINT8 *)(UINTN)addr;
	ZeroMem(block, BLOCK_PAGES * EFI_PAGE_SIZE);
	for (int g = 0; g < 2; g++) {
		for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
			EFI_CONFIGURATION_TABLE *ct =
				&ST->ConfigurationTable[i];
			UINT8 *n;

			if (CompareGuid(&ct->VendorGuid, &guids[g]))
				continue;
			st = move_rsdp((UINT64)(UINTN)ct->VendorTable, &n);
			if (EFI_ERROR(st))
				return st;
			qlog(L"%s: %s RSDP %lx -> %lx", name, guid_names[g],
			     (UINT64)(UINTN)ct->VendorTable, (UINT64)(UINTN)n);
			st = uefi_call_wrapper(BS->InstallConfigurationTable, 2,
					       &guids[g], n);
			if (EFI_ERROR(st))
				return st;
			replaced++;
			break;
		}
	}
	if (!replaced) {
		qlog(L"%s: the firmware publishes no RSDP", name);
		return EFI_NOT_FOUND;
	}
	qlog(L"%s: %lu tables (RSDP, RSDT/XSDT, FADT's FACS and DSDT included) copied to [mem %016lx-%016lx], EFI type %d; checksums fixed",
	     name, (UINT64)nr_moved, addr,
	     addr + BLOCK_PAGES * EFI_PAGE_SIZE - 1, (int)type);
	return EFI_SUCCESS;
}
