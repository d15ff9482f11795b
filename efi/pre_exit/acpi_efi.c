// SPDX-License-Identifier: MIT
/*
 * The firmware side of ACPI: hand the tables the firmware published to
 * lib/acpi.c.
 *
 * efi_main found the RSDP in the configuration table (ACPI 2.0 GUID, then
 * 1.0) and left its physical address in boot.rsdp.  ACPI tables live in
 * ACPI Reclaim / ACPI NVS (sometimes Reserved) memory, which firmware never
 * moves: they stay where they are after ExitBootServices, and both the
 * firmware's page tables and sparsemm's own identity-map them.  So no boot
 * service is needed, before or after ExitBootServices, and a table's
 * virtual address is its physical address.
 *
 * The map function still refuses a range that the firmware memory map does
 * not describe: a corrupt RSDT/XSDT entry must produce a message, not a
 * page fault on an unmapped address.
 */
#include "boot.h"
#include "efi_memmap.h"

#include <lib/acpi.h>
#include <lib/printk.h>

/* Is [pa, pa + len) covered, without gaps, by firmware map descriptors? */
static bool described_by_memmap(phys_addr_t pa, size_t len)
{
	phys_addr_t end = pa + len;
	u32 n = efi_memmap_count();
	bool progress = true;

	if (!boot.map)
		return true;	/* no map to judge by: trust the firmware */
	while (pa < end && progress) {
		progress = false;
		for (u32 i = 0; i < n; i++) {
			struct efi_md_info md = efi_memmap_entry(i);
			u64 md_end = md.phys_addr + (md.num_pages << 12);

			if (pa >= md.phys_addr && pa < md_end) {
				pa = md_end;
				progress = true;
				break;
			}
		}
	}
	return pa >= end;
}

static const void *acpi_identity_map(phys_addr_t pa, size_t len)
{
	if (!pa || pa + len < pa)
		return NULL;
	if (!described_by_memmap(pa, len)) {
		pr_err("ACPI: [mem %#018llx-%#018llx] is not in the firmware memory map: not read\n",
		       (unsigned long long)pa,
		       (unsigned long long)(pa + len - 1));
		return NULL;
	}
	return (const void *)(uintptr_t)pa;
}

int acpi_efi_init(void)
{
	return acpi_tables_init(boot.rsdp, acpi_identity_map);
}

/*
 * Before ExitBootServices, one table without the table list (the serial
 * console's SPCR, efi/pre_exit/serial_select.c): the firmware's page
 * tables identity-map every table then, so nothing is mapped here; ranges
 * the firmware map does not describe are still refused.  The full list is
 * built after ExitBootServices by acpi_efi_init(), as before.
 */
static const void *acpi_firmware_map(phys_addr_t pa, size_t len)
{
	if (!pa || pa + len < pa || !described_by_memmap(pa, len))
		return NULL;
	return (const void *)(uintptr_t)pa;
}

const struct acpi_table_header *acpi_efi_find_early(const char *sig, u32 *len)
{
	return acpi_find_table(boot.rsdp, acpi_firmware_map, sig, len);
}
