// SPDX-License-Identifier: MIT
/*
 * The arch interface over host memory: the simulator's "machine".
 * Physical address pa lives at host_phys_base + pa; the direct map is that
 * mapping.  Cycles are CLOCK_MONOTONIC nanoseconds.
 *
 * Simulated physical memory is a memfd (or an unnamed file in the
 * directory host_phys_set_backing() names) as large as the physical
 * address space: RAM ranges are mapped MAP_SHARED from it at
 * host_phys_base + pa (the direct map), and holes stay PROT_NONE.  The
 * vmemmap is a second PROT_NONE reservation, large enough for
 * MAX_PHYSMEM_BITS; a vmemmap mapping of physical page pa maps the same
 * memfd offset pa there, so the vmemmap and the direct map alias the same
 * memory as on the machine, and touching the vmemmap of an absent section
 * faults.  Both reservations are 2 MiB aligned, for 2 MiB pages where the
 * host gives them; the host's page faults on this memory are paid ahead
 * of use (host_prefault.c).  Page tables for the vmemmap are kept as
 * x86-64 4-level tables in simulated physical memory, each table page
 * from mm_alloc_pgtable_page(), so their cost is real.
 */
#define _GNU_SOURCE
#include <arch/arch.h>
#include <arch/host.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <mm/mmzone_sections.h>

u8 *host_phys_base;
static u64 host_phys_size;
static int host_phys_fd = -1;
__thread unsigned int host_cpu_id; /* smp_processor_id(), inline */
static const char *host_backing_dir; /* NULL: a memfd */

static int vmemmap_reserve(void);
static void vmemmap_release(void);

/* A PROT_NONE reservation of size bytes aligned to 2 MiB, so that 2 MiB
 * pages of the memfd can be mapped whole where the host gives them. */
static void *reserve_aligned(u64 size)
{
	u8 *p = mmap(NULL, size + (1UL << PMD_SHIFT), PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	u8 *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (u8 *)ALIGN_UP((unsigned long)p, 1UL << PMD_SHIFT);
	if (a > p)
		munmap(p, (size_t)(a - p));
	munmap(a + size, (size_t)(p + (1UL << PMD_SHIFT) - a));
	return a;
}

int host_phys_memfd(void)
{
	return host_phys_fd;
}

/* The file behind simulated memory: an unnamed file in the backing
 * directory when one is set, else a memfd. */
static int phys_file(void)
{
	if (host_backing_dir)
		return open(host_backing_dir, O_TMPFILE | O_RDWR | O_CLOEXEC,
			    0600);
	return memfd_create("sparsemm-phys", MFD_CLOEXEC);
}

const char *host_phys_backing_dir(void)
{
	return host_backing_dir;
}

int host_phys_set_backing(const char *dir)
{
	struct statfs sfs;
	int fd;

	host_backing_dir = NULL;
	if (!dir)
		return 0;
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sfs) == 0 && sfs.f_type == HUGETLBFS_MAGIC) {
		close(fd);
		return -EOPNOTSUPP;
	}
	close(fd);
	host_backing_dir = dir;
	return 0;
}

int host_phys_init(unsigned int bits)
{
	u64 size = 1ULL << bits;
	void *p;

	if (host_phys_base && host_phys_size == size)
		return 0;
	host_phys_exit();
	host_phys_fd = phys_file();
	if (host_phys_fd < 0)
		return -ENOMEM;
	if (ftruncate(host_phys_fd, (off_t)size)) {
		close(host_phys_fd);
		host_phys_fd = -1;
		return -ENOMEM;
	}
	p = reserve_aligned(size);
	if (!p) {
		close(host_phys_fd);
		host_phys_fd = -1;
		return -ENOMEM;
	}
	host_prefault_reset();
	host_phys_base = p;
	host_phys_size = size;
	if (vmemmap_reserve()) {
		host_phys_exit();
		return -ENOMEM;
	}
	return 0;
}

int host_phys_populate(phys_addr_t start, u64 size)
{
	if (!host_phys_base || start + size > host_phys_size ||
	    start + size < start)
		return -EINVAL;
	if (mmap(host_phys_base + start, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, host_phys_fd,
		 (off_t)start) == MAP_FAILED)
		return -ENOMEM;
	return 0;
}

int host_phys_depopulate(phys_addr_t start, u64 size)
{
	void *p;

	if (!host_phys_base || start + size > host_phys_size)
		return -EINVAL;
	fallocate(host_phys_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  (off_t)start, (off_t)size);
	p = mmap(host_phys_base + start, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
		 0);
	return p == MAP_FAILED ? -ENOMEM : 0;
}

void host_phys_exit(void)
{
	vmemmap_release();
	if (host_phys_base)
		munmap(host_phys_base, host_phys_size);
	if (host_phys_fd >= 0)
		close(host_phys_fd);
	host_phys_fd = -1;
	host_phys_base = NULL;
	host_phys_size = 0;
}

void host_set_cpu(unsigned int cpu)
{
	host_cpu_id = cpu;
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

void cpu_relax(void)
{
	__builtin_ia32_pause();
}

/* ---- the vmemmap ---------------------------------------------------------
 *
 * The tables are walked with the addresses the machine would use: a host
 * vmemmap address va stands for VMEMMAP_START + (va - vmemmap_host_base).
 * The PGD is the machine's own (not counted, as on the machine); PUD, PMD
 * and PTE pages come from mm_alloc_pgtable_page() and go back through
 * mm_free_pgtable_page() when they empty.
 */
#define VMEMMAP_START 0xffffea0000000000UL
#define VMEMMAP_SIZE (MAX_PHYSMEM_PFN * 64UL)
#define PT_ENTRIES 512
#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_PSE 0x080UL
#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PGDIR_SHIFT 39
#define PUD_SHIFT 30

static u8 *vmemmap_host_base;
unsigned long arch_vmemmap_start; /* arch_vmemmap_base(), inline */
/* The struct pages of [0, host_phys_size) only: no pfn above it can be
 * present, and a 2^46-byte space would need 1 TiB of address space, more
 * than valgrind (make bench CALLGRIND=1) can reserve. */
static unsigned long vmemmap_size;
static u64 sim_pgd[PT_ENTRIES];
static unsigned long vmemmap_pt_pages;

static int vmemmap_reserve(void)
{
	void *p;

	vmemmap_size = MIN(VMEMMAP_SIZE, (host_phys_size >> PAGE_SHIFT) * 64UL);
	p = reserve_aligned(vmemmap_size);
	if (!p)
		return -ENOMEM;
	vmemmap_host_base = p;
	arch_vmemmap_start = (unsigned long)p;
	memset(sim_pgd, 0, sizeof(sim_pgd));
	vmemmap_pt_pages = 0;
	return 0;
}

static void vmemmap_release(void)
{
	if (vmemmap_host_base)
		munmap(vmemmap_host_base, vmemmap_size);
	vmemmap_host_base = NULL;
	arch_vmemmap_start = 0;
	memset(sim_pgd, 0, sizeof(sim_pgd));
	vmemmap_pt_pages = 0;
}

bool arch_has_pmd_mappings(void)
{
	return true;
}

unsigned long arch_vmemmap_pgtable_pages(void)
{
	return vmemmap_pt_pages;
}

static unsigned int pt_index(unsigned long va, unsigned int shift)
{
	unsigned long sva = VMEMMAP_START + (va - arch_vmemmap_base());

	return (sva >> shift) & (PT_ENTRIES - 1);
}

static u64 *pt_table(u64 entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

static bool pt_empty(const u64 *t)
{
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

/* The entry at level 'shift' for va, allocating lower tables when
 * 'alloc'; NULL when a table is missing (or could not be allocated). */
static u64 *pt_walk(unsigned long va, unsigned int shift, bool alloc, int nid)
{
	static const unsigned int levels[] = { PGDIR_SHIFT, PUD_SHIFT,
					       PMD_SHIFT, PAGE_SHIFT };
	u64 *table = sim_pgd;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		u64 *e = &table[pt_index(va, levels[i])];
		phys_addr_t pa;

		if (levels[i] == shift)
			return e;
		if (*e & _PAGE_PSE)
			return NULL;
		if (!(*e & _PAGE_PRESENT)) {
			if (!alloc)
				return NULL;
			pa = mm_alloc_pgtable_page(nid);
			if (!pa)
				return NULL;
			vmemmap_pt_pages++;
			*e = pa | _PAGE_PRESENT | _PAGE_RW;
		}
		table = pt_table(*e);
	}
	return NULL;
}

/* Free the tables on va's path that have become empty, bottom up. */
static void pt_prune(unsigned long va)
{
	u64 *pgde = &sim_pgd[pt_index(va, PGDIR_SHIFT)], *pude, *pmde;
	u64 *pud, *pmd;

	if (!(*pgde & _PAGE_PRESENT))
		return;
	pud = pt_table(*pgde);
	pude = &pud[pt_index(va, PUD_SHIFT)];
	if (*pude & _PAGE_PRESENT) {
		pmd = pt_table(*pude);
		pmde = &pmd[pt_index(va, PMD_SHIFT)];
		if ((*pmde & _PAGE_PRESENT) && !(*pmde & _PAGE_PSE) &&
		    pt_empty(pt_table(*pmde))) {
			mm_free_pgtable_page(*pmde & PTE_ADDR_MASK);
			vmemmap_pt_pages--;
			*pmde = 0;
		}
		if (pt_empty(pmd)) {
			mm_free_pgtable_page(*pude & PTE_ADDR_MASK);
			vmemmap_pt_pages--;
			*pude = 0;
		}
	}
	if (pt_empty(pud)) {
		mm_free_pgtable_page(*pgde & PTE_ADDR_MASK);
		vmemmap_pt_pages--;
		*pgde = 0;
	}
}

static bool vmemmap_va_ok(unsigned long va, unsigned int shift)
{
	unsigned long base = arch_vmemmap_base();

	return base && va >= base && va - base < vmemmap_size &&
	       (va & ((1UL << shift) - 1)) == 0;
}

int arch_vmemmap_map(unsigned long va, phys_addr_t pa, unsigned int shift,
		     int nid)
{
	u64 *e;

	if ((shift != PAGE_SHIFT && shift != PMD_SHIFT) ||
	    !vmemmap_va_ok(va, shift) || (pa & ((1UL << shift) - 1)) ||
	    pa + (1UL << shift) > host_phys_size)
		return -EINVAL;
	if (arch_vmemmap_lookup(va, &(phys_addr_t){ 0 }))
		return -EEXIST;
	e = pt_walk(va, shift, true, nid);
	if (!e || *e) {
		int ret = e ? -EEXIST : -ENOMEM;

		pt_prune(va);
		return ret;
	}
	if (mmap((void *)va, 1UL << shift, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, host_phys_fd,
		 (off_t)pa) == MAP_FAILED) {
		pt_prune(va);
		return -ENOMEM;
	}
	*e = pa | _PAGE_PRESENT | _PAGE_RW |
	     (shift == PMD_SHIFT ? _PAGE_PSE : 0);
	/* Every byte of a struct page block is written right away: back
	 * and touch it now, at a cost counted apart (host_prefault.c). */
	host_prefault((void *)va, 1UL << shift, pa);
	return 0;
}

unsigned int arch_vmemmap_lookup(unsigned long va, phys_addr_t *pa)
{
	u64 *e;

	if (!vmemmap_va_ok(va & PAGE_MASK, PAGE_SHIFT))
		return 0;
	e = pt_walk(va, PMD_SHIFT, false, 0);
	if (!e || !(*e & _PAGE_PRESENT))
		return 0;
	if (*e & _PAGE_PSE) {
		*pa = *e & PTE_ADDR_MASK;
		return PMD_SHIFT;
	}
	e = pt_walk(va, PAGE_SHIFT, false, 0);
	if (!e || !(*e & _PAGE_PRESENT))
		return 0;
	*pa = *e & PTE_ADDR_MASK;
	return PAGE_SHIFT;
}

int arch_vmemmap_unmap(unsigned long va, phys_addr_t *pa, unsigned int *shift)
{
	unsigned int s = arch_vmemmap_lookup(va, pa);
	u64 *e;

	if (!s)
		return -ENOENT;
	va &= ~((1UL << s) - 1);
	e = pt_walk(va, s, false, 0);
	*e = 0;
	*shift = s;
	mmap((void *)va, 1UL << s, PROT_NONE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	pt_prune(va);
	return 0;
}
