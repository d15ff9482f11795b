// SPDX-License-Identifier: MIT
/*
 * The arch interface over host memory: the simulator's "machine".
 * Physical address pa lives at host_phys_base + pa; the direct map is that
 * mapping.  Cycles are CLOCK_MONOTONIC nanoseconds.
 */
#define _GNU_SOURCE
#include <arch/arch.h>
#include <arch/host.h>
#include <errno.h>
#include <sys/mman.h>
#include <time.h>

u8 *host_phys_base;
static u64 host_phys_size;
static __thread unsigned int host_cpu;

int host_phys_init(unsigned int bits)
{
	u64 size = 1ULL << bits;
	void *p;

	if (host_phys_base && host_phys_size == size)
		return 0;
	host_phys_exit();
	p = mmap(NULL, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	host_phys_base = p;
	host_phys_size = size;
	return 0;
}

int host_phys_populate(phys_addr_t start, u64 size)
{
	if (!host_phys_base || start + size > host_phys_size || start + size < start)
		return -EINVAL;
	if (mprotect(host_phys_base + start, size, PROT_READ | PROT_WRITE))
		return -ENOMEM;
	return 0;
}

int host_phys_depopulate(phys_addr_t start, u64 size)
{
	void *p;

	if (!host_phys_base || start + size > host_phys_size)
		return -EINVAL;
	p = mmap(host_phys_base + start, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	return p == MAP_FAILED ? -ENOMEM : 0;
}

void host_phys_exit(void)
{
	if (host_phys_base)
		munmap(host_phys_base, host_phys_size);
	host_phys_base = NULL;
	host_phys_size = 0;
}

void host_set_cpu(unsigned int cpu)
{
	host_cpu = cpu;
}

void *phys_to_virt(phys_addr_t pa)
{
	return host_phys_base + pa;
}

phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((const u8 *)va - host_phys_base);
}

unsigned int arch_phys_addr_bits(void)
{
	return 46;
}

u64 arch_cycles(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

u64 arch_cycles_per_sec(void)
{
	return 1000000000ULL;
}

unsigned int smp_processor_id(void)
{
	return host_cpu;
}

void cpu_relax(void)
{
	__builtin_ia32_pause();
}
