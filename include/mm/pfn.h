/* SPDX-License-Identifier: MIT */
/*
 * Page frame numbers and the x86-64 page size, by name.  The one place that
 * knows PAGE_SHIFT.
 */
#ifndef MM_PFN_H
#define MM_PFN_H

#include <lib/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))

#define SZ_1K 0x400UL
#define SZ_1M 0x100000UL
#define SZ_2M 0x200000UL
#define SZ_16M 0x1000000UL
#define SZ_1G 0x40000000UL
#define SZ_4G 0x100000000ULL

#endif
