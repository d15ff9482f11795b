// SPDX-License-Identifier: MIT
/*
 * fwcheck=1: the firmware's own memory services (UEFI 2.10 §7.2) checked
 * against what the UEFI SCT's MemoryAllocationServices tests expect,
 * before ExitBootServices.
 *
 * sparsemm trusts the map GetMemoryMap hands it; these cases check that the
 * firmware behind that map keeps its side of the contract: the parameter
 * errors and BUFFER_TOO_SMALL sizes of GetMemoryMap, the descriptor format,
 * the map key changing with every change of the map, AllocatePages placing
 * memory where AllocateMaxAddress and AllocateAddress say (and the map
 * showing it there), invalid memory types and FreePages misuse rejected, and
 * the pool basics.  docs/fwcheck.md lists every case with its SCT assertion
 * and what OVMF does.
 *
 * The results cannot be printed as KTAP yet: the KTAP top level (and its
 * plan) is printed after ExitBootServices by post_exit.c.  So each case
 * records its result and a one-line diagnostic in a static table, a summary
 * line is printed now, and fwcheck_emit() replays the table as the subtest
 * "fwcheck" from run_suites().
 *
 * Every allocation made here is freed again before fwcheck_run() returns
 * (the last case checks it), so the run goes on with the map it would have
 * had; ExitBootServices fetches the map again anyway.  The map is read
 * through boot.map, efi_memmap_fetch() and efi_memmap_entry(): the buffer
 * has EFI_MMAP_SPARE_DESCRIPTORS of room, and no case adds more than two
 * descriptors at a time.
 *
 * Here: the table, the map helpers, the GetMemoryMap cases and the run;
 * the AllocatePages, FreePages and pool cases are in fwcheck_alloc.c.
 */
#include "fwcheck.h"
#include "fwcheck_internal.h"
#include "boot.h"
#include "cpu.h"
#include "efi_memmap.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>
#include <lib/string.h>

#define FWCHECK_MAX_CASES 32

struct fwcheck_case {
	const char *name;
	enum ktap_result result;
	char diag[FWCHECK_DIAG_MAX];
};

static struct fwcheck_case cases[FWCHECK_MAX_CASES];
static unsigned int nr_cases;
static bool ran;
static u64 run_ms;

/* The map key around every successful AllocatePages/FreePages made here. */
static struct {
	unsigned int calls;
	unsigned int unchanged;
	unsigned int zero;
	u64 last;
	char first_bad[96];
} keys;

void fwc_record(const char *name, enum ktap_result r, const char *fmt, ...)
{
	struct fwcheck_case *c;
	va_list args;

	if (nr_cases >= FWCHECK_MAX_CASES)
		return;
	c = &cases[nr_cases++];
	c->name = name;
	c->result = r;
	va_start(args, fmt);
	vscnprintf(c->diag, sizeof(c->diag), fmt, args);
	va_end(args);
}

/* The status names the SCT's log uses, without the EFI_ prefix. */
const char *fwc_status_name(EFI_STATUS st)
{
	static char buf[4][24];
	static unsigned int next;
	char *b;

	switch (st) {
	case EFI_SUCCESS:
		return "SUCCESS";
	case EFI_INVALID_PARAMETER:
		return "INVALID_PARAMETER";
	case EFI_BUFFER_TOO_SMALL:
		return "BUFFER_TOO_SMALL";
	case EFI_NOT_FOUND:
		return "NOT_FOUND";
	case EFI_OUT_OF_RESOURCES:
		return "OUT_OF_RESOURCES";
	case EFI_UNSUPPORTED:
		return "UNSUPPORTED";
	}
	b = buf[next++ % ARRAY_SIZE(buf)];
	scnprintf(b, sizeof(buf[0]), "status %#llx", (unsigned long long)st);
	return b;
}

const char *fwc_type_name(u32 type)
{
	static char buf[2][16];
	static unsigned int next;
	const char *name;
	char *b;

	if (type == TYPE_NONE)
		return "no descriptor";
	if (type == TYPE_SPLIT)
		return "more than one descriptor";
	name = efi_mem_type_name(type);
	if (name)
		return name;
	b = buf[next++ % ARRAY_SIZE(buf)];
	scnprintf(b, sizeof(buf[0]), "type %#x", type);
	return b;
}

static EFI_STATUS get_memory_map(UINTN *size, void *buf, UINTN *dsize,
				 UINT32 *dver)
{
	UINTN key;

	return uefi_call_wrapper(BS->GetMemoryMap, 5, size, buf, &key, dsize,
				 dver);
}

/*
 * The type of the descriptor in boot.map that holds all of
 * [addr, addr + pages pages); TYPE_NONE when none holds addr, TYPE_SPLIT
 * when the range runs past the one that does.
 */
u32 fwc_type_at(u64 addr, u64 pages)
{
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);
		u64 end = md.phys_addr + md.num_pages * EFI_PAGE_SIZE;

		if (addr < md.phys_addr || addr >= end)
			continue;
		return addr + pages * EFI_PAGE_SIZE <= end ? md.type :
							     TYPE_SPLIT;
	}
	return TYPE_NONE;
}

static u64 pages_of_type(u32 type)
{
	u64 pages = 0;

	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		if (md.type == type)
			pages += md.num_pages;
	}
	return pages;
}

/* True when some Conventional descriptor has 'pages' free at or below
 * 'limit' (inclusive). */
bool fwc_free_below(u64 limit, u64 pages)
{
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		if (md.type == EFI_MT_CONVENTIONAL && md.num_pages >= pages &&
		    md.phys_addr + pages * EFI_PAGE_SIZE - 1 <= limit)
			return true;
	}
	return false;
}

/*
 * The map key after a successful AllocatePages/FreePages must differ from
 * the one before it: §7.2 GetMemoryMap, "the map key changes every time
 * the memory map changes", and ExitBootServices relies on exactly that.
 */
static void key_check(const char *what, u64 before, bool fetched)
{
	keys.calls++;
	if (!fetched) {
		keys.unchanged++;
		if (!keys.first_bad[0])
			scnprintf(keys.first_bad, sizeof(keys.first_bad),
				  "GetMemoryMap failed after %s", what);
		return;
	}
	keys.last = boot.map_key;
	if (!boot.map_key)
		keys.zero++;
	if (boot.map_key == before) {
		keys.unchanged++;
		if (!keys.first_bad[0])
			scnprintf(keys.first_bad, sizeof(keys.first_bad),
				  "key %#llx unchanged after %s",
				  (unsigned long long)before, what);
	}
}

/*
 * AllocatePages with the map fetched before and after it: the range's type
 * in the old map is read before the new one overwrites the buffer.
 */
struct fw_op fwc_alloc(EFI_ALLOCATE_TYPE how, u32 type, u64 pages, u64 addr)
{
	struct fw_op op = { .before = TYPE_NONE, .after = TYPE_NONE };
	EFI_PHYSICAL_ADDRESS a = addr;
	bool fetched = !EFI_ERROR(efi_memmap_fetch());
	u64 key = boot.map_key;

	op.st = uefi_call_wrapper(BS->AllocatePages, 4, how,
				  (EFI_MEMORY_TYPE)type, pages, &a);
	op.addr = a;
	if (EFI_ERROR(op.st))
		return op;
	if (fetched)
		op.before = fwc_type_at(op.addr, pages);
	fetched = fetched && !EFI_ERROR(efi_memmap_fetch());
	if (fetched)
		op.after = fwc_type_at(op.addr, pages);
	key_check("AllocatePages", key, fetched);
	return op;
}

struct fw_op fwc_free(u64 addr, u64 pages)
{
	struct fw_op op = { .addr = addr,
			    .before = TYPE_NONE,
			    .after = TYPE_NONE };
	bool fetched = !EFI_ERROR(efi_memmap_fetch());
	u64 key = boot.map_key;

	if (fetched)
		op.before = fwc_type_at(addr, pages);
	op.st = uefi_call_wrapper(BS->FreePages, 2, addr, pages);
	if (EFI_ERROR(op.st))
		return op;
	fetched = fetched && !EFI_ERROR(efi_memmap_fetch());
	if (fetched)
		op.after = fwc_type_at(addr, pages);
	key_check("FreePages", key, fetched);
	return op;
}

/* FreePages that is expected to fail: no map bookkeeping. */
EFI_STATUS fwc_free_pages(u64 addr, u64 pages)
{
	return uefi_call_wrapper(BS->FreePages, 2, addr, pages);
}

/* ---- GetMemoryMap (SCT TDS 3.1) ------------------------------------------ */

/* Set by case_size_zero for the next cases. */
static UINTN needed, needed_dsize;
static UINT32 needed_dver;

static void case_null_size(void)
{
	UINTN dsize;
	UINT32 dver;
	EFI_STATUS st;

	/* §7.2: "EFI_INVALID_PARAMETER: MemoryMapSize is NULL" (3.1.2.1). */
	st = get_memory_map(NULL, boot.map, &dsize, &dver);
	fwc_record("get_memory_map_null_size",
		   fwc_ok_if(st == EFI_INVALID_PARAMETER),
		   "MemoryMapSize NULL: %s (want INVALID_PARAMETER)",
		   fwc_status_name(st));
}

static void case_null_buffer(void)
{
	UINTN size = boot.map_buf_size, zero = 0, dsize;
	UINT32 dver;
	EFI_STATUS st, st0;

	/* §7.2: "The MemoryMap buffer is not too small and MemoryMap is
	 * NULL" (3.1.2.2): the size must be large enough, or
	 * BUFFER_TOO_SMALL would be the right answer. */
	st = get_memory_map(&size, NULL, &dsize, &dver);
	/* That order matters: size 0 with a NULL buffer is how every
	 * loader (efi_memmap_alloc() too) asks for the size. */
	st0 = get_memory_map(&zero, NULL, &dsize, &dver);
	fwc_record(
		"get_memory_map_null_buffer",
		fwc_ok_if(st == EFI_INVALID_PARAMETER &&
			  st0 == EFI_BUFFER_TOO_SMALL),
		"MemoryMap NULL with room for the map (%llu bytes): %s; with size 0: %s (want INVALID_PARAMETER, BUFFER_TOO_SMALL)",
		(unsigned long long)boot.map_buf_size, fwc_status_name(st),
		fwc_status_name(st0));
}

static void case_size_zero(void)
{
	UINTN size = 0, again;
	EFI_STATUS st, st2 = EFI_SUCCESS;
	bool ok, tried = false;

	/* §7.2: BUFFER_TOO_SMALL, "the size of the buffer needed to contain
	 * the map is returned in MemoryMapSize" (3.1.2.6). */
	st = get_memory_map(&size, boot.map, &needed_dsize, &needed_dver);
	needed = size;
	ok = st == EFI_BUFFER_TOO_SMALL && size && needed_dsize &&
	     size % needed_dsize == 0;
	if (ok && size <= boot.map_buf_size) {
		UINTN dsize;
		UINT32 dver;

		/*
		 * The size returned must be enough: a buffer of exactly that
		 * size succeeds.  It may be an upper bound (EDK2 adds room
		 * for splitting image records), so the map that comes back
		 * may be smaller, never larger.
		 */
		again = size;
		st2 = get_memory_map(&again, boot.map, &dsize, &dver);
		ok = st2 == EFI_SUCCESS && again <= size && again &&
		     again % dsize == 0;
		tried = true;
	}
	fwc_record(
		"get_memory_map_size_zero", fwc_ok_if(ok),
		"size 0: %s, needs %llu bytes (%llu x %llu); with that size: %s, %llu bytes (want BUFFER_TOO_SMALL, then SUCCESS with at most that)",
		fwc_status_name(st), (unsigned long long)size,
		(unsigned long long)(needed_dsize ? size / needed_dsize : 0),
		(unsigned long long)needed_dsize,
		tried ? fwc_status_name(st2) : "not tried",
		(unsigned long long)(tried ? again : 0));
}

static void case_one_byte_short(void)
{
	UINTN size = needed - 1, dsize;
	UINT32 dver;
	EFI_STATUS st;

	if (!needed) {
		fwc_record("get_memory_map_one_byte_short", KTAP_SKIP,
			   "no needed size from the size-0 call");
		return;
	}
	/* 3.1.2.6, second assertion: MemoryMapSizeNeeded - 1 is too small,
	 * and the needed size comes back again. */
	st = get_memory_map(&size, boot.map, &dsize, &dver);
	fwc_record(
		"get_memory_map_one_byte_short",
		fwc_ok_if(st == EFI_BUFFER_TOO_SMALL && size == needed),
		"size %llu: %s, %llu bytes needed (want BUFFER_TOO_SMALL, %llu)",
		(unsigned long long)(needed - 1), fwc_status_name(st),
		(unsigned long long)size, (unsigned long long)needed);
}

static void case_descriptor_format(void)
{
	/* §7.2: DescriptorVersion is EFI_MEMORY_DESCRIPTOR_VERSION (1);
	 * DescriptorSize may exceed sizeof(EFI_MEMORY_DESCRIPTOR) but each
	 * descriptor stays 8-byte aligned for its UINT64 fields. */
	bool ok = needed_dver == EFI_MEMDESC_VERSION &&
		  needed_dsize >= EFI_MEMDESC_MIN_SIZE && needed_dsize % 8 == 0;

	fwc_record(
		"descriptor_format", fwc_ok_if(ok),
		"DescriptorVersion %u, DescriptorSize %llu (want version 1, size >= 40 and a multiple of 8)",
		needed_dver, (unsigned long long)needed_dsize);
}

/* ---- the map key, and nothing left behind -------------------------------- */

static void case_map_key(void)
{
	bool ok = keys.calls && !keys.unchanged && !keys.zero;

	fwc_record(
		"map_key_changes", fwc_ok_if(ok),
		"%u successful AllocatePages/FreePages calls: key changed after %u, zero %u times (last %#llx)%s%s",
		keys.calls, keys.calls - keys.unchanged, keys.zero,
		(unsigned long long)keys.last, keys.first_bad[0] ? "; " : "",
		keys.first_bad);
}

static void case_all_freed(u64 loader_before, u64 conv_before)
{
	u64 loader = 0, conv = 0;
	bool fetched = !EFI_ERROR(efi_memmap_fetch());

	if (fetched) {
		loader = pages_of_type(EFI_MT_LOADER_DATA);
		conv = pages_of_type(EFI_MT_CONVENTIONAL);
	}
	/* Loader Data is only ever ours before ExitBootServices: the same
	 * total means every page fwcheck took is back.  Conventional may
	 * shift by the firmware's own bookkeeping pages. */
	fwc_record(
		"all_freed", fwc_ok_if(fetched && loader == loader_before),
		"Loader Data %llu pages before, %llu after; Conventional %llu before, %llu after",
		(unsigned long long)loader_before, (unsigned long long)loader,
		(unsigned long long)conv_before, (unsigned long long)conv);
}

void fwcheck_run(void)
{
	u64 t0 = rdtsc(), loader_before, conv_before;
	unsigned int nok = 0, nfail = 0, nskip = 0;
	EFI_TPL old_tpl;

	if (!boot.cfg.fwcheck)
		return;
	ran = true;
	if (EFI_ERROR(efi_memmap_fetch())) {
		fwc_record(
			"memory_map", KTAP_NOT_OK,
			"GetMemoryMap into the run's %llu-byte buffer failed",
			(unsigned long long)boot.map_buf_size);
		goto out;
	}
	loader_before = pages_of_type(EFI_MT_LOADER_DATA);
	conv_before = pages_of_type(EFI_MT_CONVENTIONAL);

	/*
	 * At TPL_CALLBACK no timer event runs, so nothing but these calls
	 * changes the map while they run (the SCT raises the TPL around
	 * its size pair for the same reason).  The memory services may be
	 * called at <= TPL_NOTIFY (§7.1, Table 7-3).
	 */
	old_tpl = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_CALLBACK);
	case_null_size();
	case_null_buffer();
	case_size_zero();
	case_one_byte_short();
	case_descriptor_format();

	fwcheck_alloc_cases();

	case_map_key();
	case_all_freed(loader_before, conv_before);
	uefi_call_wrapper(BS->RestoreTPL, 1, old_tpl);
out:
	run_ms = boot.tsc_hz ? (rdtsc() - t0) / (boot.tsc_hz / 1000) : 0;
	for (unsigned int i = 0; i < nr_cases; i++) {
		const struct fwcheck_case *c = &cases[i];

		if (c->result == KTAP_SKIP) {
			nskip++;
		} else if (c->result == KTAP_OK) {
			nok++;
		} else {
			nfail++;
			pr_warn("fwcheck: not ok: %s: %s\n", c->name, c->diag);
		}
	}
	pr_info("fwcheck: firmware memory services vs the UEFI SCT: %u cases, %u ok, %u not ok, %u skipped in %llu ms; KTAP results follow after ExitBootServices\n",
		nr_cases, nok, nfail, nskip, (unsigned long long)run_ms);
}

int fwcheck_nr_results(void)
{
	return ran ? 1 : 0;
}

void fwcheck_emit(struct ktap_suite *top)
{
	unsigned int failed = 0;
	struct ktap_suite sub;
	char summary[96];

	if (!ran)
		return;
	ktap_begin(&sub, "fwcheck", top->depth + 1, (int)nr_cases);
	for (unsigned int i = 0; i < nr_cases; i++) {
		const struct fwcheck_case *c = &cases[i];

		if (c->result == KTAP_SKIP) {
			ktap_result(&sub, KTAP_SKIP, c->name, c->diag);
			continue;
		}
		ktap_diag(&sub, "%s", c->diag);
		failed += c->result == KTAP_NOT_OK;
		ktap_result(&sub, c->result, c->name, NULL);
	}
	scnprintf(summary, sizeof(summary), "%u cases, %u not ok, %llu ms",
		  nr_cases, failed, (unsigned long long)run_ms);
	ktap_result(top, failed ? KTAP_NOT_OK : KTAP_OK, "fwcheck", summary);
}
