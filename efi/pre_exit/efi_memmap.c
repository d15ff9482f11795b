// SPDX-License-Identifier: MIT
/*
 * GetMemoryMap and ExitBootServices.
 *
 * The buffer is sized once, before anything else is allocated late, as the
 * current map plus EFI_MMAP_SPARE_DESCRIPTORS descriptors (Linux's stub
 * raised its slack from 8 to 32 after machines whose maps grew between the
 * calls failed to boot).  Descriptors are always walked by the DescriptorSize
 * the firmware returns, never by sizeof(EFI_MEMORY_DESCRIPTOR): the spec
 * lets the struct grow (UEFI 2.10 §7.2, GetMemoryMap).
 *
 * ExitBootServices (UEFI 2.10 §7.4) fails with EFI_INVALID_PARAMETER when
 * the map changed since the key was issued; the loader must then call
 * GetMemoryMap again and retry, using no boot service but the memory
 * allocation ones in between.  We fetch into the same buffer (no allocation)
 * and give up after EBS_MAX_ATTEMPTS.
 */
#include "efi_memmap.h"
#include "boot.h"

#include <efilib.h>
#include <lib/printk.h>

EFI_STATUS efi_memmap_alloc(void)
{
	UINTN size = 0, key, dsize;
	UINT32 dver;
	EFI_PHYSICAL_ADDRESS buf;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, &dsize,
			       &dver);
	if (st != EFI_BUFFER_TOO_SMALL)
		return EFI_ERROR(st) ? st : EFI_LOAD_ERROR;
	if (dsize < sizeof(EFI_MEMORY_DESCRIPTOR)) {
		pr_err("efi: DescriptorSize %llu is smaller than the UEFI descriptor (%zu bytes); cannot walk the map\n",
		       (unsigned long long)dsize,
		       sizeof(EFI_MEMORY_DESCRIPTOR));
		return EFI_UNSUPPORTED;
	}
	size += EFI_MMAP_SPARE_DESCRIPTORS * dsize;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, EFI_SIZE_TO_PAGES(size), &buf);
	if (EFI_ERROR(st))
		return st;
	boot.map = (void *)(UINTN)buf;
	boot.map_buf_size = EFI_SIZE_TO_PAGES(size) * EFI_PAGE_SIZE;
	return EFI_SUCCESS;
}

EFI_STATUS efi_memmap_fetch(void)
{
	UINTN size = boot.map_buf_size, key = 0, dsize = 0;
	UINT32 dver = 0;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, boot.map, &key,
			       &dsize, &dver);
	if (EFI_ERROR(st))
		return st;
	boot.map_size = size;
	boot.map_key = key;
	boot.desc_size = dsize;
	boot.desc_version = dver;
	return EFI_SUCCESS;
}

u32 efi_memmap_count(void)
{
	return boot.desc_size ? (u32)(boot.map_size / boot.desc_size) : 0;
}

struct efi_md_info efi_memmap_entry(u32 i)
{
	const EFI_MEMORY_DESCRIPTOR *d =
		(const void *)((const u8 *)boot.map + (u64)i * boot.desc_size);

	return (struct efi_md_info){ .type = d->Type,
				     .phys_addr = d->PhysicalStart,
				     .num_pages = d->NumberOfPages,
				     .attr = d->Attribute };
}

void efi_memmap_print(void)
{
	char line[EFI_MD_LINE_MAX];
	u32 n = efi_memmap_count();

	for (u32 i = 0; i < n; i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		efi_md_format_line(line, sizeof(line), i, &md);
		printk(KERN_INFO "%s\n", line);
	}
}

EFI_STATUS efi_exit_boot_services(EFI_HANDLE image)
{
	EFI_STATUS st = EFI_SUCCESS;

	for (unsigned int attempt = 1; attempt <= EBS_MAX_ATTEMPTS; attempt++) {
		st = efi_memmap_fetch();
		if (EFI_ERROR(st)) {
			pr_err("ExitBootServices: GetMemoryMap failed with status %#llx (buffer %llu bytes)\n",
			       (unsigned long long)st,
			       (unsigned long long)boot.map_buf_size);
			return st;
		}
		if (boot.cfg.selftest == SELFTEST_EBS_RETRY && attempt == 1) {
			/* Change the map after the key was issued, as a
			 * firmware event or driver might: the key goes stale. */
			EFI_PHYSICAL_ADDRESS page;

			uefi_call_wrapper(BS->AllocatePages, 4,
					  AllocateAnyPages, EfiBootServicesData,
					  1, &page);
			pr_info("ExitBootServices: selftest=ebs_retry: allocated a page after GetMemoryMap\n");
		}
		boot.ebs_attempts = attempt;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image,
				       boot.map_key);
		if (st == EFI_SUCCESS) {
			boot.boot_services_exited = true;
			pr_info("ExitBootServices: ok on attempt %u (map key %#llx, %u descriptors of %llu bytes)\n",
				attempt, (unsigned long long)boot.map_key,
				efi_memmap_count(),
				(unsigned long long)boot.desc_size);
			return st;
		}
		if (st != EFI_INVALID_PARAMETER)
			break;
		pr_info("ExitBootServices: retry %u: map key %#llx is stale, fetching the map again into the same buffer\n",
			attempt, (unsigned long long)boot.map_key);
	}
	pr_err("ExitBootServices: failed after %u attempts (status %#llx)\n",
	       boot.ebs_attempts, (unsigned long long)st);
	return st;
}
