// SPDX-License-Identifier: MIT
/*
 * status_update() and its hook (include/lib/status.h).  The hook is a plain
 * function pointer, NULL until a platform installs one: no weak symbols, so
 * the simulator and the unit tests link the same object and simply have no
 * display.
 */
#include <lib/status.h>

static status_hook_fn status_hook;

void status_set_hook(status_hook_fn fn)
{
	status_hook = fn;
}

void status_update(const char *suite, unsigned int pct, unsigned long errors,
		   u64 tested_bytes)
{
	struct run_status st = {
		.suite = suite,
		.pct = pct > STATUS_PCT_MAX ? STATUS_PCT_MAX : pct,
		.errors = errors,
		.tested_bytes = tested_bytes,
	};

	if (status_hook)
		status_hook(&st);
}
