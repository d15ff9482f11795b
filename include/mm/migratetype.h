/* SPDX-License-Identifier: MIT */
/*
 * Migrate types, as Linux numbers them (x86-64 without CMA), and the
 * pageblock flag layout that stores them: NR_PAGEBLOCK_BITS per pageblock
 * in the section's mem_section_usage, the migrate type in the low 3 bits
 * and PB_migrate_skip (compaction's hint) above.  The accessors are in
 * <mm/sparse.h>.
 */
#ifndef MM_MIGRATETYPE_H
#define MM_MIGRATETYPE_H

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES, /* the number of types on the per-CPU lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

/* Bits of a pageblock's flags. */
enum pageblock_bits {
	PB_migrate,
	PB_migrate_end = PB_migrate + 3 - 1, /* 3 bits for the migrate type */
	PB_migrate_skip,
	NR_PAGEBLOCK_FLAG_BITS
};
#define MIGRATETYPE_MASK ((1UL << (PB_migrate_end + 1)) - 1)

/* Names as /proc/pagetypeinfo prints them, indexed by migrate type. */
extern const char *const migratetype_names[MIGRATE_TYPES];

#endif
