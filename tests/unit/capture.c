// SPDX-License-Identifier: MIT
/* A printk console that appends to a growing buffer, for unit tests. */
#include "capture.h"

#include <lib/printk.h>
#include <stdlib.h>
#include <string.h>

static char *text;
static size_t len, cap;

static void capture_write(struct console *con, const char *s, size_t n)
{
	if (len + n + 1 > cap) {
		size_t want = (len + n + 1) * 2;
		char *bigger = realloc(text, want);

		if (!bigger)
			abort(); /* a test helper: nothing to recover */
		text = bigger;
		cap = want;
	}
	memcpy(text + len, s, n);
	len += n;
	text[len] = '\0';
}

static struct console capture_console = { .name = "capture",
					  .write = capture_write };

void capture_start(void)
{
	capture_stop();
	len = 0;
	if (text)
		text[0] = '\0';
	console_loglevel = 8;
	register_console(&capture_console);
}

void capture_stop(void)
{
	unregister_console(&capture_console);
}

const char *capture_text(void)
{
	return text ? text : "";
}

bool capture_contains(const char *needle)
{
	return strstr(capture_text(), needle) != NULL;
}
