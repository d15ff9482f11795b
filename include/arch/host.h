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
/* The memfd behind simulated memory (offset = physical address), or -1. */
int host_phys_memfd(void);
/*
 * Back the next host_phys_init() with an unnamed file in directory dir
 * instead of a memfd (NULL: a memfd again): a tmpfs mounted with
 * huge=always or huge=advise gives 2 MiB pages even where the memfd's
 * shmem_enabled does not.  Returns 0, -errno when no file can be created
 * there, or -EOPNOTSUPP for hugetlbfs (whose 2 MiB granularity would
 * make the holes between RAM ranges accessible).
 */
int host_phys_set_backing(const char *dir);
/* The directory set above, or NULL. */
const char *host_phys_backing_dir(void);

/*
 * Host memory ahead of its first use (tools/lib/host_prefault.c): back
 * [va, va + size), which maps memfd offset pa, with host memory and touch
 * every page once, adding the time and minor faults to the counters below.
 * For memory the caller writes right away; the counters say what the
 * host's page faults cost, apart from the algorithm's time.
 */
void host_prefault(void *va, size_t size, phys_addr_t pa);
struct host_prefault_stats {
	u64 calls, bytes; /* prefaulted ranges and their bytes */
	u64 ns; /* time spent in host_prefault() */
	u64 faults; /* minor page faults taken there */
};
void host_prefault_get(struct host_prefault_stats *out);
/* The host's clock (CLOCK_MONOTONIC, ns) and this process's minor page
 * faults so far: what the host's boot figures are measured with. */
u64 host_now_ns(void);
/* The zeroing methods this host's CPU and kernel allow (bit 1 << enum
 * clear_method, <lib/clear_pages.h>; tools/lib/clear_pages_host.c). */
unsigned int host_clear_methods(void);
u64 host_minor_faults(void);
/* Zero the counters (host_phys_init() does). */
void host_prefault_reset(void);
/* What pages back simulated memory on this host, for the log. */
const char *host_prefault_backing(void);

#endif
