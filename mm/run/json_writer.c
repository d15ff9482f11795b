// SPDX-License-Identifier: MIT
/*
 * A line-at-a-time JSON writer for the report (json_writer.h): one member
 * per line through a one-line lookahead, so that commas land at the ends
 * of lines and no buffer larger than a line is needed.  Strings are
 * escaped (quotes, backslash, control and non-ASCII bytes as \u00XX).
 *
 * Invariant: w->line holds at most one member not yet printed; w->depth
 * counts the open objects and arrays (at most JW_MAX_DEPTH).
 * Who calls it: mm/run/report.c and mm/run/report_proc.c.
 */
#include "json_writer.h"

#include <lib/printk.h>
#include <lib/string.h>

void jw_flush(struct jw *w, bool comma)
{
	if (w->pending)
		printk(KERN_ALERT "%s%s\n", w->line, comma ? "," : "");
	w->pending = false;
}

/* Start a new member line at the current depth (text already formatted). */
void jw_member(struct jw *w, const char *text)
{
	int n;

	jw_flush(w, w->comma[w->depth]);
	n = scnprintf(w->line, sizeof(w->line), "%*s%s", w->depth * 2, "",
		      text);
	(void)n;
	w->pending = true;
	w->comma[w->depth] = true;
}

/* Escape s into buf as a JSON string with quotes; NULL becomes null. */
const char *jstr(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (!s)
		return "null";
	buf[n++] = '"';
	for (; *s && n + 8 < size; s++) {
		u8 c = (u8)*s;

		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20 || c > 0x7e) {
			memcpy(buf + n, "\\u00", 4);
			buf[n + 4] = hex[c >> 4];
			buf[n + 5] = hex[c & 15];
			n += 6;
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

void jw_open(struct jw *w, const char *key, char bracket)
{
	char t[64];

	if (key)
		scnprintf(t, sizeof(t), "\"%s\": %c", key, bracket);
	else
		scnprintf(t, sizeof(t), "%c", bracket);
	jw_member(w, t);
	if (w->depth < JW_MAX_DEPTH - 1)
		w->depth++;
	w->comma[w->depth] = false;
}

void jw_close(struct jw *w, char bracket)
{
	char t[2] = { bracket, 0 };

	jw_flush(w, false);
	if (w->depth)
		w->depth--;
	w->comma[w->depth] = false; /* the closer takes the open's place */
	jw_member(w, t);
}

void __printf(3, 4) jw_raw(struct jw *w, const char *key, const char *fmt, ...)
{
	char val[480], t[560];
	va_list args;

	va_start(args, fmt);
	vscnprintf(val, sizeof(val), fmt, args);
	va_end(args);
	scnprintf(t, sizeof(t), "\"%s\": %s", key, val);
	jw_member(w, t);
}

void jw_u64(struct jw *w, const char *key, u64 v)
{
	jw_raw(w, key, "%llu", (unsigned long long)v);
}

void jw_hex(struct jw *w, const char *key, u64 v)
{
	jw_raw(w, key, "\"%#018llx\"", (unsigned long long)v);
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	char buf[400];

	jw_raw(w, key, "%s", jstr(buf, sizeof(buf), s));
}
