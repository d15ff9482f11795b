// SPDX-License-Identifier: MIT
/*
 * Quirks that change what GetMemoryMap returns: bs-runtime-attr,
 * map-shuffle (DescriptorSize 64) and map-shuffle80 (80).
 *
 * Each wraps BS->GetMemoryMap (the boot services table's CRC recomputed)
 * and calls the function it replaced, so they stack: bs-runtime-attr is
 * applied first and sits innermost, the shuffle outermost.  The wrappers
 * live in this image (EfiLoaderCode), which is fine: GetMemoryMap is a boot
 * service and nobody calls it after ExitBootServices.
 *
 * bs-runtime-attr: firmware that flags boot-services memory
 * EFI_MEMORY_RUNTIME (Linux's efi_free_boot_services keeps such ranges:
 * "someone else owns it").  Sixteen EfiBootServicesData pages are
 * allocated in the middle of a free range, so they are a descriptor of
 * their own, and that descriptor is reported with EFI_MEMORY_RUNTIME.
 *
 * map-shuffle: descriptors in a scrambled order (UEFI does not promise
 * any order) and a DescriptorSize larger than EFI_MEMORY_DESCRIPTOR (the
 * spec lets it grow; edk2 already returns 48 for the 40-byte struct so
 * that callers honour DescriptorSize).  The padding is filled with 0xa5,
 * not zeros.
 */
#include "quirks.h"

#define PRIVATE_MAP_BYTES (512 * 1024)
#define RUNTIME_BS_PAGES 16

typedef EFI_STATUS(EFIAPI *get_memory_map_fn)(UINTN *, EFI_MEMORY_DESCRIPTOR *,
					      UINTN *, UINTN *, UINT32 *);

static get_memory_map_fn inner_bs_runtime, inner_shuffle;
static EFI_PHYSICAL_ADDRESS runtime_bs_start;
static UINTN shuffle_desc_size;
static UINT8 private_map[PRIVATE_MAP_BYTES];

static EFI_STATUS EFIAPI get_memory_map_bs_runtime(UINTN *size,
						   EFI_MEMORY_DESCRIPTOR *map,
						   UINTN *key, UINTN *dsize,
						   UINT32 *dver)
{
	EFI_STATUS st = inner_bs_runtime(size, map, key, dsize, dver);

	if (EFI_ERROR(st))
		return st;
	for (UINTN off = 0; off + *dsize <= *size; off += *dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((UINT8 *)map + off);

		if (d->Type == EfiBootServicesData &&
		    d->PhysicalStart == runtime_bs_start)
			d->Attribute |= EFI_MEMORY_RUNTIME;
	}
	return st;
}

static void install(get_memory_map_fn wrapper, get_memory_map_fn *inner)
{
	*inner = (get_memory_map_fn)BS->GetMemoryMap;
	BS->GetMemoryMap = (EFI_GET_MEMORY_MAP)wrapper;
	quirk_fix_table_crc(&BS->Hdr);
}

/* The middle of the largest free range below 4 GiB, 2 MiB aligned. */
static EFI_STATUS pick_free_middle(EFI_PHYSICAL_ADDRESS *out)
{
	UINTN size = sizeof(private_map), key, dsize;
	UINT32 dver;
	UINT64 best = 0, best_pages = 0;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
			       (EFI_MEMORY_DESCRIPTOR *)private_map, &key,
			       &dsize, &dver);
	if (EFI_ERROR(st))
		return st;
	for (UINTN off = 0; off + dsize <= size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)(private_map + off);

		if (d->Type == EfiConventionalMemory &&
		    d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE <=
			    0x100000000ULL &&
		    d->NumberOfPages > best_pages) {
			best = d->PhysicalStart;
			best_pages = d->NumberOfPages;
		}
	}
	if (best_pages < 2048)
		return EFI_OUT_OF_RESOURCES;
	*out = (best + best_pages * EFI_PAGE_SIZE / 2) & ~0x1fffffULL;
	return EFI_SUCCESS;
}

EFI_STATUS quirk_bs_runtime_attr(void)
{
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st = pick_free_middle(&addr);

	if (EFI_ERROR(st))
		return st;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress,
			       EfiBootServicesData, RUNTIME_BS_PAGES, &addr);
	if (EFI_ERROR(st))
		return st;
	SetMem((void *)(UINTN)addr, RUNTIME_BS_PAGES * EFI_PAGE_SIZE, 0xc3);
	runtime_bs_start = addr;
	install(get_memory_map_bs_runtime, &inner_bs_runtime);
	qlog(L"bs-runtime-attr: GetMemoryMap reports Boot Data [mem %016lx-%016lx] with EFI_MEMORY_RUNTIME",
	     addr, addr + RUNTIME_BS_PAGES * EFI_PAGE_SIZE - 1);
	return EFI_SUCCESS;
}

/*
 * Position k of the output takes descriptor perm(k): the odd indices from
 * the last down, then the even ones from the first up.  Never sorted for
 * three descriptors or more.
 */
static UINTN perm(UINTN k, UINTN n)
{
	UINTN odd = n / 2;

	if (k < odd)
		return 2 * (odd - k) - 1;
	return 2 * (k - odd);
}

static EFI_STATUS EFIAPI get_memory_map_shuffle(UINTN *size,
						EFI_MEMORY_DESCRIPTOR *map,
						UINTN *key, UINTN *dsize,
						UINT32 *dver)
{
	UINTN inner_size = sizeof(private_map), inner_dsize, n, need;
	EFI_STATUS st;

	if (!size || !key || !dsize || !dver)
		return EFI_INVALID_PARAMETER;
	st = inner_shuffle(&inner_size, (EFI_MEMORY_DESCRIPTOR *)private_map,
			   key, &inner_dsize, dver);
	if (EFI_ERROR(st))
		return st;
	n = inner_size / inner_dsize;
	need = n * shuffle_desc_size;
	*dsize = shuffle_desc_size;
	/* The spec's order (and edk2's): too small first, then NULL. */
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!map)
		return EFI_INVALID_PARAMETER;
	for (UINTN k = 0; k < n; k++) {
		UINT8 *to = (UINT8 *)map + k * shuffle_desc_size;

		SetMem(to, shuffle_desc_size, 0xa5);
		CopyMem(to, private_map + perm(k, n) * inner_dsize,
			sizeof(EFI_MEMORY_DESCRIPTOR));
	}
	*size = need;
	return EFI_SUCCESS;
}

EFI_STATUS quirk_map_shuffle(UINTN desc_size)
{
	if (inner_shuffle) {
		qlog(L"map-shuffle and map-shuffle80 exclude each other");
		return EFI_INVALID_PARAMETER;
	}
	shuffle_desc_size = desc_size;
	install(get_memory_map_shuffle, &inner_shuffle);
	qlog(L"map-shuffle: GetMemoryMap returns the descriptors out of order, DescriptorSize %lu",
	     (UINT64)desc_size);
	return EFI_SUCCESS;
}
