// SPDX-License-Identifier: MIT
/*
 * Files on the boot volume, before ExitBootServices: the reports
 * directory, writing a file, and this run's firmware map with the machine's
 * identity (<date>-<machine>-map.txt), written early so that even a run that
 * crashes or hangs leaves them.  The map file is a boot log the simulator
 * reads (`build/sparsemm-sim FILE`): `#` comment lines,
 * then Linux's `efi: memNN:` lines.
 *
 * Writing a file makes the firmware allocate (buffers, FAT cache), which
 * changes the memory map: efi_main calls this before the last map fetch,
 * which is ExitBootServices' own, so the map sparsemm runs on is always
 * the final one.  The file's map is the one fetched just before writing;
 * it can differ from the final one in boot-services entries only.
 */
#include "efi_main.h"
#include "efi_memmap.h"
#include "report.h"

#include <lib/printk.h>
#include <lib/string.h>

#define MAP_FILE_HEAD_BYTES 2048 /* the comment lines */
#define FILE_NAME_MAX 96

EFI_GUID report_vendor_guid = RV_GUID_INIT;

static const CHAR16 *const report_dirs[] = {
	L"\\EFI",
	L"\\EFI\\sparsemm",
	L"\\EFI\\sparsemm\\reports",
};

const char *efi_status_text(EFI_STATUS st)
{
	switch (st) {
	case EFI_SUCCESS:
		return "success";
	case EFI_WRITE_PROTECTED:
		return "write-protected";
	case EFI_VOLUME_FULL:
		return "the volume is full";
	case EFI_OUT_OF_RESOURCES:
		return "out of resources (store full)";
	case EFI_ACCESS_DENIED:
		return "access denied";
	case EFI_SECURITY_VIOLATION:
		return "security violation";
	case EFI_MEDIA_CHANGED:
		return "the medium changed";
	case EFI_NO_MEDIA:
		return "no medium";
	case EFI_DEVICE_ERROR:
		return "device error";
	case EFI_VOLUME_CORRUPTED:
		return "the file system is corrupted";
	case EFI_NOT_FOUND:
		return "not found";
	case EFI_INVALID_PARAMETER:
		return "invalid parameter";
	case EFI_UNSUPPORTED:
		return "unsupported";
	case EFI_BUFFER_TOO_SMALL:
		return "buffer too small";
	case EFI_NOT_READY:
		return "not ready";
	default:
		return "error";
	}
}

void ascii_to_ucs2(CHAR16 *dst, size_t n, const char *src)
{
	size_t i = 0;

	for (; src[i] && i + 1 < n; i++)
		dst[i] = (CHAR16)(unsigned char)src[i];
	dst[i] = 0;
}

void report_date_format(char date[RV_DATE_LEN], EFI_STATUS st,
			const EFI_TIME *t)
{
	if (st == EFI_SUCCESS)
		rv_format_date(date, t->Year, t->Month, t->Day, t->Hour,
			       t->Minute, t->Second);
	else
		rv_format_date(date, 0, 0, 0, 0, 0, 0);
}

EFI_STATUS report_dir_open(EFI_HANDLE device, EFI_FILE_HANDLE *dir)
{
	EFI_FILE_HANDLE root = LibOpenRoot(device), h = NULL;
	EFI_STATUS st = EFI_SUCCESS;

	if (!root)
		return EFI_NOT_FOUND;
	/* Open with CREATE makes each directory if it isn't there (UEFI
	 * 2.10 §13.5, EFI_FILE_PROTOCOL.Open); one level at a time. */
	for (unsigned int i = 0; i < ARRAY_SIZE(report_dirs); i++) {
		st = uefi_call_wrapper(
			root->Open, 5, root, &h, (CHAR16 *)report_dirs[i],
			EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
				EFI_FILE_MODE_CREATE,
			EFI_FILE_DIRECTORY);
		if (EFI_ERROR(st))
			break;
		if (i + 1 < ARRAY_SIZE(report_dirs))
			uefi_call_wrapper(h->Close, 1, h);
	}
	uefi_call_wrapper(root->Close, 1, root);
	if (EFI_ERROR(st))
		return st;
	*dir = h;
	return EFI_SUCCESS;
}

EFI_STATUS report_file_write(EFI_FILE_HANDLE dir, const char *name,
			     const void *data, UINTN len)
{
	CHAR16 wname[FILE_NAME_MAX];
	EFI_FILE_HANDLE f;
	UINTN done = len;
	EFI_STATUS st;

	ascii_to_ucs2(wname, ARRAY_SIZE(wname), name);
	/* Replace, not overwrite in place: a shorter file must not keep the
	 * old one's tail.  Delete closes the handle. */
	st = uefi_call_wrapper(dir->Open, 5, dir, &f, wname,
			       EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0);
	if (!EFI_ERROR(st)) {
		st = uefi_call_wrapper(f->Delete, 1, f);
		if (st != EFI_SUCCESS)
			return EFI_ERROR(st) ? st : EFI_ACCESS_DENIED;
	}
	st = uefi_call_wrapper(dir->Open, 5, dir, &f, wname,
			       EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
				       EFI_FILE_MODE_CREATE,
			       0);
	if (EFI_ERROR(st))
		return st;
	st = uefi_call_wrapper(f->Write, 3, f, &done, (void *)data);
	if (!EFI_ERROR(st) && done != len)
		st = EFI_VOLUME_FULL;
	if (!EFI_ERROR(st))
		st = uefi_call_wrapper(f->Flush, 1, f);
	uefi_call_wrapper(f->Close, 1, f);
	return st;
}

static UINTN map_file_text(char *buf, UINTN size, const char *date)
{
	char line[EFI_MD_LINE_MAX];
	u32 n = efi_memmap_count();
	UINTN len;

	len = (UINTN)scnprintf(
		buf, size,
		"# sparsemm firmware memory map, written before ExitBootServices\n"
		"# date %.8s %.6s (firmware clock)\n"
		"# DMI: %s %s, BIOS %s\n"
		"# firmware: %s, revision %#x%s\n"
		"# %u descriptors of %llu bytes, version %u\n"
		"# replay it: build/sparsemm-sim THIS_FILE\n",
		date, date + 9, boot.sys_vendor, boot.product,
		boot.bios_version, boot.fw_vendor, boot.fw_revision,
		boot.is_qemu ? ", under QEMU" : "", n,
		(unsigned long long)boot.desc_size, boot.desc_version);
	for (u32 i = 0; i < n; i++) {
		struct efi_md_info md = efi_memmap_entry(i);

		efi_md_format_line(line, sizeof(line), i, &md);
		len += (UINTN)scnprintf(buf + len, size - len, "%s\n", line);
	}
	return len;
}

void report_map_file_write(EFI_LOADED_IMAGE *li)
{
	char date[RV_DATE_LEN], machine[RV_MACHINE_LEN], name[FILE_NAME_MAX];
	EFI_FILE_HANDLE dir;
	UINTN size, len;
	EFI_STATUS st;
	EFI_TIME now;
	char *text;

	st = uefi_call_wrapper(RT->GetTime, 2, &now, NULL);
	report_date_format(date, st, &now);
	rv_machine_name(machine, sizeof(machine), boot.sys_vendor,
			boot.product);
	scnprintf(name, sizeof(name), "%s-%s-map.txt", date, machine);
	/* Room for the map as it is now, plus the spare descriptors the map
	 * buffer has: the allocation itself may add an entry or two. */
	size = MAP_FILE_HEAD_BYTES +
	       (efi_memmap_count() + EFI_MMAP_SPARE_DESCRIPTORS) *
		       EFI_MD_LINE_MAX;
	text = AllocatePool(size);
	if (!text) {
		pr_err("report: no memory for the map file (%llu bytes); not written\n",
		       (unsigned long long)size);
		return;
	}
	st = efi_memmap_fetch();
	if (EFI_ERROR(st)) {
		pr_err("report: GetMemoryMap for the map file failed (status %#llx)\n",
		       (unsigned long long)st);
		FreePool(text);
		return;
	}
	len = map_file_text(text, size, date);
	st = report_dir_open(li->DeviceHandle, &dir);
	if (!EFI_ERROR(st)) {
		st = report_file_write(dir, name, text, len);
		uefi_call_wrapper(dir->Close, 1, dir);
	}
	FreePool(text);
	if (EFI_ERROR(st)) {
		pr_err("report: cannot write " REPORTS_DIR_NAME
		       "\\%s on the boot volume: %s (status %#llx); going on without it\n",
		       name, efi_status_text(st), (unsigned long long)st);
		return;
	}
	pr_info("report: firmware map and machine identity written to " REPORTS_DIR_NAME
		"\\%s\n",
		name);
}
