/* SPDX-License-Identifier: MIT */
/*
 * The run's status for a display: which suite runs, how far it is, how
 * many errors were found and how much memory was tested.  Portable code
 * (the stress runner) reports through status_update(); a platform that has
 * somewhere to show it (the firmware app's framebuffer status area,
 * efi/post_exit/fbstatus.c) installs a hook with status_set_hook().  Without a hook
 * (the simulator, unit tests, a headless machine) status_update() does
 * nothing, so callers never need to know whether a screen exists.
 */
#ifndef LIB_STATUS_H
#define LIB_STATUS_H

#include <lib/types.h>

#define STATUS_PCT_MAX 100

struct run_status {
	const char *suite; /* current suite; NULL or "" when none */
	unsigned int pct; /* its progress, 0..STATUS_PCT_MAX */
	unsigned long errors; /* errors found so far in the whole run */
	u64 tested_bytes; /* memory tested so far (0: not counted) */
};

typedef void (*status_hook_fn)(const struct run_status *st);

/* Install (or, with NULL, remove) the display hook. */
void status_set_hook(status_hook_fn fn);

/*
 * Report the run's status.  pct above STATUS_PCT_MAX is clamped; suite is
 * only read during the call.  Cheap when no hook is installed; the hook may
 * draw, so call it at most every few milliseconds (per pass or per percent,
 * not per page).
 */
void status_update(const char *suite, unsigned int pct, unsigned long errors,
		   u64 tested_bytes);

#endif
