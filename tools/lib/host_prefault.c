// SPDX-License-Identifier: MIT
/*
 * Backing simulated physical memory with host memory ahead of its first
 * use, and measuring what that costs apart from the algorithm.
 *
 * Simulated memory is a memfd (tools/lib/arch_host.c) mapped with 4 KiB
 * pages unless the host gives shared memory transparent huge pages
 * (/sys/kernel/mm/transparent_hugepage/shmem_enabled: always, within_size,
 * advise with MADV_HUGEPAGE, or force), or a file in a tmpfs mounted with
 * huge= (host_phys_set_backing(), the simulator's --backing).  With 4 KiB pages the first touch
 * of each page is a page fault, and on a virtual machine whose hypervisor
 * builds its own mapping lazily, the first access through a new mapping
 * costs a few microseconds more even when the page is already there.
 * That is the host's cost, not sparsemm's: host_prefault() pays it up
 * front (allocate the memfd pages with fallocate(), map them with
 * MADV_POPULATE_WRITE, read one byte of every page) and adds the time and
 * the minor faults to counters the simulator and the bench print on their
 * own line, so that nothing is hidden and the stage times measure the
 * algorithm.  Memory it backs is memory the caller is about to write
 * anyway (struct pages, sparse's tables), so prefaulting costs no host
 * memory of its own.
 *
 * Called by arch_vmemmap_map() (the vmemmap's alias of a struct page
 * block) and by the simulator's memory source for sparse
 * (tools/lib/sim_pipeline.c: the direct map of what sparse allocates,
 * before it is zeroed).  Invariant: the counters only grow between
 * host_prefault_reset() calls (host_phys_init() makes one).
 */
#define _GNU_SOURCE
#include <arch/arch.h>
#include <arch/host.h>
#include <fcntl.h>
#include <mm/pfn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

static struct host_prefault_stats stats;

void host_prefault_reset(void)
{
	memset(&stats, 0, sizeof(stats));
}

void host_prefault_get(struct host_prefault_stats *out)
{
	*out = stats;
}

u64 host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

u64 host_minor_faults(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? 0 : (u64)ru.ru_minflt;
}

void host_prefault(void *va, size_t size, phys_addr_t pa)
{
	u64 t0 = host_now_ns(), f0 = host_minor_faults();
	u8 *p = (u8 *)((unsigned long)va & PAGE_MASK);
	u8 *end = (u8 *)va + size;
	volatile u8 sink;
	int fd = host_phys_memfd();

	size = (size_t)(end - p);
	pa &= PAGE_MASK;
	/* Pages of the memfd without a fault each; harmless when present. */
	if (fd >= 0)
		fallocate(fd, 0, (off_t)pa, (off_t)ALIGN_UP(size, PAGE_SIZE));
	/* Huge pages where shmem_enabled=advise allows them; a no-op (or
	 * EINVAL on a 4 KiB-aligned range) otherwise. */
	madvise(p, size, MADV_HUGEPAGE);
	/* Kernels before 5.14 lack it: the touch below then faults. */
	madvise(p, size, MADV_POPULATE_WRITE);
	for (; p < end; p += PAGE_SIZE)
		sink = *p;
	(void)sink;
	stats.calls++;
	stats.bytes += size;
	stats.ns += host_now_ns() - t0;
	stats.faults += host_minor_faults() - f0;
}

/* The first value of a sysfs file's "[selected]" word, or "unknown". */
static void sysfs_selected(const char *path, char *buf, size_t len)
{
	char line[256], *a, *b;
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		a = strchr(line, '[');
		b = a ? strchr(a, ']') : NULL;
		if (a && b) {
			*b = '\0';
			snprintf(buf, len, "%s", a + 1);
		}
	}
	fclose(f);
}

/* The kB of a "Name: N kB" line of /proc/self/smaps_rollup, or 0. */
static unsigned long rollup_kib(const char *name)
{
	unsigned long kib = 0, v;
	char line[128], fmt[64];
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return 0;
	snprintf(fmt, sizeof(fmt), "%s: %%lu kB", name);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, &v) == 1)
			kib = v;
	fclose(f);
	return kib;
}

const char *host_prefault_backing(void)
{
	static char text[200];
	const char *dir = host_phys_backing_dir();
	unsigned long huge =
		rollup_kib("ShmemPmdMapped") + rollup_kib("FilePmdMapped");
	char sel[32], what[96];

	sysfs_selected("/sys/kernel/mm/transparent_hugepage/shmem_enabled", sel,
		       sizeof(sel));
	if (dir)
		snprintf(what, sizeof(what), "a file in %s", dir);
	else
		snprintf(what, sizeof(what), "a memfd (shmem_enabled=%s)", sel);
	snprintf(text, sizeof(text), "%s, %lu MiB mapped with 2 MiB pages now",
		 what, huge >> 10);
	return text;
}
