// SPDX-License-Identifier: MIT
/*
 * fwcheck's AllocatePages, FreePages and pool cases (UEFI 2.10 §7.2; SCT
 * TDS 3.2-3.5 and 4.2), run by fwcheck_run() in efi/suites/fwcheck.c at
 * TPL_CALLBACK.  Each case records one result; everything allocated is
 * freed again.  docs/fwcheck.md describes every case.
 */
#include "fwcheck_internal.h"
#include "boot.h"
#include "efi_memmap.h"

#include <efilib.h>
#include <lib/printk.h>
#include <lib/string.h>

/* Pages per test allocation: small, but more than one so that a placement
 * that runs past a descriptor's end is seen. */
#define TEST_PAGES 4

/* AllocateMaxAddress limits: "the uppermost address" is inclusive (§7.2). */
#define LIMIT_4G 0xffffffffULL
#define LIMIT_16M ((16ULL << 20) - 1)

/* The descriptor facts the placement cases use, from one fresh map. */
static struct {
	u64 largest_start, largest_pages; /* largest Conventional one */
	u64 largest_run; /* pages in the largest run of adjacent ones */
	u64 top; /* end of the highest descriptor */
} layout;

/* ---- AllocatePages (SCT TDS 3.2, 4.2) ------------------------------------ */

static void find_layout(void)
{
	u64 run = 0, run_end = 0;

	memset(&layout, 0, sizeof(layout));
	if (EFI_ERROR(efi_memmap_fetch()))
		return;
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);
		u64 end = md.phys_addr + md.num_pages * EFI_PAGE_SIZE;

		layout.top = MAX(layout.top, end);
		if (md.type != EFI_MT_CONVENTIONAL)
			continue;
		if (md.num_pages > layout.largest_pages) {
			layout.largest_pages = md.num_pages;
			layout.largest_start = md.phys_addr;
		}
		/* Descriptors come sorted on OVMF, but need not: a run only
		 * grows when this one starts where the last one ended. */
		run = md.phys_addr == run_end ? run + md.num_pages :
						md.num_pages;
		run_end = end;
		layout.largest_run = MAX(layout.largest_run, run);
	}
}

/* Free what a placement case got; false (and a note) when that fails. */
static bool give_back(struct fw_op *op, u64 pages, char *note, size_t len)
{
	struct fw_op fr = fwc_free(op->addr, pages);

	if (fr.st == EFI_SUCCESS && fr.after == EFI_MT_CONVENTIONAL) {
		scnprintf(note, len, "freed");
		return true;
	}
	scnprintf(note, len, "FreePages: %s, then %s", fwc_status_name(fr.st),
		  fwc_type_name(fr.after));
	return fr.st == EFI_SUCCESS;
}

static void case_max_address(const char *name, u64 limit)
{
	struct fw_op op;
	char note[64] = "";
	bool ok;

	/* §7.2 AllocateMaxAddress: "any available range of pages whose
	 * uppermost address is less than or equal to" *Memory. */
	op = fwc_alloc(AllocateMaxAddress, EFI_MT_LOADER_DATA, TEST_PAGES,
		       limit);
	if (op.st == EFI_OUT_OF_RESOURCES &&
	    !fwc_free_below(limit, TEST_PAGES)) {
		fwc_record(name, KTAP_SKIP,
			   "no %u free pages at or below %#llx", TEST_PAGES,
			   (unsigned long long)limit);
		return;
	}
	if (EFI_ERROR(op.st)) {
		fwc_record(
			name, KTAP_NOT_OK,
			"limit %#llx: %s although the map has %u free pages below it",
			(unsigned long long)limit, fwc_status_name(op.st),
			TEST_PAGES);
		return;
	}
	ok = IS_ALIGNED(op.addr, EFI_PAGE_SIZE) &&
	     op.addr + TEST_PAGES * EFI_PAGE_SIZE - 1 <= limit &&
	     op.before == EFI_MT_CONVENTIONAL && op.after == EFI_MT_LOADER_DATA;
	ok &= give_back(&op, TEST_PAGES, note, sizeof(note));
	fwc_record(name, fwc_ok_if(ok),
		   "limit %#llx: %u pages at %#llx, %s before, %s after; %s",
		   (unsigned long long)limit, TEST_PAGES,
		   (unsigned long long)op.addr, fwc_type_name(op.before),
		   fwc_type_name(op.after), note);
}

/* SCT 4.2 (AllocatePages function test): AllocateAddress at the start, the
 * middle and the end of the largest free descriptor. */
static void case_address(const char *name, const char *where)
{
	u64 pages = layout.largest_pages, addr = layout.largest_start;
	struct fw_op op;
	char note[64] = "";
	bool ok;

	if (pages < 3 * TEST_PAGES) {
		fwc_record(name, KTAP_SKIP,
			   "largest free descriptor has %llu pages",
			   (unsigned long long)pages);
		return;
	}
	if (!strcmp(where, "middle"))
		addr += pages / 2 * EFI_PAGE_SIZE;
	else if (!strcmp(where, "end"))
		addr += (pages - TEST_PAGES) * EFI_PAGE_SIZE;
	op = fwc_alloc(AllocateAddress, EFI_MT_LOADER_DATA, TEST_PAGES, addr);
	if (EFI_ERROR(op.st)) {
		fwc_record(
			name, KTAP_NOT_OK,
			"%u pages at %#llx (%s of the largest free descriptor): %s (want SUCCESS)",
			TEST_PAGES, (unsigned long long)addr, where,
			fwc_status_name(op.st));
		return;
	}
	ok = op.addr == addr && op.before == EFI_MT_CONVENTIONAL &&
	     op.after == EFI_MT_LOADER_DATA;
	ok &= give_back(&op, TEST_PAGES, note, sizeof(note));
	fwc_record(
		name, fwc_ok_if(ok),
		"%u pages at %#llx (%s of [%#llx, +%llu pages)): got %#llx, %s before, %s after; %s",
		TEST_PAGES, (unsigned long long)addr, where,
		(unsigned long long)layout.largest_start,
		(unsigned long long)layout.largest_pages,
		(unsigned long long)op.addr, fwc_type_name(op.before),
		fwc_type_name(op.after), note);
}

static void case_address_absent(void)
{
	struct fw_op op;

	/* 3.2.2.4: AllocateAddress where the map has nothing: NOT_FOUND
	 * (§7.2: "The requested pages could not be found"). */
	op = fwc_alloc(AllocateAddress, EFI_MT_LOADER_DATA, 1, layout.top);
	if (op.st == EFI_SUCCESS)
		fwc_free(op.addr, 1);
	fwc_record(
		"address_absent", fwc_ok_if(op.st == EFI_NOT_FOUND),
		"1 page at %#llx (end of the highest descriptor): %s (want NOT_FOUND)",
		(unsigned long long)layout.top, fwc_status_name(op.st));
}

static void case_address_in_use(void)
{
	struct fw_op mine, again;

	/* 3.2.2.5: AllocateAddress on pages already allocated: NOT_FOUND.
	 * The pages are our own, so that a firmware that wrongly grants
	 * them hands out nothing anybody else uses. */
	mine = fwc_alloc(AllocateAnyPages, EFI_MT_LOADER_DATA, 1, 0);
	if (EFI_ERROR(mine.st)) {
		fwc_record("address_in_use", KTAP_NOT_OK,
			   "AllocateAnyPages of 1 page: %s",
			   fwc_status_name(mine.st));
		return;
	}
	again = fwc_alloc(AllocateAddress, EFI_MT_LOADER_DATA, 1, mine.addr);
	fwc_free(mine.addr, 1);
	fwc_record("address_in_use", fwc_ok_if(again.st == EFI_NOT_FOUND),
		   "1 page at %#llx, already Loader Data: %s (want NOT_FOUND)",
		   (unsigned long long)mine.addr, fwc_status_name(again.st));
}

static void case_out_of_resources(void)
{
	u64 pages = layout.largest_run + 1, run_before = layout.largest_run;
	struct fw_op op;

	/* 3.2.2.3: one page more than the largest free run cannot be had. */
	op = fwc_alloc(AllocateAnyPages, EFI_MT_LOADER_DATA, pages, 0);
	if (op.st == EFI_SUCCESS) {
		fwc_free(op.addr, pages);
		/*
		 * EDK2 answers a failing allocation by promoting untested
		 * memory to Conventional and trying again: then the success
		 * is right, and the largest free run has grown.
		 */
		find_layout();
		if (layout.largest_run > run_before) {
			fwc_record(
				"out_of_resources", KTAP_SKIP,
				"the firmware added memory to satisfy %llu pages (largest free run now %llu)",
				(unsigned long long)pages,
				(unsigned long long)layout.largest_run);
			return;
		}
	}
	fwc_record(
		"out_of_resources", fwc_ok_if(op.st == EFI_OUT_OF_RESOURCES),
		"%llu pages (largest free run + 1): %s (want OUT_OF_RESOURCES)",
		(unsigned long long)pages, fwc_status_name(op.st));
}

/*
 * Try each type; 'want' is the status every one must give.  Anything
 * granted is freed again.  The diagnostic lists the types that differ.
 */
static bool try_types(const u32 *types, unsigned int n, EFI_STATUS want,
		      char *diag, size_t len)
{
	size_t at = 0;
	bool ok = true;

	for (unsigned int i = 0; i < n; i++) {
		EFI_PHYSICAL_ADDRESS a = 0;
		EFI_STATUS st;

		st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
				       (EFI_MEMORY_TYPE)types[i], 1, &a);
		if (st == EFI_SUCCESS)
			fwc_free_pages(a, 1);
		if (st == want)
			continue;
		ok = false;
		at += scnprintf(diag + at, len - at, "%stype %#x: %s",
				at ? "; " : "", types[i], fwc_status_name(st));
	}
	if (ok) {
		at = scnprintf(diag, len, "types");
		for (unsigned int i = 0; i < n; i++)
			at += scnprintf(diag + at, len - at, " %#x", types[i]);
		scnprintf(diag + at, len - at, ": all %s",
			  fwc_status_name(want));
	}
	return ok;
}

static void case_invalid_memory_type(void)
{
	/*
	 * §7.2 AllocatePages: INVALID_PARAMETER when MemoryType is in
	 * EfiMaxMemoryType..0x6FFFFFFF, EfiPersistentMemory (14) or
	 * EfiUnacceptedMemoryType (15).  Numbers, not gnu-efi's enum: its
	 * EfiMaxMemoryType is 14, from before PersistentMemory.
	 */
	static const u32 types[] = {
		14, 15, 16, 17, 0x10000, 0x6ffffffe, 0x6fffffff,
	};
	char diag[FWCHECK_DIAG_MAX];
	bool ok = try_types(types, ARRAY_SIZE(types), EFI_INVALID_PARAMETER,
			    diag, sizeof(diag));

	fwc_record("invalid_memory_type", fwc_ok_if(ok), "%s", diag);
}

static void case_oem_os_memory_type(void)
{
	/* §7.2: 0x70000000..0x7FFFFFFF are the OEM's and 0x80000000 and up
	 * the OS loader's: valid types the firmware must accept. */
	static const u32 types[] = { 0x70000000, 0x80000000, 0xffffffff };
	char diag[FWCHECK_DIAG_MAX];
	bool ok = try_types(types, ARRAY_SIZE(types), EFI_SUCCESS, diag,
			    sizeof(diag));

	fwc_record("oem_os_memory_type", fwc_ok_if(ok), "%s", diag);
}

static void case_allocate_bad_arguments(void)
{
	static const int how[] = { MaxAllocateType, MaxAllocateType + 1, -1 };
	char diag[FWCHECK_DIAG_MAX];
	size_t at = 0;
	EFI_STATUS st;
	bool ok = true;

	/* 3.2.2.1: Type MaxAllocateType, MaxAllocateType + 1 and -1. */
	for (unsigned int i = 0; i < ARRAY_SIZE(how); i++) {
		EFI_PHYSICAL_ADDRESS a = 0;

		st = uefi_call_wrapper(BS->AllocatePages, 4,
				       (EFI_ALLOCATE_TYPE)how[i], EfiLoaderData,
				       1, &a);
		if (st == EFI_SUCCESS)
			fwc_free_pages(a, 1);
		ok &= st == EFI_INVALID_PARAMETER;
		at += scnprintf(diag + at, sizeof(diag) - at, "Type %d: %s; ",
				how[i], fwc_status_name(st));
	}
	/* And a NULL Memory (the SCT's "Memory is NULL"). */
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, 1, NULL);
	ok &= st == EFI_INVALID_PARAMETER;
	scnprintf(diag + at, sizeof(diag) - at,
		  "Memory NULL: %s (want INVALID_PARAMETER)",
		  fwc_status_name(st));
	fwc_record("allocate_pages_bad_arguments", fwc_ok_if(ok), "%s", diag);
}

/* ---- FreePages (SCT TDS 3.3) --------------------------------------------- */

static void case_free_unaligned(void)
{
	struct fw_op op, fr;
	EFI_STATUS st;

	/* 3.3.2.2: §7.2 "Memory is not a page-aligned address". */
	op = fwc_alloc(AllocateAnyPages, EFI_MT_LOADER_DATA, 2, 0);
	if (EFI_ERROR(op.st)) {
		fwc_record("free_unaligned", KTAP_NOT_OK,
			   "AllocateAnyPages of 2 pages: %s",
			   fwc_status_name(op.st));
		return;
	}
	st = fwc_free_pages(op.addr + 1, 1);
	fr = fwc_free(op.addr, 2);
	fwc_record(
		"free_unaligned",
		fwc_ok_if(st == EFI_INVALID_PARAMETER && fr.st == EFI_SUCCESS),
		"FreePages(%#llx, 1): %s (want INVALID_PARAMETER); the 2 pages then freed: %s",
		(unsigned long long)(op.addr + 1), fwc_status_name(st),
		fwc_status_name(fr.st));
}

static void case_free_conventional(void)
{
	EFI_STATUS st;

	/* 3.3.2.1: pages AllocatePages did not hand out: NOT_FOUND (§7.2:
	 * "The requested memory pages were not allocated with
	 * AllocatePages()").  Free memory is harmless to try. */
	st = fwc_free_pages(layout.largest_start, 1);
	fwc_record(
		"free_conventional", fwc_ok_if(st == EFI_NOT_FOUND),
		"FreePages(%#llx, 1), start of the largest free descriptor: %s (want NOT_FOUND)",
		(unsigned long long)layout.largest_start, fwc_status_name(st));
}

static void case_free_absent(void)
{
	EFI_STATUS st;

	/* 3.3.2.1 "Not Existent Memory": past the highest descriptor. */
	st = fwc_free_pages(layout.top, 1);
	fwc_record(
		"free_absent", fwc_ok_if(st == EFI_NOT_FOUND),
		"FreePages(%#llx, 1), end of the highest descriptor: %s (want NOT_FOUND)",
		(unsigned long long)layout.top, fwc_status_name(st));
}

static void case_free_twice(void)
{
	struct fw_op op, fr;
	EFI_STATUS st;

	/* The second free is of Conventional memory again: NOT_FOUND as in
	 * 3.3.2.1; anything else means the first free left a trace. */
	op = fwc_alloc(AllocateAnyPages, EFI_MT_LOADER_DATA, 1, 0);
	if (EFI_ERROR(op.st)) {
		fwc_record("free_twice", KTAP_NOT_OK,
			   "AllocateAnyPages of 1 page: %s",
			   fwc_status_name(op.st));
		return;
	}
	fr = fwc_free(op.addr, 1);
	st = fwc_free_pages(op.addr, 1);
	fwc_record(
		"free_twice",
		fwc_ok_if(fr.st == EFI_SUCCESS &&
			  fr.after == EFI_MT_CONVENTIONAL &&
			  st == EFI_NOT_FOUND),
		"page %#llx: first FreePages %s (%s after), second %s (want SUCCESS, Conventional, NOT_FOUND)",
		(unsigned long long)op.addr, fwc_status_name(fr.st),
		fwc_type_name(fr.after), fwc_status_name(st));
}

/* ---- AllocatePool / FreePool (SCT TDS 3.4, 3.5) -------------------------- */

/* One pool allocation: aligned, of the pool's type in the map, writable. */
static bool pool_one(UINTN size, char *note, size_t len)
{
	EFI_STATUS st, fst;
	u8 *p = NULL;
	u32 type = TYPE_NONE;
	bool ok;

	st = uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, size,
			       (void **)&p);
	if (EFI_ERROR(st)) {
		scnprintf(note, len, "%llu bytes: %s", (unsigned long long)size,
			  fwc_status_name(st));
		return false;
	}
	/* The pages [p, p + size) touches: a pool block may end a page
	 * before its descriptor does, where a whole page from p would not. */
	if (!EFI_ERROR(efi_memmap_fetch()))
		type = fwc_type_at(
			ALIGN_DOWN((u64)(UINTN)p, EFI_PAGE_SIZE),
			EFI_SIZE_TO_PAGES(
				((u64)(UINTN)p & (EFI_PAGE_SIZE - 1)) + size));
	for (UINTN i = 0; i < size; i++)
		p[i] = (u8)(i * 7 + 1);
	ok = true;
	for (UINTN i = 0; i < size; i++)
		ok &= p[i] == (u8)(i * 7 + 1);
	fst = uefi_call_wrapper(BS->FreePool, 1, p);
	/* §7.2 AllocatePool: "All allocations are eight-byte aligned." */
	ok &= IS_ALIGNED((u64)(UINTN)p, 8) && type == EFI_MT_LOADER_DATA &&
	      fst == EFI_SUCCESS;
	scnprintf(note, len, "%llu bytes at %#llx (%s), %s, FreePool %s",
		  (unsigned long long)size, (unsigned long long)(UINTN)p,
		  fwc_type_name(type),
		  ok ? "written and read back" : "pattern or alignment wrong",
		  fwc_status_name(fst));
	return ok;
}

static void case_pool_basics(void)
{
	char small[96], large[96];
	bool ok = pool_one(100, small, sizeof(small));

	ok &= pool_one(1 << 20, large, sizeof(large));
	fwc_record("pool_basics", fwc_ok_if(ok), "%s; %s", small, large);
}

static void case_pool_bad_arguments(void)
{
	static const u32 types[] = { 14, 16, 0x6fffffff };
	char diag[FWCHECK_DIAG_MAX];
	size_t at = 0;
	EFI_STATUS st;
	bool ok = true;
	void *p;

	/* 3.4.2.1: PoolType EfiMaxMemoryType.. and EfiPersistentMemory. */
	for (unsigned int i = 0; i < ARRAY_SIZE(types); i++) {
		p = NULL;
		st = uefi_call_wrapper(BS->AllocatePool, 3,
				       (EFI_MEMORY_TYPE)types[i], 8, &p);
		if (st == EFI_SUCCESS)
			uefi_call_wrapper(BS->FreePool, 1, p);
		ok &= st == EFI_INVALID_PARAMETER;
		at += scnprintf(diag + at, sizeof(diag) - at, "type %#x: %s; ",
				types[i], fwc_status_name(st));
	}
	/* "Buffer is NULL" (3.4) and FreePool of NULL (3.5.2.1; §7.2
	 * "Buffer was invalid"). */
	st = uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, 8, NULL);
	ok &= st == EFI_INVALID_PARAMETER;
	at += scnprintf(diag + at, sizeof(diag) - at, "Buffer NULL: %s; ",
			fwc_status_name(st));
	st = uefi_call_wrapper(BS->FreePool, 1, NULL);
	ok &= st == EFI_INVALID_PARAMETER;
	scnprintf(diag + at, sizeof(diag) - at,
		  "FreePool(NULL): %s (want INVALID_PARAMETER each)",
		  fwc_status_name(st));
	fwc_record("pool_bad_arguments", fwc_ok_if(ok), "%s", diag);
}

void fwcheck_alloc_cases(void)
{
	find_layout();
	case_max_address("max_address_4g", LIMIT_4G);
	case_max_address("max_address_16m", LIMIT_16M);
	case_address("address_front", "front");
	case_address("address_middle", "middle");
	case_address("address_end", "end");
	case_address_absent();
	case_address_in_use();
	case_out_of_resources();
	case_invalid_memory_type();
	case_oem_os_memory_type();
	case_allocate_bad_arguments();

	case_free_unaligned();
	case_free_conventional();
	case_free_absent();
	case_free_twice();

	case_pool_basics();
	case_pool_bad_arguments();
}
