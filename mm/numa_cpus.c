// SPDX-License-Identifier: MIT
/*
 * The CPU list: every processor the MADT names (local APIC and x2APIC
 * entries, in table order), with the node it belongs to, for the SMP code.
 *
 * Rules, as Linux's acpi_parse_lapic()/acpi_parse_x2apic() and
 * init_cpu_to_node(): an entry with an invalid APIC id (0xff for a local
 * APIC, 0xffffffff for an x2APIC) is skipped; so is a disabled entry that
 * is not online-capable in a MADT of revision 5 or later (before revision
 * 5, a disabled entry is a CPU that may be hot-added, and is kept with
 * enabled = false).  An APIC id listed twice is kept once (sparsemm's rule:
 * some firmware lists a CPU as both LAPIC and X2APIC).  At most
 * NUMA_MAX_CPUS are kept; the rest are reported.
 *
 * A CPU's node is the SRAT's node for its APIC id; when that node has no
 * memory it is brought online as a memoryless node.  A CPU the SRAT does
 * not name gets the online nodes in turn (numa_init_array()).
 *
 * Called by the boot sequence right after numa_init(), once the nodes are
 * known (Linux: init_cpu_to_node() after initmem_init()); numa.c never
 * calls here, so the node code does not depend on the CPU list.
 * numa_cpus_set() gives the list directly (the unit tests, a machine
 * without a MADT).
 */
#include <lib/acpi.h>
#include <lib/printk.h>
#include <mm/numa.h>

static struct numa_cpu cpus[NUMA_MAX_CPUS];
static unsigned int nr_cpus;
static unsigned int nr_cpus_dropped;

static int madt_cpu(const struct acpi_madt_cpu *c, void *ctx)
{
	bool online_capable_supported = *(const bool *)ctx;
	bool enabled = c->flags & ACPI_MADT_ENABLED;
	bool online_capable = c->flags & ACPI_MADT_ONLINE_CAPABLE;
	struct numa_cpu *cpu;

	if (c->apic_id == (c->x2apic ? 0xffffffffu : 0xffu))
		return 0; /* invalid id */
	if (!enabled && online_capable_supported && !online_capable)
		return 0; /* can never be onlined */
	for (unsigned int i = 0; i < nr_cpus; i++) {
		if (cpus[i].apic_id == c->apic_id) {
			pr_warn("ACPI: MADT lists APIC id 0x%x twice (%s entry, uid 0x%x): duplicate ignored\n",
				c->apic_id, c->x2apic ? "X2APIC" : "LAPIC",
				c->uid);
			return 0;
		}
	}
	if (nr_cpus == NUMA_MAX_CPUS) {
		pr_warn("APIC: NR_CPUS/possible_cpus limit of %i reached. Processor %u/0x%x ignored.\n",
			NUMA_MAX_CPUS, nr_cpus + nr_cpus_dropped, c->apic_id);
		nr_cpus_dropped++;
		return 0;
	}
	cpu = &cpus[nr_cpus++];
	cpu->apic_id = c->apic_id;
	cpu->acpi_id = c->uid;
	cpu->node = NUMA_NO_NODE;
	cpu->enabled = enabled;
	cpu->online_capable = online_capable;
	cpu->x2apic = c->x2apic;
	return 0;
}

void numa_cpus_init(void)
{
	const struct acpi_table_header *madt;
	bool online_capable_supported;
	int rr = first_online_node();
	u32 len;

	numa_cpus_reset();

	madt = acpi_get_table(ACPI_SIG_MADT, 0, &len);
	if (!madt)
		return;
	online_capable_supported = madt->revision >= 5;
	if (acpi_madt_parse_cpus(madt, len, madt_cpu,
				 &online_capable_supported) < 0) {
		pr_err("ACPI: Error parsing LAPIC/X2APIC entries: no CPU list\n");
		nr_cpus = 0;
		return;
	}
	pr_info("ACPI: Using ACPI (MADT) for SMP configuration information\n");
	for (unsigned int i = 0; i < nr_cpus; i++) {
		int node = apicid_to_node(cpus[i].apic_id);

		if (node == NUMA_NO_NODE) {
			node = rr;
			rr = next_online_node(rr);
			if (rr >= MAX_NUMNODES)
				rr = first_online_node();
		} else if (!node_online(node)) {
			numa_alloc_node_data(node); /* memoryless node */
		}
		cpus[i].node = node;
	}
}

void numa_cpus_reset(void)
{
	nr_cpus = 0;
	nr_cpus_dropped = 0;
}

const struct numa_cpu *numa_cpu_list(unsigned int *nr)
{
	*nr = nr_cpus;
	return cpus;
}

void numa_cpus_set(const struct numa_cpu *list, unsigned int nr)
{
	nr_cpus = MIN(nr, (unsigned int)NUMA_MAX_CPUS);
	nr_cpus_dropped = 0;
	for (unsigned int i = 0; i < nr_cpus; i++)
		cpus[i] = list[i];
}
