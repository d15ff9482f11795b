// SPDX-License-Identifier: MIT
/*
 * The "firmware_integrity" check, run after the stress suites: what the
 * firmware still owns after ExitBootServices must have survived sparsemm's
 * use of all the rest of memory.
 *
 *  - runtime services still answer: GetTime, and GetVariable of a global
 *    variable every UEFI system has (BootOrder, else PlatformLang);
 *  - the ACPI tables' checksums still hold (lib/acpi.c re-sums them);
 *  - the runtime services code regions are unchanged: CRC-32 taken right
 *    after ExitBootServices and again at the end.  Runtime services data
 *    regions are CRC'd too but only reported: the firmware legitimately
 *    writes its own data when its services are called.
 *
 * fw_integrity_snapshot() is called from run_suites() after the last
 * runtime call before the stress suites; fw_integrity_check() is
 * registered as a stress platform check and takes its CRCs before calling
 * any runtime service itself.
 */
#include "boot.h"
#include "efi_memmap.h"
#include "efi_runtime.h"

#include <efi.h>
#include <lib/acpi.h>
#include <lib/crc32.h>
#include <lib/printk.h>
#include <stress/stress.h>

#define FW_MAX_RUNTIME_REGIONS 64

struct runtime_region {
	phys_addr_t start;
	u64 size;
	bool code;
	u32 crc; /* after the last runtime call before the suites */
	u32 crc_end; /* after the suites, before the check's own calls */
};

static struct runtime_region regions[FW_MAX_RUNTIME_REGIONS];
static unsigned int nr_regions, regions_skipped;

static const char *const fw_cases[] = {
	"runtime_services_answer",
	"acpi_checksums_hold",
	"runtime_code_unchanged",
};

enum { CASE_RT, CASE_ACPI, CASE_CODE };

/* Runtime regions are identity-mapped in sparsemm's tables (paging.c). */
static u32 region_crc(const struct runtime_region *r)
{
	return crc32(0, (const void *)r->start, r->size);
}

void fw_integrity_snapshot(void)
{
	u64 code_bytes = 0, data_bytes = 0;

	nr_regions = regions_skipped = 0;
	for (u32 i = 0; i < efi_memmap_count(); i++) {
		struct efi_md_info md = efi_memmap_entry(i);
		struct runtime_region *r;

		if (!(md.attr & EFI_MEMORY_RUNTIME) ||
		    (md.type != EFI_MT_RUNTIME_SERVICES_CODE &&
		     md.type != EFI_MT_RUNTIME_SERVICES_DATA))
			continue;
		if (nr_regions == FW_MAX_RUNTIME_REGIONS) {
			regions_skipped++;
			continue;
		}
		r = &regions[nr_regions++];
		r->start = md.phys_addr;
		r->size = md.num_pages * EFI_PAGE_SIZE;
		r->code = md.type == EFI_MT_RUNTIME_SERVICES_CODE;
		r->crc = region_crc(r);
		*(r->code ? &code_bytes : &data_bytes) += r->size;
	}
	pr_info("sparsemm: firmware: CRC-32 of %u runtime regions taken (%llu KiB code, %llu KiB data)%s\n",
		nr_regions, (unsigned long long)(code_bytes >> 10),
		(unsigned long long)(data_bytes >> 10),
		regions_skipped ?
			"; more regions than the table holds: the rest are not checked" :
			"");
}

static bool runtime_services_answer(struct stress_ctx *ctx)
{
	EFI_GUID global = EFI_GLOBAL_VARIABLE;
	u8 buf[256];
	UINTN size = sizeof(buf);
	UINT32 attrs;
	EFI_TIME t = { 0 };
	EFI_STATUS st;

	st = efi_rt_get_time(&t);
	if (!efi_rt_enabled()) {
		stress_case_skip(ctx, CASE_RT,
				 efi_rt_disabled_reason() ?:
					 "no EFI runtime services");
		return true;
	}
	if (st != EFI_SUCCESS || t.Month < 1 || t.Month > 12) {
		stress_case_fail(ctx, CASE_RT,
				 "GetTime returned %#llx (month %u)",
				 (unsigned long long)st, t.Month);
		return false;
	}
	st = efi_rt_get_variable(L"BootOrder", &global, &attrs, &size, buf);
	if (st == EFI_NOT_FOUND) {
		size = sizeof(buf);
		st = efi_rt_get_variable(L"PlatformLang", &global, &attrs,
					 &size, buf);
	}
	if (!efi_rt_enabled()) {
		stress_case_skip(ctx, CASE_RT, efi_rt_disabled_reason());
		return true;
	}
	if (st != EFI_SUCCESS && st != EFI_BUFFER_TOO_SMALL) {
		stress_case_fail(
			ctx, CASE_RT,
			"GetVariable(BootOrder/PlatformLang) returned %#llx",
			(unsigned long long)st);
		return false;
	}
	stress_diag(
		ctx,
		"GetTime %04u-%02u-%02u %02u:%02u:%02u, GetVariable %llu bytes",
		t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second,
		(unsigned long long)size);
	stress_ops(ctx, 2);
	return true;
}

static int fw_integrity_run(struct stress_ctx *ctx, void *data)
{
	unsigned int data_changed = 0;
	int bad;

	/* CRCs first: the runtime calls below write the firmware's data,
	 * some of which lives in its RuntimeServicesCode images. */
	for (unsigned int i = 0; i < nr_regions; i++)
		regions[i].crc_end = region_crc(&regions[i]);
	runtime_services_answer(ctx);

	if (!boot.rsdp)
		stress_case_skip(ctx, CASE_ACPI, "no ACPI tables");
	else if ((bad = acpi_tables_verify()) != 0)
		stress_case_fail(
			ctx, CASE_ACPI,
			"%d ACPI table(s) no longer sum to 0 (listed above)",
			bad);

	if (!nr_regions)
		stress_case_skip(ctx, CASE_CODE,
				 "no runtime services regions in the map");
	for (unsigned int i = 0; i < nr_regions; i++) {
		const struct runtime_region *r = &regions[i];
		u32 now = r->crc_end;

		stress_ops(ctx, 1);
		if (now == r->crc)
			continue;
		if (r->code)
			stress_case_fail(
				ctx, CASE_CODE,
				"runtime code [%#llx-%#llx) changed: CRC-32 %08x, was %08x",
				(unsigned long long)r->start,
				(unsigned long long)(r->start + r->size), now,
				r->crc);
		else
			data_changed++;
	}
	if (data_changed)
		stress_diag(
			ctx,
			"%u runtime data region(s) changed (the firmware writes its own data during runtime calls; not an error)",
			data_changed);
	return 0;
}

const struct stress_platform_check fw_integrity_check = {
	.name = "firmware_integrity",
	.cases = fw_cases,
	.nr_cases = ARRAY_SIZE(fw_cases),
	.run = fw_integrity_run,
};
