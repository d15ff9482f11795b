// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the simulator's UEFI shell memmap reader (tools/lib/maps/uefi_shell.c)
 * through sim_map_parse_text(SIM_FMT_UEFI_SHELL).  The checks are
 * fuzz_map.h's.  Seeds: tests/fuzz/corpus/fuzz_uefi_shell/.
 */
#include "fuzz_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_map_parser(data, size, SIM_FMT_UEFI_SHELL);
}
