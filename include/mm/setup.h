/* SPDX-License-Identifier: MIT */
/*
 * The portable boot pipeline, shared by the firmware app and the host
 * simulator so that both print the same log for the same map:
 *
 *   mm_map_setup()       raw firmware map -> sanitized map (+ diagnostics)
 *                        -> e820 table (BIOS-e820 lines) -> mem=/memmap=
 *                        -> x86 rules
 *   (platform: page tables with a direct map covering the e820 RAM)
 *   mm_memblock_setup()  reserve what the platform still uses, then add
 *                        the e820 RAM to memblock
 *
 * Storage comes from the caller: a work area of MM_MAP_WORK_BYTES(n) bytes
 * for n raw entries, 8-byte aligned.
 */
#ifndef MM_SETUP_H
#define MM_SETUP_H

#include <lib/config.h>
#include <mm/e820.h>
#include <mm/fw_map.h>

#define MM_MAP_MAX_DIAGS 64

/* Entries the e820 table may need: one per sanitized entry, plus room for
 * the splits of memmap= and the x86 rules. */
#define MM_E820_ENTRIES(n) (MEMMAP_OUT_ENTRIES(n) + 2 * CONFIG_MAX_MEMMAP + 8)
#define MM_MAP_WORK_BYTES(n)                                   \
	(MEMMAP_OUT_ENTRIES(n) * sizeof(struct fw_map_entry) + \
	 MEMMAP_SCRATCH_BYTES(n) +                             \
	 MM_E820_ENTRIES(n) * sizeof(struct e820_entry) + 64)

/* A range the platform still uses after leaving the firmware. */
struct mm_in_use {
	phys_addr_t start;
	u64 size;
	const char *what; /* "image", "stack", "page tables", ... */
};

struct mm_map_state {
	/* the sanitized firmware map */
	struct fw_map_entry *map;
	unsigned int nr_map;
	/* the e820 table after mem=, memmap= and the x86 rules */
	struct e820_table e820;
	struct e820_entry *e820_storage;
	/* every diagnostic the sanitizer raised (counts exact) */
	struct map_diag diag_store[MM_MAP_MAX_DIAGS];
	struct map_diag_sink diags;
};

struct mm_map_input {
	const struct fw_map_entry *raw; /* firmware order */
	unsigned int nr_raw;
	u64 desc_size; /* 0 when the source has none */
	u32 desc_version;
	enum memmap_source source;
	unsigned int phys_bits;
	const struct sparsemm_config *cfg;
	void *work; /* MM_MAP_WORK_BYTES(nr_raw) */
	size_t work_bytes;
};

/*
 * Sanitize the raw map, print its diagnostics, build and print the e820
 * table, apply mem= and memmap= (printing the user-defined map as Linux
 * does) and the x86 rules.  Returns 0, -ENOSPC when the work area is too
 * small, or -EINVAL when the map has no usable RAM at all.
 */
int mm_map_setup(const struct mm_map_input *in, struct mm_map_state *st);

/*
 * Reserve the platform's in-use ranges in memblock, allow memblock to
 * grow its arrays, and add every e820 RAM range; then reserve what Linux
 * on x86 never hands out: the first 1 MiB, and boot-services ranges that
 * carry EFI_MEMORY_RUNTIME.  Call once the direct map covers the RAM.
 * Returns 0 or a negative error from memblock.
 */
int mm_memblock_setup(const struct mm_map_state *st,
		      const struct mm_in_use *in_use, unsigned int nr_in_use);

/*
 * From a final memblock (nodes set) to a running page allocator, in Linux's
 * order: sparse_init (sections, memmaps), free_area_init (zones and their
 * boot lines), memmap_init (every struct page), then page_alloc_init
 * (zonelists, memblock_free_all, watermarks, per-CPU lists), the memory
 * hot-plug hooks (memory_hotplug_init) and the memory model's figures.  Returns 0 or the first error, reported.
 */
int mm_core_init(const struct sparsemm_config *cfg, unsigned int nr_cpus);

/* What each of mm_core_init()'s steps took in arch_cycles(), kept for the
 * platforms' figures (the simulator's boot-stage line); zero until run. */
struct mm_core_init_cycles {
	u64 start; /* arch_cycles() when mm_core_init() began */
	u64 sparse_init, free_area_init, memmap_init, page_alloc_init;
	u64 total; /* all of mm_core_init(), hot-plug hooks and figures too */
};
extern struct mm_core_init_cycles mm_core_init_cycles;

/*
 * Forget every machine-wide state of mm/ (memblock, nodes and the CPU
 * list, sections, zones and the allocator's hooks), so that a host program
 * (the simulator, the unit tests, the fuzzers, the bench) can boot one
 * machine after another in one process.  The platform's own state (the
 * host's simulated memory) is the caller's.
 */
void mm_reset(void);

#endif
