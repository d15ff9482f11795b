/* SPDX-License-Identifier: MIT */
/*
 * Host-only side of the arch interface (tools/lib/arch_host.c): simulated
 * physical memory for the simulator, unit tests and fuzzers.
 *
 * The whole physical address space [0, 2^bits) is one PROT_NONE,
 * MAP_NORESERVE reservation; host_phys_populate() makes a range readable and
 * writable (RAM), so that touching anything else faults as a hole would.
 */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <lib/types.h>

/* Reserve simulated physical memory covering [0, 2^bits).  Idempotent for
 * the same size; returns 0 or -ENOMEM. */
int host_phys_init(unsigned int bits);
/* Make [start, start + size) RAM (zero-filled).  Page-aligned. */
int host_phys_populate(phys_addr_t start, u64 size);
/* Return a range to the hole state, discarding its contents. */
int host_phys_depopulate(phys_addr_t start, u64 size);
/* Release everything (tests call it between cases). */
void host_phys_exit(void);
/* The host address of simulated physical address 0. */
extern u8 *host_phys_base;
/* Set the CPU number the calling host thread reports. */
void host_set_cpu(unsigned int cpu);

#endif
