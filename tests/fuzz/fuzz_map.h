/* SPDX-License-Identifier: MIT */
/*
 * The body of the three map-parser targets (fuzz_bootlog, fuzz_uefi_shell,
 * fuzz_json): parse the input as one format with the simulator's reader,
 * and when it is accepted, check what the parser promises
 * (include/maps/sim_map.h) and feed the map to the sanitizer with the
 * sanitizer oracle of fuzz.h.
 *
 * Properties checked:
 *   - 0 means at least one entry; -EINVAL means an error text naming the
 *     input ("fuzz.map:LINE: ...");
 *   - every entry was read from a line inside the input;
 *   - NUMA ranges are non-empty and half-open, node ids not negative;
 *   - the parsed map sanitizes into a valid map.
 */
#ifndef TESTS_FUZZ_FUZZ_MAP_H
#define TESTS_FUZZ_FUZZ_MAP_H

#include <errno.h>

#include "fuzz.h"
#include <maps/sim_map.h>

static int fz_map_parser(const uint8_t *data, size_t size, enum sim_format fmt)
{
	struct sim_map m;
	struct fw_map_entry *out = NULL;
	unsigned int i, lines = 1;
	int err;

	fz_quiet();
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	sim_map_init(&m, "fuzz.map");
	err = sim_map_parse_text(&m, (const char *)data, size, fmt);
	FZ_CHECK(err == 0 || err == -EINVAL || err == -ENOMEM,
		 "sim_map_parse_text returned %d", err);
	if (err) {
		FZ_CHECK(strncmp(m.error, "fuzz.map:", 9) == 0,
			 "error %d, message does not name the input: '%s'", err,
			 m.error);
	} else {
		FZ_CHECK(m.nr > 0, "accepted a map without entries");
		for (i = 0; i < m.nr; i++)
			FZ_CHECK(m.entry_line[i] >= 1 &&
					 m.entry_line[i] <= lines,
				 "entry %u from line %u of %u", i,
				 m.entry_line[i], lines);
		for (i = 0; i < m.nr_numa; i++)
			FZ_CHECK(m.numa[i].start < m.numa[i].end &&
					 m.numa[i].node >= 0,
				 "numa[%u]: node %d [%#llx-%#llx)", i,
				 m.numa[i].node,
				 (unsigned long long)m.numa[i].start,
				 (unsigned long long)m.numa[i].end);
		fz_sanitize_checked(m.entries, m.nr, m.phys_bits, m.source,
				    &out);
		free(out);
	}
	sim_map_free(&m);
	return 0;
}

#endif
