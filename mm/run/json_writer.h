/* SPDX-License-Identifier: MIT */
/*
 * The report's JSON writer (json_writer.c), private to mm/run/: members
 * are written one per line, with the comma decided when the next member
 * (or the closing bracket) comes.
 */
#ifndef RUN_JSON_WRITER_H
#define RUN_JSON_WRITER_H

#include <lib/types.h>

#define JW_MAX_DEPTH 8

struct jw {
	char line[640];
	bool pending;
	int depth;
	bool comma[JW_MAX_DEPTH];
};

/* Print the pending line, with a comma when another member follows. */
void jw_flush(struct jw *w, bool comma);
/* Start a new member line at the current depth (text already formatted). */
void jw_member(struct jw *w, const char *text);
/* s as a JSON string literal into buf ("null" for NULL); returns buf. */
const char *jstr(char *buf, size_t size, const char *s);
/* Open an object ('{') or array ('['), as member key (NULL in an array). */
void jw_open(struct jw *w, const char *key, char bracket);
void jw_close(struct jw *w, char bracket);
/* A member whose value is already JSON text. */
void __printf(3, 4) jw_raw(struct jw *w, const char *key, const char *fmt, ...);
void jw_u64(struct jw *w, const char *key, u64 v);
/* A number that may exceed 2^53, as the string "0x...". */
void jw_hex(struct jw *w, const char *key, u64 v);
void jw_str(struct jw *w, const char *key, const char *s);

#endif /* RUN_JSON_WRITER_H */
