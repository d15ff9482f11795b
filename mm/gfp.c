// SPDX-License-Identifier: MIT
/*
 * GFP flag names, as Linux's %pGg prints them (lib/vsprintf.c
 * format_flags() over include/trace/events/mmflags.h's table).
 *
 * What it owns: the name table.  The table lists composites before the
 * bits they contain, in Linux's order, so the first matching entry wins
 * and its bits are consumed: 0xcc0 prints "GFP_KERNEL", 0xdc0 prints
 * "GFP_KERNEL|__GFP_ZERO".  Bits no entry names are printed as one hex
 * number at the end; 0 prints nothing (Linux: "mode:0x0()").
 *
 * Who calls it: the allocation-failure and bad-GFP reports, the tests.
 */
#include <mm/gfp.h>

#include <lib/printk.h>

struct gfp_name {
	gfp_t mask;
	const char *name;
};

#define GFP_NAME(f)   \
	{             \
		f, #f \
	}

static const struct gfp_name gfp_names[] = {
	GFP_NAME(GFP_TRANSHUGE),
	GFP_NAME(GFP_TRANSHUGE_LIGHT),
	GFP_NAME(GFP_HIGHUSER_MOVABLE),
	GFP_NAME(GFP_HIGHUSER),
	GFP_NAME(GFP_USER),
	GFP_NAME(GFP_KERNEL_ACCOUNT),
	GFP_NAME(GFP_KERNEL),
	GFP_NAME(GFP_NOFS),
	GFP_NAME(GFP_ATOMIC),
	GFP_NAME(GFP_NOIO),
	GFP_NAME(GFP_NOWAIT),
	GFP_NAME(GFP_DMA),
	GFP_NAME(__GFP_HIGHMEM),
	GFP_NAME(GFP_DMA32),
	GFP_NAME(__GFP_HIGH),
	GFP_NAME(__GFP_IO),
	GFP_NAME(__GFP_FS),
	GFP_NAME(__GFP_NOWARN),
	GFP_NAME(__GFP_RETRY_MAYFAIL),
	GFP_NAME(__GFP_NOFAIL),
	GFP_NAME(__GFP_NORETRY),
	GFP_NAME(__GFP_COMP),
	GFP_NAME(__GFP_ZERO),
	GFP_NAME(__GFP_NOMEMALLOC),
	GFP_NAME(__GFP_MEMALLOC),
	GFP_NAME(__GFP_HARDWALL),
	GFP_NAME(__GFP_THISNODE),
	GFP_NAME(__GFP_RECLAIMABLE),
	GFP_NAME(__GFP_MOVABLE),
	GFP_NAME(__GFP_ACCOUNT),
	GFP_NAME(__GFP_WRITE),
	GFP_NAME(__GFP_RECLAIM),
	GFP_NAME(__GFP_DIRECT_RECLAIM),
	GFP_NAME(__GFP_KSWAPD_RECLAIM),
};

int gfp_flags_string(char *buf, size_t size, gfp_t gfp)
{
	unsigned long flags = gfp;
	size_t i;
	int n = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	for (i = 0; flags && i < ARRAY_SIZE(gfp_names); i++) {
		gfp_t mask = gfp_names[i].mask;

		if ((flags & mask) != mask)
			continue;
		flags &= ~(unsigned long)mask;
		n += scnprintf(buf + n, size - n, "%s%s", gfp_names[i].name,
			       flags ? "|" : "");
	}
	if (flags)
		n += scnprintf(buf + n, size - n, "%#lx", flags);
	return n;
}
