// SPDX-License-Identifier: MIT
/*
 * The firmware side of ACPI: hand the tables the firmware published to
 * lib/acpi.c.
 *
 * efi_main found the RSDP in the configuration table (ACPI 2.0 GUID, then
 * 1.0) and left its physical address in boot.rsdp.  Tables belong in ACPI
 * Reclaim / ACPI NVS memory, which sparsemm's page tables identity-map from
 * the start, but real firmware puts them anywhere: Reserved memory, boot-
 * services data, loader data (docs/pc.md, quirks acpi-reserved and
 * acpi-bsdata).  So the map function identity-maps whatever a table needs
 * and nothing maps yet, as Linux's early_memremap does, and says so once
 * per range.  A table's virtual address is its physical address.
 *
 * The map function refuses a range that the firmware memory map does not
 * describe: a corrupt RSDT/XSDT entry must produce a message, not a page
 * fault on an unmapped address.
 *
 * acpi_efi_reserve() keeps the tables out of the allocator: Linux's
 * reservation of every listed table (acpi_reserve_tables), plus the RSDP
 * and the root table when they lie in RAM; Linux lets those two be reused
 * once parsed, sparsemm checks their checksums at the end of the run.
 */
#include "boot.h"
#include "efi_memmap.h"
#include "post_exit/paging.h"

#include <lib/acpi.h>
#include <lib/printk.h>
#include <mm/memblock.h>

/* Is [pa, pa + len) covered, without gaps, by firmware map descriptors? */
static bool described_by_memmap(phys_addr_t pa, size_t len)
{
	phys_addr_t end = pa + len;
	u32 n = efi_memmap_count();
	bool progress = true;

	if (!boot.map)
		return true; /* no map to judge by: trust the firmware */
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

/* The EFI type of the descriptor holding pa (EFI_MT_NR if none). */
static u32 efi_type_at(phys_addr_t pa)
{
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		if (pa >= md.phys_addr &&
		    pa - md.phys_addr < md.num_pages * EFI_PAGE_SIZE)
			return md.type;
	}
	return EFI_MT_NR;
}

static const void *acpi_identity_map(phys_addr_t pa, size_t len)
{
	long added;

	if (!pa || pa + len < pa)
		return NULL;
	if (!described_by_memmap(pa, len)) {
		pr_err("ACPI: [mem %#018llx-%#018llx] is not in the firmware memory map: not read\n",
		       (unsigned long long)pa,
		       (unsigned long long)(pa + len - 1));
		return NULL;
	}
	added = paging_map_identity_missing(pa, len);
	if (added < 0) {
		pr_err("ACPI: [mem %#018llx-%#018llx] cannot be mapped (%ld): not read\n",
		       (unsigned long long)pa,
		       (unsigned long long)(pa + len - 1), added);
		return NULL;
	}
	if (added) {
		const char *type = efi_mem_type_name(efi_type_at(pa));

		pr_info("ACPI: table memory [mem %#018llx-%#018llx] lies in %s memory, not ACPI Reclaim/NVS: mapped on demand\n",
			(unsigned long long)pa,
			(unsigned long long)(pa + len - 1),
			type ? type : "undescribed");
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

static void reserve_if_ram(const char *what, phys_addr_t pa, u64 len)
{
	if (!pa || !len || !memblock_is_region_memory(pa, len) ||
	    memblock_is_region_reserved(pa, len))
		return;
	pr_info("ACPI: %s at [mem %#018llx-%#018llx] lies in RAM: reserved (sparsemm checks it at the end of the run)\n",
		what, (unsigned long long)pa,
		(unsigned long long)(pa + len - 1));
	memblock_reserve(pa, len);
}

void acpi_efi_reserve(void)
{
	const struct acpi_table_desc *root = acpi_table_at(0);
	const struct acpi_table_rsdp *rsdp = (const void *)(uintptr_t)boot.rsdp;

	acpi_reserve_tables(memblock_reserve);
	if (!root)
		return;
	reserve_if_ram("RSDP", boot.rsdp,
		       rsdp->revision >= 2 ? rsdp->length : 20);
	reserve_if_ram(root->signature, root->address, root->length);
}
