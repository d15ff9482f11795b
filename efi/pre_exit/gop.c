// SPDX-License-Identifier: MIT
/*
 * The GOP framebuffer, taken before ExitBootServices (docs/architecture.md,
 * boot step 2).  efi_main calls gop_collect() once: it finds the Graphics
 * Output Protocol as Linux's EFI stub does (every GOP handle; the first
 * usable one ConOut writes to, else the first usable one: with two adapters
 * ConsoleOutHandle carries edk2's console splitter, whose GOP is
 * Blt-only), chooses a mode a person can read, sets it, and records the
 * framebuffer in boot.fb for the console drawn after ExitBootServices
 * (fbcon.c).  After ExitBootServices the GOP itself is gone (it is a boot
 * service protocol); only the framebuffer memory and what we wrote down
 * about it remain, and paging_init identity-maps it.
 *
 * The choice: screen=WxH picks that mode when the firmware offers it;
 * otherwise the current mode is kept when it is at least 800x600 (the
 * firmware's choice usually matches the panel), else the largest mode up
 * to 1920x1080 is set.  A mode is usable when it has a linear framebuffer
 * with 32-bit pixels: RGB or BGR 8 bits per colour, or a bit mask whose
 * highest bit makes 32-bit pixels.  PixelBltOnly has no framebuffer at all
 * (UEFI 2.10, 12.9 "Graphics Output Protocol": it can be drawn to only
 * through Blt(), a boot service): such a machine runs headless, and says so.
 *
 * Invariant: boot.fb.base != 0 iff boot.fb describes a usable framebuffer
 * at least stride * height * 4 bytes long.
 */
#define pr_fmt(fmt) "gop: " fmt

#include "boot.h"
#include "fb.h"

#include <efi.h>
#include <efilib.h>
#include <lib/printk.h>
#include <mm/memblock.h>

#define GOP_MIN_WIDTH 800 /* below this the current mode is replaced */
#define GOP_MIN_HEIGHT 600
#define GOP_MAX_WIDTH 1920 /* the automatic choice stays at most 1080p */
#define GOP_MAX_HEIGHT 1080
#define GOP_BYTES_PER_PIXEL 4
#define GOP_PIXEL_BITS 32
#define GOP_CHANNEL_BITS 8

static const char *const format_names[] = {
	[PixelRedGreenBlueReserved8BitPerColor] = "RGB 8-bit",
	[PixelBlueGreenRedReserved8BitPerColor] = "BGR 8-bit",
	[PixelBitMask] = "bit mask",
	[PixelBltOnly] = "Blt only",
};

static const char *format_name(EFI_GRAPHICS_PIXEL_FORMAT f)
{
	return (unsigned int)f < ARRAY_SIZE(format_names) ? format_names[f] :
							    "unknown format";
}

static unsigned int highest_bit(u32 x)
{
	unsigned int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

/* A mask is one run of set bits. */
static bool mask_contiguous(u32 m)
{
	if (!m)
		return false;
	while (!(m & 1))
		m >>= 1;
	return !(m & (m + 1));
}

/*
 * Whether sparsemm can draw into a mode; if not, why (for the log).  For
 * PixelBitMask the pixel size is given by the highest bit set in the four
 * masks (UEFI 2.10, 12.9, EFI_PIXEL_BITMASK): only 32-bit pixels are drawn.
 */
static const char *
mode_unusable(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info)
{
	const EFI_PIXEL_BITMASK *m = &info->PixelInformation;
	u32 all;

	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
	case PixelBlueGreenRedReserved8BitPerColor:
		break;
	case PixelBitMask:
		all = m->RedMask | m->GreenMask | m->BlueMask | m->ReservedMask;
		if (!mask_contiguous(m->RedMask) ||
		    !mask_contiguous(m->GreenMask) ||
		    !mask_contiguous(m->BlueMask) ||
		    (m->RedMask & m->GreenMask) || (m->RedMask & m->BlueMask) ||
		    (m->GreenMask & m->BlueMask))
			return "its colour bit masks are not three disjoint runs of bits";
		if (highest_bit(all) <= GOP_PIXEL_BITS - GOP_CHANNEL_BITS)
			return "its bit masks make pixels narrower than 32 bits, which sparsemm does not draw";
		break;
	case PixelBltOnly:
		return "it is Blt-only: there is no framebuffer to draw into after ExitBootServices";
	default:
		return "its pixel format is unknown";
	}
	if (info->PixelsPerScanLine < info->HorizontalResolution)
		return "its scan line is shorter than its width";
	return NULL;
}

static EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *
query(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, u32 mode)
{
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = NULL;
	UINTN size = 0;

	if (EFI_ERROR(uefi_call_wrapper(gop->QueryMode, 4, gop, mode, &size,
					&info)))
		return NULL;
	return info;
}

/* The mode screen=WxH names, or -1 (saying why, with the sizes offered). */
static int find_requested_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, u32 w, u32 h)
{
	u32 max = gop->Mode->MaxMode;

	for (u32 i = 0; i < max; i++) {
		EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = query(gop, i);
		const char *why;
		bool match;

		if (!info)
			continue;
		match = info->HorizontalResolution == w &&
			info->VerticalResolution == h;
		why = mode_unusable(info);
		FreePool(info);
		if (!match)
			continue;
		if (!why)
			return (int)i;
		pr_warn("screen=%ux%u: mode %u has that size but %s; choosing another\n",
			w, h, i, why);
		return -1;
	}
	pr_warn("screen=%ux%u: the firmware offers no such mode; it has:", w,
		h);
	for (u32 i = 0; i < max; i++) {
		EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = query(gop, i);

		if (!info)
			continue;
		pr_cont(" %ux%u", info->HorizontalResolution,
			info->VerticalResolution);
		FreePool(info);
	}
	pr_cont("; choosing automatically\n");
	return -1;
}

/* The current mode when big enough, else the largest usable mode up to
 * GOP_MAX_WIDTH x GOP_MAX_HEIGHT; -1 when no mode is usable. */
static int choose_auto_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop)
{
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *cur = gop->Mode->Info;
	u64 best_area = 0;
	int best = -1;

	if (cur && !mode_unusable(cur) &&
	    cur->HorizontalResolution >= GOP_MIN_WIDTH &&
	    cur->VerticalResolution >= GOP_MIN_HEIGHT)
		return (int)gop->Mode->Mode;
	for (u32 i = 0; i < gop->Mode->MaxMode; i++) {
		EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = query(gop, i);
		u64 area;

		if (!info)
			continue;
		area = (u64)info->HorizontalResolution *
		       info->VerticalResolution;
		if (!mode_unusable(info) &&
		    info->HorizontalResolution <= GOP_MAX_WIDTH &&
		    info->VerticalResolution <= GOP_MAX_HEIGHT &&
		    area > best_area) {
			best_area = area;
			best = (int)i;
		}
		FreePool(info);
	}
	if (best < 0 && cur && !mode_unusable(cur))
		best = (int)gop->Mode->Mode; /* only larger modes: keep it */
	return best;
}

/* EFI_CONSOLE_OUT_DEVICE_GUID: installed by the console platform driver
 * on each handle that ConOut really writes to. */
#define CONSOLE_OUT_DEVICE_GUID                                        \
	{                                                              \
		0xd3b36f2c, 0xd551, 0x11d4,                            \
		{                                                      \
			0x9a, 0x46, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d \
		}                                                      \
	}

/*
 * As Linux's EFI stub (find_gop): every handle with a GOP, skipping those
 * with no mode sparsemm can draw into (a console splitter's Blt-only GOP,
 * which is what ConsoleOutHandle carries when there are two adapters);
 * the first that ConOut writes to (the console-out protocol) wins, else
 * the first usable one.  NULL when none is usable; *handles and *usable
 * count what was seen, for the log.
 */
static EFI_GRAPHICS_OUTPUT_PROTOCOL *locate_gop(UINTN *handles, UINTN *usable,
						bool *conout)
{
	EFI_GUID guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GUID conout_guid = CONSOLE_OUT_DEVICE_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *first = NULL;
	EFI_HANDLE *buf = NULL;
	UINTN n = 0;

	*handles = *usable = 0;
	*conout = false;
	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&guid, NULL, &n, &buf)))
		return NULL;
	*handles = n;
	for (UINTN i = 0; i < n; i++) {
		EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
		void *dummy = NULL;

		uefi_call_wrapper(BS->HandleProtocol, 3, buf[i], &guid,
				  (void **)&gop);
		if (!gop || !gop->Mode || !gop->Mode->Info ||
		    choose_auto_mode(gop) < 0)
			continue;
		(*usable)++;
		if (!EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, buf[i],
						 &conout_guid, &dummy))) {
			first = gop;
			*conout = true;
			break;
		}
		if (!first)
			first = gop;
	}
	FreePool(buf);
	return first;
}

static void record_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop)
{
	const EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE *m = gop->Mode;
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = m->Info;
	struct fb_info *fb = &boot.fb;
	u64 need = (u64)info->PixelsPerScanLine * info->VerticalResolution *
		   GOP_BYTES_PER_PIXEL;

	if (!m->FrameBufferBase || m->FrameBufferSize < need) {
		pr_warn("mode %u reports framebuffer %#llx of %llu bytes, less than the %llu it needs: no screen console\n",
			m->Mode, (unsigned long long)m->FrameBufferBase,
			(unsigned long long)m->FrameBufferSize,
			(unsigned long long)need);
		return;
	}
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->stride = info->PixelsPerScanLine;
	fb->size = m->FrameBufferSize;
	fb->mode = m->Mode;
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = FB_FORMAT_RGB8;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = FB_FORMAT_BGR8;
		break;
	default:
		fb->format = FB_FORMAT_BITMASK;
		fb->red_mask = info->PixelInformation.RedMask;
		fb->green_mask = info->PixelInformation.GreenMask;
		fb->blue_mask = info->PixelInformation.BlueMask;
		break;
	}
	fb->base = m->FrameBufferBase;
}

void gop_collect(void)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	u32 old_w = 0, old_h = 0;
	UINTN handles, usable;
	bool conout;
	int mode = -1;

	if (boot.cfg.screen_off) {
		pr_info("screen=off: no screen console\n");
		return;
	}
	gop = locate_gop(&handles, &usable, &conout);
	if (!handles) {
		pr_info("no Graphics Output Protocol: no screen console (headless; the log goes to serial)\n");
		return;
	}
	if (!gop) {
		pr_warn("%llu Graphics Output handles, none with a mode that has a framebuffer sparsemm can draw into (Blt-only or unknown pixel formats): no screen console\n",
			(unsigned long long)handles);
		return;
	}
	pr_info("%llu Graphics Output handles; %llu with a usable framebuffer; using %s\n",
		(unsigned long long)handles, (unsigned long long)usable,
		conout ? "the one ConOut writes to" :
			 "the first (none is marked as ConOut's)");
	if (boot.cfg.screen_w)
		mode = find_requested_mode(gop, boot.cfg.screen_w,
					   boot.cfg.screen_h);
	if (mode < 0)
		mode = choose_auto_mode(gop); /* >= 0: locate_gop checked */
	if ((u32)mode != gop->Mode->Mode) {
		old_w = gop->Mode->Info->HorizontalResolution;
		old_h = gop->Mode->Info->VerticalResolution;
		if (EFI_ERROR(uefi_call_wrapper(gop->SetMode, 2, gop,
						(u32)mode))) {
			pr_warn("setting mode %d failed; keeping mode %u\n",
				mode, gop->Mode->Mode);
			const char *why = mode_unusable(gop->Mode->Info);

			old_w = 0;
			if (why) {
				pr_warn("mode %u cannot be used: %s: no screen console\n",
					gop->Mode->Mode, why);
				return;
			}
		}
	}
	record_mode(gop);
	if (!boot.fb.base)
		return;
	pr_info("mode %u of %u: %ux%u %s, stride %u px, framebuffer [mem %#018llx-%#018llx] (%llu KiB)",
		boot.fb.mode, gop->Mode->MaxMode, boot.fb.width, boot.fb.height,
		format_name(gop->Mode->Info->PixelFormat), boot.fb.stride,
		(unsigned long long)boot.fb.base,
		(unsigned long long)(boot.fb.base + boot.fb.size - 1),
		(unsigned long long)(boot.fb.size >> 10));
	if (boot.fb.format == FB_FORMAT_BITMASK)
		pr_cont(", masks R %#x G %#x B %#x", boot.fb.red_mask,
			boot.fb.green_mask, boot.fb.blue_mask);
	if (old_w)
		pr_cont(", set (was %ux%u)\n", old_w, old_h);
	else
		pr_cont(", the firmware's current mode\n");
}

void gop_reserve_framebuffer(void)
{
	struct fb_info *fb = &boot.fb;

	if (!fb->base ||
	    !memblock_overlaps_region(&memblock.memory, fb->base, fb->size))
		return;
	pr_info("framebuffer [mem %#018llx-%#018llx] lies in RAM: reserved\n",
		(unsigned long long)fb->base,
		(unsigned long long)(fb->base + fb->size - 1));
	if (memblock_reserve(fb->base, fb->size))
		pr_err("cannot reserve the framebuffer: the allocator may hand out the screen's memory\n");
}
