// SPDX-License-Identifier: MIT
/*
 * The quirk loader's entry point (overview in quirks.h): read the quirk
 * words, apply them in table order, start sparsemm.
 *
 * \EFI\quirks\quirks.cfg holds words separated by blanks or newlines, '#'
 * to the end of a line is a comment; a word is a quirk name, some take
 * "=N".  An unknown word, or a quirk that fails, stops here with a
 * message: sparsemm is not started, the run has no verdict and the test
 * fails.  sparsemm is loaded from \EFI\sparsemm\sparsemm.efi on the same
 * volume and gets this image's load options unchanged, so its own
 * configuration (\EFI\sparsemm\sparsemm.cfg, read from that volume, and the
 * options) reaches it as if the firmware had started it.
 */
#include "quirks.h"

#define CFG_PATH L"\\EFI\\quirks\\quirks.cfg"
#define SPARSEMM_PATH L"\\EFI\\sparsemm\\sparsemm.efi"
#define CFG_MAX 4096

enum { ARG_NONE, ARG_NUMBER };

struct quirk {
	const char *name;
	EFI_STATUS (*apply)(UINTN arg);
	UINTN default_arg;
	int arg_kind;
	bool wanted;
	UINTN arg;
};

static EFI_STATUS apply_acpi_reserved(UINTN arg)
{
	return quirk_acpi_copy(EfiReservedMemoryType, L"acpi-reserved");
}

static EFI_STATUS apply_acpi_bsdata(UINTN arg)
{
	return quirk_acpi_copy(EfiBootServicesData, L"acpi-bsdata");
}

static EFI_STATUS apply_rt_touch_bs(UINTN arg)
{
	return quirk_rt_touch_bs();
}

static EFI_STATUS apply_bs_runtime_attr(UINTN arg)
{
	return quirk_bs_runtime_attr();
}

static EFI_STATUS apply_map_shuffle(UINTN arg)
{
	return quirk_map_shuffle(arg);
}

static EFI_STATUS apply_map_frag(UINTN arg)
{
	return quirk_map_frag(arg);
}

static EFI_STATUS apply_lowmem_full(UINTN arg)
{
	return quirk_lowmem_full();
}

/* Applied last, right before StartImage (arm_watchdog). */
static EFI_STATUS apply_nothing(UINTN arg)
{
	return EFI_SUCCESS;
}

/* The order of application; see quirks.h. */
static struct quirk quirks[] = {
	{ "lowmem-full", apply_lowmem_full, 0, ARG_NONE, false, 0 },
	{ "map-frag", apply_map_frag, 300, ARG_NUMBER, false, 0 },
	{ "acpi-reserved", apply_acpi_reserved, 0, ARG_NONE, false, 0 },
	{ "acpi-bsdata", apply_acpi_bsdata, 0, ARG_NONE, false, 0 },
	{ "rt-touch-bs", apply_rt_touch_bs, 0, ARG_NONE, false, 0 },
	{ "bs-runtime-attr", apply_bs_runtime_attr, 0, ARG_NONE, false, 0 },
	{ "map-shuffle", apply_map_shuffle, 64, ARG_NONE, false, 0 },
	{ "map-shuffle80", apply_map_shuffle, 80, ARG_NONE, false, 0 },
	{ "watchdog", apply_nothing, 1, ARG_NUMBER, false, 0 },
};

static struct quirk *find_quirk(const char *w, UINTN len)
{
	for (UINTN i = 0; i < sizeof(quirks) / sizeof(quirks[0]); i++) {
		const char *n = quirks[i].name;
		UINTN k = 0;

		while (k < len && n[k] && n[k] == w[k])
			k++;
		if (k == len && !n[k])
			return &quirks[i];
	}
	return NULL;
}

static bool parse_number(const char *s, UINTN len, UINTN *out)
{
	UINTN v = 0;

	if (!len)
		return false;
	for (UINTN i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > 100000000)
			return false;
		v = v * 10 + (UINTN)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* One word: "name" or "name=N". */
static EFI_STATUS parse_word(const char *w, UINTN len)
{
	UINTN name_len = 0;
	struct quirk *q;

	char word[64];

	for (UINTN i = 0; i < sizeof(word); i++)
		word[i] = i < len && i + 1 < sizeof(word) ? w[i] : '\0';
	while (name_len < len && w[name_len] != '=')
		name_len++;
	q = find_quirk(w, name_len);
	if (!q) {
		qlog(L"%s: unknown quirk '%a'", CFG_PATH, word);
		return EFI_INVALID_PARAMETER;
	}
	q->wanted = true;
	q->arg = q->default_arg;
	if (name_len == len)
		return EFI_SUCCESS;
	if (q->arg_kind != ARG_NUMBER ||
	    !parse_number(w + name_len + 1, len - name_len - 1, &q->arg)) {
		qlog(L"%s: '%a': %a takes %a", CFG_PATH, word, q->name,
		     q->arg_kind == ARG_NUMBER ? "a decimal number" :
						 "no value");
		return EFI_INVALID_PARAMETER;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS read_config(EFI_HANDLE device)
{
	static char text[CFG_MAX];
	EFI_FILE_HANDLE root, file;
	UINTN size = sizeof(text) - 1, i = 0;
	EFI_STATUS st;

	root = LibOpenRoot(device);
	if (!root) {
		qlog(L"the boot volume is not readable");
		return EFI_NOT_FOUND;
	}
	st = uefi_call_wrapper(root->Open, 5, root, &file, CFG_PATH,
			       EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st)) {
		qlog(L"no %s: %r", CFG_PATH, st);
		return st;
	}
	st = uefi_call_wrapper(file->Read, 3, file, &size, text);
	uefi_call_wrapper(file->Close, 1, file);
	if (EFI_ERROR(st))
		return st;
	while (i < size) {
		UINTN start;

		if (text[i] == '#') {
			while (i < size && text[i] != '\n')
				i++;
			continue;
		}
		if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
		    text[i] == '\n') {
			i++;
			continue;
		}
		start = i;
		while (i < size && text[i] != ' ' && text[i] != '\t' &&
		       text[i] != '\r' && text[i] != '\n' && text[i] != '#')
			i++;
		st = parse_word(text + start, i - start);
		if (EFI_ERROR(st))
			return st;
	}
	return EFI_SUCCESS;
}

/* Watches what the started image does with the watchdog, for the log. */
static EFI_SET_WATCHDOG_TIMER real_set_watchdog;

static EFI_STATUS EFIAPI set_watchdog_logged(UINTN timeout, UINT64 code,
					     UINTN size, CHAR16 *data)
{
	EFI_STATUS st = uefi_call_wrapper(real_set_watchdog, 4, timeout, code,
					  size, data);

	qlog(L"watchdog: the started image called SetWatchdogTimer(%lu): %r%a",
	     (UINT64)timeout, st, timeout ? "" : " (disarmed)");
	return st;
}

static EFI_STATUS arm_watchdog(UINTN seconds)
{
	/* As a boot manager does before StartImage (UEFI 2.10 §3.1.2 arms
	 * 5 minutes), but short. */
	EFI_STATUS st = uefi_call_wrapper(BS->SetWatchdogTimer, 4, seconds,
					  0x10000, 0, NULL);

	if (EFI_ERROR(st)) {
		qlog(L"watchdog: SetWatchdogTimer(%lu): %r", (UINT64)seconds,
		     st);
		return st;
	}
	real_set_watchdog = BS->SetWatchdogTimer;
	BS->SetWatchdogTimer = set_watchdog_logged;
	quirk_fix_table_crc(&BS->Hdr);
	qlog(L"watchdog: armed for %lu s; the machine resets unless the started image disarms it",
	     (UINT64)seconds);
	return EFI_SUCCESS;
}

void quirk_fix_table_crc(EFI_TABLE_HEADER *hdr)
{
	UINT32 crc = 0;

	hdr->CRC32 = 0;
	uefi_call_wrapper(BS->CalculateCrc32, 3, hdr, hdr->HeaderSize, &crc);
	hdr->CRC32 = crc;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_GUID lip_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL, *child_li = NULL;
	EFI_DEVICE_PATH *path;
	EFI_HANDLE child;
	struct quirk *wd = find_quirk("watchdog", 8);
	EFI_STATUS st;

	InitializeLib(image, systab);
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &lip_guid,
			  (void **)&li);
	if (!li) {
		qlog(L"no loaded-image protocol");
		return EFI_LOAD_ERROR;
	}
	st = read_config(li->DeviceHandle);
	if (EFI_ERROR(st))
		return st;
	for (UINTN i = 0; i < sizeof(quirks) / sizeof(quirks[0]); i++) {
		if (!quirks[i].wanted)
			continue;
		st = quirks[i].apply(quirks[i].arg);
		if (EFI_ERROR(st)) {
			qlog(L"%a failed: %r; not starting sparsemm",
			     quirks[i].name, st);
			return st;
		}
	}

	path = FileDevicePath(li->DeviceHandle, SPARSEMM_PATH);
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, image, path, NULL, 0,
			       &child);
	if (EFI_ERROR(st)) {
		qlog(L"LoadImage %s: %r", SPARSEMM_PATH, st);
		return st;
	}
	uefi_call_wrapper(BS->HandleProtocol, 3, child, &lip_guid,
			  (void **)&child_li);
	if (child_li) {
		child_li->LoadOptions = li->LoadOptions;
		child_li->LoadOptionsSize = li->LoadOptionsSize;
	}
	if (wd->wanted) {
		st = arm_watchdog(wd->arg);
		if (EFI_ERROR(st))
			return st;
	}
	qlog(L"starting %s", SPARSEMM_PATH);
	st = uefi_call_wrapper(BS->StartImage, 3, child, NULL, NULL);
	qlog(L"sparsemm returned %r", st);
	return st;
}
