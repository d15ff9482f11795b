// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the simulator's boot log reader (tools/lib/maps/bootlog.c)
 * through sim_map_parse_text(SIM_FMT_BOOTLOG).  The checks are
 * fuzz_map.h's.  Seeds: tests/fuzz/corpus/fuzz_bootlog/.
 */
#include "fuzz_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_map_parser(data, size, SIM_FMT_BOOTLOG);
}
