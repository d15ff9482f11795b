// SPDX-License-Identifier: MIT
/*
 * Keeping the report for the next boot: at the end of a run, after
 * ExitBootServices, the log (as much of its tail as the store allows,
 * LZSS-compressed) goes into UEFI variables through the runtime services,
 * in the layout of include/lib/report_vars.h.  The next boot exports it to
 * the stick (report_export.c); Linux reads it with tools/efivar-report.
 *
 * persist=auto stores on a PC (not QEMU) and whenever on_done=reboot, the
 * unattended run; QEMU test runs say persist=on or off.
 *
 * Why-notes at the firmware edge:
 * - The runtime services are called in physical mode: sparsemm never calls
 *   SetVirtualAddressMap, and its page tables identity-map the runtime
 *   regions (paging.c).  Everything passed to them (names, data, the GUID)
 *   lives in the image, which is identity-mapped too.
 * - QueryVariableInfo (UEFI 2.10 §8.2, since UEFI 2.0) gives the store's
 *   size and free space; rv_plan() keeps a generous part of it free, since
 *   a full store can stop some firmware from booting.
 * - Chunks are written first and the header last: a run cut short leaves
 *   no header, so no half report is ever exported.
 */
#include "efi_runtime.h"
#include "report.h"

#include <lib/crc32.h>
#include <lib/lzss.h>
#include <lib/printk.h>

#define STORE_ATTEMPTS 4 /* tries at fitting the log's tail */
#define FIT_MARGIN_NUM 7 /* keep 7/8 of what fitted on a retry */
#define FIT_MARGIN_DEN 8
#define LINE_SEARCH_MAX 1024 /* start at a line boundary within this */

static struct lzss_work lz_work;
static u8 stored[RV_STORED_MAX];
static bool store_started;

static const char *const verdict_words[] = {
	[VERDICT_PASS] = "PASS",
	[VERDICT_FAIL] = "FAIL",
	[VERDICT_CRASH] = "CRASH",
};

static bool persist_wanted(void)
{
	switch (boot.cfg.persist) {
	case PERSIST_ON:
		return true;
	case PERSIST_OFF:
		return false;
	case PERSIST_AUTO:
		break;
	}
	return boot.cfg.on_done == ON_DONE_REBOOT || !boot.is_qemu;
}

static EFI_STATUS set_var(const char *name, UINTN size, const void *data)
{
	CHAR16 wname[RV_NAME_MAX];

	ascii_to_ucs2(wname, ARRAY_SIZE(wname), name);
	return efi_rt_set_variable(wname, &report_vendor_guid,
				   size ? REPORT_VAR_ATTRS : 0, size,
				   (void *)data);
}

/* Delete the header, then chunks 0000.. until one is missing: whatever
 * an earlier run left (exported or not). */
static unsigned int delete_old(void)
{
	char name[RV_NAME_MAX];
	unsigned int n = 0;

	if (set_var(RV_HEADER_NAME, 0, NULL) == EFI_SUCCESS)
		n++;
	for (u32 i = 0; i < RV_MAX_CHUNKS; i++) {
		rv_chunk_name(name, sizeof(name), i);
		if (set_var(name, 0, NULL) != EFI_SUCCESS)
			break;
		n++;
	}
	return n;
}

static size_t log_source_read(void *ctx, u64 off, void *dst, size_t len)
{
	return log_buf_read(off, dst, len);
}

/* The first line start at or after off (off itself if none is near). */
static u64 line_start(u64 off, u64 end)
{
	char c;

	for (u64 p = off; p < end && p < off + LINE_SEARCH_MAX; p++)
		if (log_buf_read(p, &c, 1) == 1 && c == '\n')
			return p + 1;
	return off;
}

/* Compress the longest tail of the log that fits in budget bytes. */
static int compress_log(u32 budget, u64 *start, u64 end,
			struct lzss_result *res)
{
	int err = -ENOSPC;

	*start = log_buf_first();
	if (*start) /* the ring dropped the oldest bytes: start on a line */
		*start = line_start(*start, end);
	for (unsigned int i = 0; i < STORE_ATTEMPTS; i++) {
		struct lzss_source src = { log_source_read, NULL, *start,
					   end - *start };
		u64 fit;

		err = lzss_compress(&src, &lz_work, stored, budget, res);
		if (err != -ENOSPC)
			return err;
		fit = res->in_len * FIT_MARGIN_NUM / FIT_MARGIN_DEN;
		if (!fit)
			return -ENOSPC;
		*start = line_start(end - MIN(fit, end - *start), end);
	}
	return err;
}

static EFI_STATUS query_store(struct rv_store_info *info)
{
	UINT64 max_storage = 0, remaining = 0, max_var = 0;
	EFI_STATUS st;

	st = efi_rt_query_variable_info(REPORT_VAR_ATTRS, &max_storage,
					&remaining, &max_var);
	*info = (struct rv_store_info){ max_storage, remaining, max_var };
	return st;
}

static EFI_STATUS write_chunks(const struct rv_header *h, u32 *written)
{
	char name[RV_NAME_MAX];
	EFI_STATUS st = EFI_SUCCESS;

	for (*written = 0; *written < h->nr_chunks; (*written)++) {
		u32 off = *written * h->chunk_size;

		rv_chunk_name(name, sizeof(name), *written);
		st = set_var(name, MIN(h->chunk_size, h->stored_size - off),
			     stored + off);
		if (EFI_ERROR(st)) {
			pr_err("persist: SetVariable(%s, %u bytes) failed: %s (status %#llx)\n",
			       name, MIN(h->chunk_size, h->stored_size - off),
			       efi_status_text(st), (unsigned long long)st);
			break;
		}
	}
	return st;
}

void report_store(enum verdict v)
{
	struct rv_store_info info;
	struct lzss_result res;
	struct rv_header h = { 0 };
	u8 header[RV_HEADER_BYTES];
	struct rv_plan plan;
	const char *why;
	u32 written = 0;
	u64 start, end;
	EFI_STATUS st;
	int err;

	if (!persist_wanted())
		return;
	if (store_started) {
		pr_err("persist: the run ended again while storing the report (a fault in the firmware's variable services?); not retrying\n");
		return;
	}
	store_started = true;
	if (!boot.boot_services_exited || !boot.runtime_services) {
		pr_err("persist: the firmware was not left cleanly; the report is not stored\n");
		return;
	}
	if (!efi_rt_enabled()) {
		pr_err("persist: EFI runtime services are disabled (%s); the report is not stored\n",
		       efi_rt_disabled_reason());
		return;
	}
	st = query_store(&info);
	if (EFI_ERROR(st)) {
		pr_err("persist: QueryVariableInfo: %s (status %#llx); the report is not stored\n",
		       efi_status_text(st), (unsigned long long)st);
		return;
	}
	pr_info("persist: variable store %llu KiB, %llu KiB free, largest variable %llu bytes\n",
		(unsigned long long)info.max_storage / 1024,
		(unsigned long long)info.remaining / 1024,
		(unsigned long long)info.max_var);
	if (delete_old()) {
		pr_warn("persist: an earlier run's report was still stored (never exported); it is replaced\n");
		query_store(&info);
	}
	if (rv_plan(&info, &plan, &why)) {
		pr_err("persist: not storing the report: %s (%llu KiB free of %llu KiB)\n",
		       why, (unsigned long long)info.remaining / 1024,
		       (unsigned long long)info.max_storage / 1024);
		return;
	}

	end = log_buf_written();
	err = compress_log(plan.budget, &start, end, &res);
	if (err) {
		pr_err("persist: the log does not fit in %u bytes of variables (%d); not stored\n",
		       plan.budget, err);
		return;
	}
	h.flags = RV_FLAG_LZSS | (start ? RV_FLAG_TRUNCATED : 0);
	h.chunk_size = plan.chunk_size;
	h.stored_size = (u32)res.out_len;
	h.nr_chunks = rv_chunks_for(h.stored_size, h.chunk_size);
	h.raw_size = (u32)(end - start);
	h.raw_crc = res.crc;
	h.stored_crc = crc32(0, stored, res.out_len);
	h.verdict = (u32)v;
	h.log_offset = start;
	h.log_total = end;
	{
		EFI_TIME now;

		st = efi_rt_get_time(&now);
		report_date_format(h.date, st, &now);
	}
	rv_machine_name(h.machine, sizeof(h.machine), boot.sys_vendor,
			boot.product);

	st = write_chunks(&h, &written);
	if (!EFI_ERROR(st)) {
		rv_header_encode(&h, header);
		st = set_var(RV_HEADER_NAME, sizeof(header), header);
		if (EFI_ERROR(st))
			pr_err("persist: SetVariable(" RV_HEADER_NAME
			       ") failed: %s (status %#llx)\n",
			       efi_status_text(st), (unsigned long long)st);
	}
	if (EFI_ERROR(st)) {
		/* Leave nothing half-written behind. */
		delete_old();
		pr_err("persist: the report is not stored; the run's verdict was %s\n",
		       verdict_words[v]);
		return;
	}
	pr_info("persist: stored %u KiB of log as %u KiB in %u+1 UEFI variables " RV_HEADER_NAME
		"* (GUID " RV_GUID_STRING "), verdict %s\n",
		h.raw_size / 1024, (h.stored_size + 1023) / 1024, h.nr_chunks,
		verdict_words[v]);
	if (start)
		pr_info("persist: the first %llu KiB of the log are not in it (the map file has the map)\n",
			(unsigned long long)start / 1024);
	pr_info("persist: the next boot of this stick writes it to " REPORTS_DIR_NAME
		"\\%s-%s.txt\n",
		h.date, h.machine);
}
