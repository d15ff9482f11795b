/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS structure tables (DMTF DSP0134): walking the structures, their
 * strings, and the memory topology of types 17 (Memory Device), 19
 * (Memory Array Mapped Address) and 20 (Memory Device Mapped Address),
 * so that a memory error can name the DIMM that holds its address.
 * Portable: the caller hands in the table's bytes (efi/pre_exit copies
 * them before ExitBootServices; the unit tests build their own).
 */
#ifndef LIB_SMBIOS_H
#define LIB_SMBIOS_H

#include <lib/types.h>

#define SMBIOS_MAX_DIMMS 32
#define SMBIOS_MAX_DIMM_RANGES 4
#define SMBIOS_MAX_ARRAY_RANGES 16

/* One structure: its bytes (formatted area at hdr, hdr[1] long) and the
 * end of its string set.  NULL when the table ends. */
const u8 *smbios_next(const u8 *table, size_t len, const u8 *cur);
/* The n-th (1-based) string of structure hdr into dst ("" when absent);
 * end bounds the table. */
void smbios_string(const u8 *hdr, const u8 *end, u8 n, char *dst, size_t size);

struct smbios_range {
	u64 start, end; /* [start, end) bytes */
};

struct smbios_dimm {
	u16 handle;
	char locator[32]; /* "DIMM 0", "ChannelA-DIMM1" */
	char bank_locator[32]; /* "BANK 0", "" */
	u64 size; /* bytes; 0: slot empty */
	unsigned int nr_ranges; /* type 20 mappings of this device */
	struct smbios_range range[SMBIOS_MAX_DIMM_RANGES];
};

struct smbios_mem {
	unsigned int nr_slots; /* type 17 structures */
	unsigned int nr_dimms; /* of which populated, in dimm[] */
	struct smbios_dimm dimm[SMBIOS_MAX_DIMMS];
	unsigned int nr_arrays; /* type 19 ranges */
	struct smbios_range array[SMBIOS_MAX_ARRAY_RANGES];
	unsigned int nr_device_maps; /* type 20 structures */
};

/* Read types 17, 19 and 20 of the table into *m (zeroed first). */
void smbios_mem_parse(const u8 *table, size_t len, struct smbios_mem *m);
/* The DIMM whose type 20 mapping holds pa, or NULL. */
const struct smbios_dimm *smbios_dimm_at(const struct smbios_mem *m, u64 pa);
/*
 * What to call the memory at pa: "DIMM 0 (BANK 0)"; or, when no type 20
 * maps it, the only DIMM if there is exactly one ("DIMM 0 (BANK 0), the
 * only DIMM"), else "unknown DIMM (SMBIOS maps no device here)".
 */
const char *smbios_dimm_name(const struct smbios_mem *m, u64 pa, char *buf,
			     size_t size);
/* The table in the log: "DMI: Memory slots populated: 1/1" as Linux says
 * it, then one line per DIMM and per type 19 range. */
void smbios_mem_print(const struct smbios_mem *m);

#endif
