// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the simulator's JSON map reader (tools/lib/maps/json.c)
 * through sim_map_parse_text(SIM_FMT_JSON).  The checks are
 * fuzz_map.h's.  Seeds: tests/fuzz/corpus/fuzz_json/.
 */
#include "fuzz_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_map_parser(data, size, SIM_FMT_JSON);
}
