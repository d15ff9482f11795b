/* SPDX-License-Identifier: MIT */
/*
 * The KTAP version 1 emitter: the one place that writes test results.
 * A ktap_suite tracks a plan and counts at one nesting depth; subtests are
 * suites at depth + 1, indented two spaces per level, whose parent result
 * line follows them unindented.
 */
#ifndef LIB_KTAP_H
#define LIB_KTAP_H

#include <lib/types.h>

enum ktap_result { KTAP_OK, KTAP_NOT_OK, KTAP_SKIP };

struct ktap_suite {
	const char *name;
	int depth; /* 0 = top level */
	int planned;
	int run; /* results emitted so far */
	int passed;
	int failed;
	int skipped;
};

/* Print "KTAP version 1" and "1..planned" at the suite's depth. */
void ktap_begin(struct ktap_suite *s, const char *name, int depth, int planned);
/* Emit result number ++run; 'reason' (may be NULL) follows "# " or the
 * SKIP directive.  Returns true for KTAP_OK and KTAP_SKIP. */
bool ktap_result(struct ktap_suite *s, enum ktap_result r, const char *name,
		 const char *reason);
/* A diagnostic line "# ..." at the suite's depth. */
void ktap_diag(const struct ktap_suite *s, const char *fmt, ...) __printf(2, 3);
/* True when every planned result was emitted and none failed. */
bool ktap_suite_ok(const struct ktap_suite *s);

#endif
