// SPDX-License-Identifier: MIT
/*
 * Configuration sources before ExitBootServices: \EFI\sparsemm\sparsemm.cfg
 * on the volume sparsemm was loaded from, then the image's load options
 * (the UEFI shell command line), which override the file.
 */
#include "boot.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>

#define CONFIG_PATH L"\\EFI\\sparsemm\\sparsemm.cfg"
#define CONFIG_MAX_BYTES 65536

static void load_config_file(EFI_LOADED_IMAGE *li)
{
	static char text[CONFIG_MAX_BYTES];
	EFI_FILE_HANDLE root, file;
	UINTN size = sizeof(text);
	EFI_STATUS st;

	root = LibOpenRoot(li->DeviceHandle);
	if (!root) {
		pr_info("sparsemm: config: boot volume not readable; no config file\n");
		return;
	}
	st = uefi_call_wrapper(root->Open, 5, root, &file, CONFIG_PATH,
			       EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st)) {
		pr_info("sparsemm: config: no \\EFI\\sparsemm\\sparsemm.cfg; using defaults\n");
		uefi_call_wrapper(root->Close, 1, root);
		return;
	}
	st = uefi_call_wrapper(file->Read, 3, file, &size, text);
	uefi_call_wrapper(file->Close, 1, file);
	uefi_call_wrapper(root->Close, 1, root);
	if (EFI_ERROR(st)) {
		pr_err("sparsemm: config: reading \\EFI\\sparsemm\\sparsemm.cfg failed (status %#llx); using defaults\n",
		       (unsigned long long)st);
		return;
	}
	if (size == sizeof(text))
		pr_err("sparsemm: config: \\EFI\\sparsemm\\sparsemm.cfg is larger than %u bytes; only the first %u are read\n",
		       CONFIG_MAX_BYTES, CONFIG_MAX_BYTES);
	config_parse(&boot.cfg, text, size, "\\EFI\\sparsemm\\sparsemm.cfg");
}

/*
 * Load options are UCS-2.  The shell passes the whole command line,
 * program name first; a boot entry may pass anything.  Words without '='
 * before the first key=value word are taken as the program name and
 * skipped.
 */
static void load_options(EFI_LOADED_IMAGE *li)
{
	static char text[4096];
	const CHAR16 *opt = li->LoadOptions;
	UINTN n = li->LoadOptionsSize / sizeof(CHAR16), k = 0, start = 0;

	if (!opt || !n)
		return;
	for (UINTN i = 0; i < n && opt[i] && k + 1 < sizeof(text); i++)
		text[k++] = opt[i] < 0x7f ? (char)opt[i] : '?';
	text[k] = '\0';
	/* Skip the program name: everything up to the first blank, if that
	 * word has no '=' in it. */
	while (start < k && text[start] == ' ')
		start++;
	{
		UINTN end = start;
		bool has_eq = false;

		while (end < k && text[end] != ' ')
			has_eq |= text[end++] == '=';
		if (!has_eq)
			start = end;
	}
	if (start < k)
		config_parse(&boot.cfg, text + start, k - start,
			     "load options");
}

void config_load(EFI_LOADED_IMAGE *li)
{
	config_defaults(&boot.cfg);
	load_config_file(li);
	load_options(li);
	console_loglevel = boot.cfg.loglevel;
}
