// SPDX-License-Identifier: MIT
/*
 * The first thing a boot does: if an earlier run left its report in UEFI
 * variables (report_store.c), reassemble it, check it (header, CRC-32 of
 * the stored stream and of the decoded text), write it to the boot volume
 * as \EFI\sparsemm\reports\<date>-<machine>.txt, and the JSON report in it
 * as .json, then delete the variables.  tools/efivar-report produces the
 * same two files from Linux.
 *
 * When the files cannot be written (a write-protected stick) the variables
 * stay, so the report is not lost: the next boot, or Linux, can still
 * fetch it.  A report that fails its checks is deleted with a message: it
 * can never become readable, and it occupies the store.
 */
#include "report.h"

#include <lib/crc32.h>
#include <lib/lzss.h>
#include <lib/printk.h>
#include <lib/string.h>

#define PREAMBLE_MAX 512
#define FILE_NAME_MAX 96

static const char *const verdict_words[] = {
	[RV_VERDICT_PASS] = "PASS",
	[RV_VERDICT_FAIL] = "FAIL",
	[RV_VERDICT_CRASH] = "CRASH",
};

static EFI_STATUS get_var(const char *name, void *buf, UINTN *size)
{
	CHAR16 wname[RV_NAME_MAX];
	UINT32 attrs;

	ascii_to_ucs2(wname, ARRAY_SIZE(wname), name);
	return uefi_call_wrapper(RT->GetVariable, 5, wname, &report_vendor_guid,
				 &attrs, size, buf);
}

static EFI_STATUS delete_var(const char *name)
{
	CHAR16 wname[RV_NAME_MAX];

	ascii_to_ucs2(wname, ARRAY_SIZE(wname), name);
	return uefi_call_wrapper(RT->SetVariable, 5, wname, &report_vendor_guid,
				 0, 0, NULL);
}

/* Chunks first, header last, as report_store.c writes them in reverse. */
static unsigned int delete_all(void)
{
	char name[RV_NAME_MAX];
	unsigned int n = 0;

	for (u32 i = 0; i < RV_MAX_CHUNKS; i++) {
		rv_chunk_name(name, sizeof(name), i);
		if (delete_var(name) != EFI_SUCCESS)
			break;
		n++;
	}
	if (delete_var(RV_HEADER_NAME) == EFI_SUCCESS)
		n++;
	return n;
}

/* Read the chunks into stored[0..h->stored_size); 0 or a reason. */
static const char *read_chunks(const struct rv_header *h, u8 *stored)
{
	char name[RV_NAME_MAX];

	for (u32 i = 0; i < h->nr_chunks; i++) {
		u32 off = i * h->chunk_size;
		UINTN want = MIN(h->chunk_size, h->stored_size - off);
		UINTN size = want;
		EFI_STATUS st;

		rv_chunk_name(name, sizeof(name), i);
		st = get_var(name, stored + off, &size);
		if (st == EFI_NOT_FOUND)
			return "a chunk variable is missing";
		if (EFI_ERROR(st) || size != want)
			return "a chunk variable has the wrong size";
	}
	if (crc32(0, stored, h->stored_size) != h->stored_crc)
		return "CRC-32 of the stored data does not match";
	return NULL;
}

/* Decode into text, after the preamble; 0 or a reason. */
static const char *decode(const struct rv_header *h, const u8 *stored,
			  char *text)
{
	if (h->flags & RV_FLAG_LZSS) {
		if (lzss_decompress(stored, h->stored_size, (u8 *)text,
				    h->raw_size))
			return "the compressed data is corrupt";
	} else {
		memcpy(text, stored, h->raw_size);
	}
	if (crc32(0, text, h->raw_size) != h->raw_crc)
		return "CRC-32 of the decoded log does not match";
	return NULL;
}

/* The lines the .txt starts with (tools/efivar-report writes the same). */
static UINTN preamble(const struct rv_header *h, char *buf)
{
	UINTN n = (UINTN)scnprintf(
		buf, PREAMBLE_MAX,
		"# sparsemm report: run of %s on %s, verdict %s\n", h->date,
		h->machine, verdict_words[h->verdict]);

	if (h->log_offset)
		n += (UINTN)scnprintf(
			buf + n, PREAMBLE_MAX - n,
			"# the first %llu bytes of the log did not fit in the UEFI variables and are missing\n",
			(unsigned long long)h->log_offset);
	return n;
}

static EFI_STATUS write_files(EFI_LOADED_IMAGE *li, const struct rv_header *h,
			      const char *text, UINTN len, bool *json)
{
	char name[FILE_NAME_MAX];
	const char *obj;
	size_t obj_len = 0;
	EFI_FILE_HANDLE dir;
	EFI_STATUS st;

	st = report_dir_open(li->DeviceHandle, &dir);
	if (EFI_ERROR(st))
		return st;
	scnprintf(name, sizeof(name), "%s-%s.txt", h->date, h->machine);
	st = report_file_write(dir, name, text, len);
	obj = rv_find_json(text, len, &obj_len);
	*json = obj && !EFI_ERROR(st);
	if (*json) {
		scnprintf(name, sizeof(name), "%s-%s.json", h->date,
			  h->machine);
		st = report_file_write(dir, name, obj, obj_len);
	}
	uefi_call_wrapper(dir->Close, 1, dir);
	return st;
}

void report_export(EFI_LOADED_IMAGE *li)
{
	u8 hbuf[RV_HEADER_BYTES];
	UINTN size = sizeof(hbuf), pre, n;
	struct rv_header h;
	const char *why;
	EFI_STATUS st;
	char *text;
	u8 *stored;
	bool json;

	st = get_var(RV_HEADER_NAME, hbuf, &size);
	if (st == EFI_NOT_FOUND) {
		pr_info("persist: no stored report from an earlier run\n");
		return;
	}
	if (EFI_ERROR(st) && st != EFI_BUFFER_TOO_SMALL) {
		pr_err("persist: reading " RV_HEADER_NAME
		       " failed: %s (status %#llx); left alone\n",
		       efi_status_text(st), (unsigned long long)st);
		return;
	}
	if (st == EFI_BUFFER_TOO_SMALL)
		size = 0; /* not our layout: decode says so */
	if (rv_header_decode(hbuf, size, &h, &why)) {
		n = delete_all();
		pr_err("persist: a stored report's header is unusable (%s); its %u variables are deleted\n",
		       why, (unsigned int)n);
		return;
	}
	stored = AllocatePool(h.stored_size + 1);
	text = AllocatePool(PREAMBLE_MAX + h.raw_size + 1);
	if (!stored || !text) {
		pr_err("persist: no memory to read the stored report (%u + %u bytes); left for the next boot\n",
		       h.stored_size, h.raw_size);
		goto out;
	}
	pre = preamble(&h, text);
	why = read_chunks(&h, stored);
	if (!why)
		why = decode(&h, stored, text + pre);
	if (why) {
		n = delete_all();
		pr_err("persist: the stored report of %s is corrupt (%s); its %u variables are deleted\n",
		       h.date, why, (unsigned int)n);
		goto out;
	}
	st = write_files(li, &h, text, pre + h.raw_size, &json);
	if (EFI_ERROR(st)) {
		pr_err("persist: cannot write the stored report of %s to " REPORTS_DIR_NAME
		       " on the boot volume: %s (status %#llx)\n",
		       h.date, efi_status_text(st), (unsigned long long)st);
		pr_err("persist: its UEFI variables are kept; tools/efivar-report reads them from Linux\n");
		goto out;
	}
	n = delete_all();
	pr_info("persist: the report of the run of %s (verdict %s) was in UEFI variables: written to " REPORTS_DIR_NAME
		"\\%s-%s.txt%s, %u variables deleted\n",
		h.date, verdict_words[h.verdict], h.date, h.machine,
		json ? " and .json" : " (no JSON report in it)",
		(unsigned int)n);
out:
	if (stored)
		FreePool(stored);
	if (text)
		FreePool(text);
}
