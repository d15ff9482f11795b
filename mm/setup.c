// SPDX-License-Identifier: MIT
/*
 * The boot pipeline from a firmware map to memblock (include/mm/setup.h).
 * The order of the steps is Linux's on x86-64: the EFI stub's e820 table
 * (setup_e820), the user's mem=/memmap= edits (parse_early_param,
 * e820__finish_early_params), trim_bios_range (the x86 rules), then
 * e820__memblock_setup.  Each step prints what Linux prints.
 * Called by efi/ after ExitBootServices and by the host simulator.
 */
#include <arch/arch.h>
#include <lib/efi_memtype.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/deferred_init.h>
#include <mm/hotplug.h>
#include <mm/memblock.h>
#include <mm/memmap_init.h>
#include <mm/mmzone.h>
#include <mm/numa.h>
#include <mm/setup.h>
#include <mm/sparse.h>

static void *carve(u8 **cursor, size_t bytes)
{
	void *p = *cursor;

	*cursor += ALIGN_UP(bytes, 8);
	return p;
}

static int apply_user_edits(struct mm_map_state *st,
			    const struct sparsemm_config *cfg)
{
	int err;

	if (cfg->mem_limit) {
		err = e820_apply_mem_limit(&st->e820, cfg->mem_limit);
		if (err)
			return err;
	}
	for (int i = 0; i < cfg->nr_memmap; i++) {
		err = e820_apply_memmap_reserve(&st->e820, cfg->memmap[i].start,
						cfg->memmap[i].size);
		if (err)
			return err;
	}
	e820_finish_user_edits(&st->e820);
	return 0;
}

int mm_map_setup(const struct mm_map_input *in, struct mm_map_state *st)
{
	u8 *cursor = in->work;
	size_t e820_cap = MM_E820_ENTRIES(in->nr_raw);
	struct memmap_sanitize_args args;
	void *scratch;
	int err;

	if (!in->work || in->work_bytes < MM_MAP_WORK_BYTES(in->nr_raw)) {
		pr_err("sparsemm: map: work area of %zu bytes is smaller than the %zu needed for %u entries\n",
		       in->work_bytes, (size_t)MM_MAP_WORK_BYTES(in->nr_raw),
		       in->nr_raw);
		return -ENOSPC;
	}
	memset(&st->diags, 0, sizeof(st->diags));
	st->diags.diags = st->diag_store;
	st->diags.capacity = MM_MAP_MAX_DIAGS;
	st->diags.emit = map_diag_emit_printk;

	st->map = carve(&cursor, MEMMAP_OUT_ENTRIES(in->nr_raw) *
					 sizeof(struct fw_map_entry));
	scratch = carve(&cursor, MEMMAP_SCRATCH_BYTES(in->nr_raw));
	st->e820_storage = carve(&cursor, e820_cap * sizeof(struct e820_entry));

	if (in->desc_size)
		fw_map_check_desc_size(&st->diags, in->desc_size,
				       in->desc_version);
	args = (struct memmap_sanitize_args){
		.in = in->raw,
		.nr_in = in->nr_raw,
		.out = st->map,
		.out_capacity = MEMMAP_OUT_ENTRIES(in->nr_raw),
		.scratch = scratch,
		.scratch_bytes = MEMMAP_SCRATCH_BYTES(in->nr_raw),
		.phys_bits = in->phys_bits,
		.source = in->source,
		.sink = &st->diags,
	};
	err = fw_map_sanitize(&args, &st->nr_map);
	if (err) {
		pr_err("sparsemm: map: sanitizing %u entries failed (%d)\n",
		       in->nr_raw, err);
		return err;
	}
	pr_info("sparsemm: map: %u firmware entries -> %u sanitized ranges, %u diagnostics (%u error, %u warn, %u info)\n",
		in->nr_raw, st->nr_map,
		st->diags.by_severity[MAP_DIAG_ERROR] +
			st->diags.by_severity[MAP_DIAG_WARN] +
			st->diags.by_severity[MAP_DIAG_INFO],
		st->diags.by_severity[MAP_DIAG_ERROR],
		st->diags.by_severity[MAP_DIAG_WARN],
		st->diags.by_severity[MAP_DIAG_INFO]);

	e820_table_init(&st->e820, st->e820_storage, (unsigned int)e820_cap);
	err = e820_build_from_fw_map(&st->e820, st->map, st->nr_map);
	if (err)
		return err;
	e820_print_bios_map(&st->e820);
	err = apply_user_edits(st, in->cfg);
	if (err) {
		pr_err("sparsemm: map: applying mem=/memmap= failed (%d)\n",
		       err);
		return err;
	}
	err = e820_apply_x86_rules(&st->e820);
	if (err)
		return err;
	if (!e820_end_of_ram(&st->e820)) {
		pr_err("sparsemm: map: no usable RAM left in the map\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * Boot-services code or data that the firmware flags EFI_MEMORY_RUNTIME
 * belongs to the runtime firmware: e820 RAM, as Linux's stub makes it, but
 * never handed to the allocator (Linux's efi_free_boot_services keeps it:
 * "someone else owns it").
 */
static int reserve_runtime_boot_ranges(const struct mm_map_state *st)
{
	for (unsigned int i = 0; i < st->nr_map; i++) {
		const struct fw_map_entry *e = &st->map[i];
		int err;

		if (e->type != FW_MEM_BOOT_RECLAIM ||
		    !(e->attr & EFI_MEMORY_RUNTIME))
			continue;
		pr_info("efi: boot-services range [mem %#018llx-%#018llx] carries EFI_MEMORY_RUNTIME: kept reserved for the firmware, not tested\n",
			(unsigned long long)e->start,
			(unsigned long long)(fw_map_entry_end(e) - 1));
		err = memblock_reserve(e->start, e->pages << PAGE_SHIFT);
		if (err)
			return err;
	}
	return 0;
}

int mm_memblock_setup(const struct mm_map_state *st,
		      const struct mm_in_use *in_use, unsigned int nr_in_use)
{
	unsigned int pos = 0;
	u64 start, end;
	int err;

	/* Reserve first: growing the arrays allocates from memblock. */
	for (unsigned int i = 0; i < nr_in_use; i++) {
		err = memblock_reserve(in_use[i].start, in_use[i].size);
		if (err)
			return err;
		memblock_dbg("memblock: %s in use at [%#018llx-%#018llx]\n",
			     in_use[i].what,
			     (unsigned long long)in_use[i].start,
			     (unsigned long long)(in_use[i].start +
						  in_use[i].size - 1));
	}
	memblock_allow_resize();
	while (e820_next_ram_range(&st->e820, &pos, &start, &end)) {
		err = memblock_add(start, end - start);
		if (err)
			return err;
	}
	/* x86 since Linux 5.13 (reserve_real_mode): the first 1 MiB stays
	 * reserved whatever the firmware left there; in memblock, not
	 * e820, so the zone and node lines are Linux's. */
	err = memblock_reserve(0, SZ_1M);
	err = err ?: reserve_runtime_boot_ranges(st);
	if (err)
		return err;
	memblock_dump_all();
	return 0;
}

struct mm_core_init_cycles mm_core_init_cycles;

/* The cycles since *t, charged to *stage; *t moves on. */
static void charge(u64 *stage, u64 *t)
{
	u64 now = arch_cycles();

	*stage = now - *t;
	*t = now;
}

int mm_core_init(const struct sparsemm_config *cfg, unsigned int nr_cpus)
{
	struct zones_config zc = {
		.movablecore_pages =
			(unsigned long)(cfg->movablecore >> PAGE_SHIFT),
		.nr_cpus = nr_cpus,
	};
	struct mm_core_init_cycles *c = &mm_core_init_cycles;
	u64 t;
	int err;

	memset(c, 0, sizeof(*c));
	c->start = t = arch_cycles();
	err = sparse_init();
	charge(&c->sparse_init, &t);
	if (err) {
		pr_err("sparsemm: sparse_init failed (%d)\n", err);
		return err;
	}
	err = free_area_init(&zc);
	charge(&c->free_area_init, &t);
	if (err) {
		pr_err("sparsemm: free_area_init failed (%d)\n", err);
		return err;
	}
	err = memmap_init();
	charge(&c->memmap_init, &t);
	if (err) {
		deferred_init_print();
		pr_err("sparsemm: memmap_init failed (%d)\n", err);
		return err;
	}
	err = page_alloc_init();
	charge(&c->page_alloc_init, &t);
	if (err) {
		pr_err("sparsemm: page_alloc_init failed (%d)\n", err);
		return err;
	}
	deferred_init_print();
	memory_hotplug_init();
	sparse_print_model_costs();
	c->total = arch_cycles() - c->start;
	return 0;
}

void mm_reset(void)
{
	memset(&mm_core_init_cycles, 0, sizeof(mm_core_init_cycles));
	zones_reset();
	numa_reset();
	numa_cpus_reset();
	sparse_reset();
	memmap_init_reset();
	deferred_init_reset();
	sparse_set_mem_source(NULL);
	sparse_set_hotplug_ops(NULL);
	memblock_reset();
	page_alloc_set_comm(NULL);
}
