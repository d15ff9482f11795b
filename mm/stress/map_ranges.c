// SPDX-License-Identifier: MIT
/*
 * The RAM ranges of the sanitized firmware map as the stress runner wants
 * them (struct stress_ram_range), so that an error can name the map entry
 * it lies in.  Shared by the app and the simulator.
 */
#include <mm/fw_map.h>
#include <stress/stress.h>

unsigned int stress_ram_from_map(const struct fw_map_entry *map,
				 unsigned int nr, struct stress_ram_range *out,
				 unsigned int cap)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr && n < cap; i++) {
		if (!fw_mem_type_is_ram(map[i].type))
			continue;
		out[n++] = (struct stress_ram_range){
			.start = map[i].start,
			.end = fw_map_entry_end(&map[i]),
			.type_name = fw_mem_type_name(map[i].type),
			.src_index = map[i].src_index,
		};
	}
	return n;
}
