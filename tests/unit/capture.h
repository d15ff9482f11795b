/* SPDX-License-Identifier: MIT */
/* Unit-test helper: capture what printk shows on consoles. */
#ifndef TESTS_UNIT_CAPTURE_H
#define TESTS_UNIT_CAPTURE_H

#include <lib/types.h>

void capture_start(void); /* clear and attach the capture console */
void capture_stop(void); /* detach */
const char *capture_text(void); /* NUL-terminated text captured so far */
/* True when the captured text contains 'needle'. */
bool capture_contains(const char *needle);

#endif
