# SPDX-License-Identifier: MIT
"""The Linux oracle's comparison (tools/linux-oracle, docs/differential.md):
parse what Linux's initramfs and sparsemm's `oracle` suite print, and judge
sparsemm against Linux.

Both sides print sections between `==== oracle: NAME ====` and
`==== oracle: end ====`: `boot` (/proc/zoneinfo, pagetypeinfo, buddyinfo,
vm sysctls), `sequences` (the `oracle: ...` lines of
mm/stress/oracle_seq.h) and `after`; Linux adds `recomputed`, `offlined`,
`onlined` (tests/linux-oracle/init) and `kernel` (its `Freeing ... memory`
lines).

What must be equal (a failed check otherwise):
  - per zone, spanned and present pages (the same machine);
  - per mix request both sides served, the node and zone that served it
    (the zonelist's decision);
  - per exhaust phase, the zones that served it, unless the side that did
    not use a zone could not have: its free pages at the start were at or
    below min + lowmem_reserve for the request's highest zone (the zone
    was never usable there, so the difference is one of state).
What is measured and reported, never failed (it depends on state sparsemm
does not have: Linux's own allocations, page cache, slab, kswapd and its
watermark boost): managed pages, watermarks, protection, pageset high and
batch, pageblocks per migrate type and the buddyinfo shape as printed, with
the difference explained; whether each mix request was served or failed;
fallbacks between migrate types; pages served per exhaust phase; the
probes at exhaustion.  The exact comparison of the formulas is the unit
test tests/unit/test_oracle_wmarks.c on tests/linux-oracle/linux_zones.h
(write_fixtures() below).
"""

import re

_TS = re.compile(r"^\[\s*\d+\.\d+\]\s?")
_MARK = re.compile(r"^==== oracle: (\S+) ====$")
_KERNEL = re.compile(
    r"^(Freeing .* memory: \d+K|Memory: \d+K/\d+K available.*)$")
ZONE_IDX = {"DMA": 0, "DMA32": 1, "Normal": 2, "Movable": 3}
MT_NAMES = ("Unmovable", "Movable", "Reclaimable", "HighAtomic")


def _clean(line):
    line = line.replace("\r", "").rstrip()
    return _TS.sub("", line)


def linux_sections(text):
    """{name: [lines]} of the sections of a serial log or reference file,
    plus 'kernel' (the kernel's Freeing/Memory lines outside them)."""
    out, cur = {"kernel": []}, None
    for raw in text.split("\n"):
        line = _clean(raw)
        m = _MARK.match(line.strip())
        if m:
            name = m.group(1)
            cur = None if name in ("end", "poweroff") else out.setdefault(
                name, [])
            if cur is not None:
                del cur[:]
            continue
        if cur is not None:
            cur.append(line)
        elif _KERNEL.match(line):
            out["kernel"].append(line)
    return out


def format_sections(sections):
    text = []
    for name, lines in sections.items():
        text.append("==== oracle: %s ====" % name)
        text.extend(lines)
        text.append("==== oracle: end ====")
    return "\n".join(text) + "\n"


def files(lines):
    """{'/proc/zoneinfo': [lines], ...} of a section's `---- FILE` parts."""
    out, cur = {}, None
    for line in lines:
        if line.startswith("---- "):
            cur = out.setdefault(line[5:].strip(), [])
        elif cur is not None:
            cur.append(line)
    return out


# ---- /proc parsers -------------------------------------------------------------

def parse_zoneinfo(lines):
    """[{node, zone, free, min, low, high, spanned, present, managed,
    protection: [...], pcp: [(cpu, high, batch)]}] in printed order."""
    zones, z, cpu = [], None, None
    for line in lines:
        m = re.match(r"^Node (\d+), zone\s+(\S+)$", line)
        if m:
            z = {"node": int(m.group(1)), "zone": m.group(2),
                 "protection": [], "pcp": []}
            zones.append(z)
            continue
        if z is None:
            continue
        s = line.strip()
        m = re.match(r"^(?:pages )?(free|boost|min|low|high|spanned|present|"
                     r"managed)\s+(\d+)$", s)
        if m and not line.startswith("              "):
            z[m.group(1)] = int(m.group(2))
            continue
        m = re.match(r"^protection: \((.*)\)$", s)
        if m:
            z["protection"] = [int(v) for v in m.group(1).split(",")]
            continue
        m = re.match(r"^cpu: (\d+)$", s)
        if m:
            cpu = [int(m.group(1)), None, None]
            z["pcp"].append(cpu)
            continue
        m = re.match(r"^(high|batch):\s+(\d+)$", s)
        if m and cpu is not None:
            cpu[1 if m.group(1) == "high" else 2] = int(m.group(2))
    return zones


def parse_blocks(lines):
    """{(node, zone): {migrate type: pageblocks}} from pagetypeinfo."""
    out, names = {}, None
    for line in lines:
        if line.startswith("Number of blocks type"):
            names = line[len("Number of blocks type"):].split()
            continue
        m = re.match(r"^Node (\d+), zone\s+(\S+)\s+((?:\d+\s*)+)$", line)
        if m and names:
            vals = [int(v) for v in m.group(3).split()]
            out[(int(m.group(1)), m.group(2))] = dict(zip(names, vals))
    return out


def parse_buddyinfo(lines):
    out = {}
    for line in lines:
        m = re.match(r"^Node (\d+), zone\s+(\S+)\s+((?:\d+\s*)+)$", line)
        if m:
            out[(int(m.group(1)), m.group(2))] = [
                int(v) for v in m.group(3).split()]
    return out


def parse_sysctl(lines):
    return " ".join(l.strip() for l in lines if l.strip())


# ---- the sequences -------------------------------------------------------------

_REQ = re.compile(r"^oracle: (mix|probe) (\d+) (\S+) order (\d+) nid (-?\d+)"
                  r" -> (?:node (\d+) zone (\S+)(?: fallback (\S+))?|(fail))$")
_RUN = re.compile(r"^oracle: exhaust (\S+) order (\d+) run node (\d+) zone "
                  r"(\S+) x(\d+)$")
_FAIL = re.compile(r"^oracle: exhaust (\S+) order (\d+) fail after (\d+) "
                   r"\(fallbacks (\d+)\)$")
_ZONE = re.compile(r"^oracle: zone (\S+) node (\d+) zone (\S+) free (\d+) "
                   r"min (\d+) low (\d+) high (\d+)$")
_PHASE = re.compile(r"^oracle: exhaust (\S+) node (-?\d+)$")


def parse_sequences(lines):
    """{'mix': {i: outcome}, 'probe': [(phase, i, gfp, order, outcome)],
    'exhaust': {phase: {order: {runs, n, fallbacks}}}, 'zones': {tag:
    {(node, zone): {...}}}, 'done': bool}; an outcome is (node, zone,
    fallback or None) or None for a failure."""
    seq = {"mix": {}, "probe": [], "exhaust": {}, "zones": {}, "done": False,
           "order": []}
    phase = None
    for line in lines:
        line = line.strip()
        m = _REQ.match(line)
        if m:
            kind, i, gfp, order = m.group(1), int(m.group(2)), m.group(3), \
                int(m.group(4))
            out = None if m.group(9) else (int(m.group(6)), m.group(7),
                                           m.group(8))
            if kind == "mix":
                seq["mix"][i] = (gfp, order, int(m.group(5)), out)
            else:
                seq["probe"].append((phase, i, gfp, order, out))
            continue
        m = _PHASE.match(line)
        if m:
            phase = m.group(1)
            seq["exhaust"][phase] = {}
            seq["order"].append(phase)
            continue
        m = _RUN.match(line)
        if m:
            e = seq["exhaust"].setdefault(m.group(1), {}).setdefault(
                int(m.group(2)), {"runs": [], "n": 0, "fallbacks": 0})
            e["runs"].append((int(m.group(3)), m.group(4), int(m.group(5))))
            continue
        m = _FAIL.match(line)
        if m:
            e = seq["exhaust"].setdefault(m.group(1), {}).setdefault(
                int(m.group(2)), {"runs": [], "n": 0, "fallbacks": 0})
            e["n"], e["fallbacks"] = int(m.group(3)), int(m.group(4))
            continue
        m = _ZONE.match(line)
        if m:
            seq["zones"].setdefault(m.group(1), {})[
                (int(m.group(2)), m.group(3))] = dict(zip(
                    ("free", "min", "low", "high"),
                    [int(m.group(k)) for k in range(4, 8)]))
            continue
        if line.startswith("oracle: done "):
            seq["done"] = True
    return seq


def highest_zone(gfp):
    """gfp_zone() of a GFP combination's name (Linux's zone index)."""
    if "GFP_DMA32" in gfp:
        return 1
    if "GFP_DMA" in gfp:
        return 0
    if "MOVABLE" in gfp:
        return 3
    return 2


# ---- one side ------------------------------------------------------------------

class Side:
    def __init__(self, name, text):
        self.name = name
        self.sections = linux_sections(text)
        boot = files(self.sections.get("boot", []))
        self.zoneinfo = parse_zoneinfo(boot.get("/proc/zoneinfo", []))
        self.blocks = parse_blocks(boot.get("/proc/pagetypeinfo", []))
        self.buddy = parse_buddyinfo(boot.get("/proc/buddyinfo", []))
        self.sysctl = {k.rsplit("/", 1)[1]: parse_sysctl(v)
                       for k, v in boot.items() if k.startswith("/proc/sys")}
        last = self.sections.get("onlined") or self.sections.get("boot", [])
        self.zoneinfo_now = parse_zoneinfo(files(last).get("/proc/zoneinfo",
                                                            []))
        self.seq = parse_sequences(self.sections.get("sequences", []))
        after = files(self.sections.get("after", []))
        self.buddy_after = parse_buddyinfo(after.get("/proc/buddyinfo", []))

    def zone(self, node, zone, now=False):
        for z in (self.zoneinfo_now if now else self.zoneinfo):
            if z["node"] == node and z["zone"] == zone:
                return z
        return None

    def populated(self):
        return [(z["node"], z["zone"]) for z in self.zoneinfo
                if z.get("present") and z["zone"] in ZONE_IDX]


# ---- the comparison ------------------------------------------------------------

class Report:
    def __init__(self, name, verbose):
        self.name, self.verbose = name, verbose
        self.passed = self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
            if self.verbose:
                print("  ok   %s" % what)
        else:
            self.failed += 1
            print("  FAIL %s" % what)
        return ok

    def info(self, text):
        print("  " + text)


def _mib(pages):
    return pages * 4096 / float(1 << 20)


def _shape(counts):
    """(highest order holding memory, % of the free pages in order-10
    blocks) of a buddyinfo row."""
    total = sum(c << o for o, c in enumerate(counts))
    top = max([o for o, c in enumerate(counts) if c] or [-1])
    big = (counts[-1] << (len(counts) - 1)) if counts else 0
    return top, (100.0 * big / total) if total else 0.0


def compare_state(r, lx, sp):
    """Section `boot`: the values as printed, each difference explained."""
    kernel = [l for l in lx.sections.get("kernel", [])
              if l.startswith("Freeing ")]
    freed = sum(int(re.search(r"(\d+)K$", l).group(1)) for l in kernel)
    r.info("state as printed (Linux | sparsemm), per zone:")
    r.info("  min_free_kbytes %s | %s (from each one's managed lowmem)" % (
        lx.sysctl.get("min_free_kbytes", "?"),
        sp.sysctl.get("min_free_kbytes", "?")))
    for node, zone in lx.populated():
        a, b = lx.zone(node, zone), sp.zone(node, zone)
        tag = "node %d %s" % (node, zone)
        if not r.check(b is not None, "%s: sparsemm has the zone" % tag):
            continue
        r.check(a["spanned"] == b.get("spanned"),
                "%s: spanned %d | %s" % (tag, a["spanned"], b.get("spanned")))
        r.check(a["present"] == b.get("present"),
                "%s: present %d | %s" % (tag, a["present"], b.get("present")))
        d = b.get("managed", 0) - a["managed"]
        r.info("  %s: managed %d | %d (%+d pages, %+.1f MiB: pages each "
               "keeps for itself)" % (tag, a["managed"], b.get("managed", 0),
                                      d, _mib(d)))
        r.info("  %s: min/low/high %d/%d/%d | %d/%d/%d (follow managed; "
               "exact: test_oracle_wmarks)" % (
                   tag, a["min"], a["low"], a["high"], b.get("min", -1),
                   b.get("low", -1), b.get("high", -1)))
        r.info("  %s: protection %s | %s (Linux lists ZONE_DEVICE too)" % (
            tag, a["protection"], b.get("protection")))
        pa = sorted(set((h, bt) for _, h, bt in a["pcp"]))
        pb = sorted(set((h, bt) for _, h, bt in b.get("pcp", [])))
        r.info("  %s: pageset high/batch %s | %s" % (
            tag, " ".join("%s/%s" % p for p in pa),
            " ".join("%s/%s" % p for p in pb)))
        ba, bb = lx.blocks.get((node, zone), {}), sp.blocks.get((node, zone),
                                                               {})
        r.info("  %s: pageblocks %s | %s" % (
            tag, " ".join("%s:%d" % (k, v) for k, v in ba.items() if v),
            " ".join("%s:%d" % (k, v) for k, v in bb.items() if v)))
        sa, sb = _shape(lx.buddy.get((node, zone), [])), \
            _shape(sp.buddy.get((node, zone), []))
        r.info("  %s: buddyinfo top order %d, %.0f%% in order-10 blocks | "
               "top order %d, %.0f%%" % (tag, sa[0], sa[1], sb[0], sb[1]))
    if kernel:
        r.info("  Linux freed %d KiB after its watermarks were first set "
               "(%s)" % (freed, "; ".join(kernel)))


def compare_mix(r, lx, sp):
    both = same = served_agree = fb_both = fb_diff = 0
    disagree = {}
    for i, (gfp, order, nid, a) in sorted(lx.seq["mix"].items()):
        if i not in sp.seq["mix"]:
            continue
        b = sp.seq["mix"][i][3]
        if (a is None) == (b is None):
            served_agree += 1
        else:
            key = "%s order %d: Linux %s, sparsemm %s" % (
                gfp, order, "failed" if a is None else "served",
                "failed" if b is None else "served")
            disagree[key] = disagree.get(key, 0) + 1
        if a is not None and b is not None:
            both += 1
            if a[:2] == b[:2]:
                same += 1
            else:
                r.check(False, "mix %d %s order %d nid %d: Linux node %d %s, "
                        "sparsemm node %d %s" % (i, gfp, order, nid, a[0],
                                                  a[1], b[0], b[1]))
            if a[2] and b[2]:
                fb_both += 1
            elif a[2] or b[2]:
                fb_diff += 1
    n = len(lx.seq["mix"])
    r.check(n and len(sp.seq["mix"]) == n,
            "mix: both sides issued %d requests (sparsemm %d)" % (
                n, len(sp.seq["mix"])))
    r.check(same == both, "mix: %d/%d requests both served went to the same "
            "node and zone" % (same, both))
    r.info("mix: served-or-failed agreement %d/%d (%.1f%%)" % (
        served_agree, n, 100.0 * served_agree / max(n, 1)))
    for k, v in sorted(disagree.items()):
        r.info("  %dx %s" % (v, k))
    fa = sum(1 for v in lx.seq["mix"].values() if v[3] and v[3][2])
    fb = sum(1 for v in sp.seq["mix"].values() if v[3] and v[3][2])
    r.info("mix: fallbacks Linux %d, sparsemm %d; on the same request %d, "
           "on one side only %d" % (fa, fb, fb_both, fb_diff))


def _never_usable(side, node, zone, gfp):
    """The zone's start free pages were at or below min + lowmem_reserve
    for GFP's highest zone: no request of GFP could use it."""
    z = side.zone(node, zone, now=True) or side.zone(node, zone)
    st = side.seq["zones"].get("start", {}).get((node, zone))
    if not z or not st:
        return False
    hz = highest_zone(gfp)
    prot = z["protection"][hz] if hz < len(z["protection"]) else 0
    return st["free"] <= st["min"] + prot


def compare_exhaust(r, lx, sp):
    """Per exhaust phase (its big order, then order 0): the zones that
    served it, pages served, fallbacks, the zones at failure."""
    empty = {"runs": [], "n": 0, "fallbacks": 0}
    for phase in lx.seq["order"]:
        la = lx.seq["exhaust"].get(phase, {})
        sa = sp.seq["exhaust"].get(phase, {})
        if not r.check(bool(sa), "exhaust %s: sparsemm ran it" % phase):
            continue
        orders = sorted(set(la) | set(sa), reverse=True)
        ua = list(dict.fromkeys((n, z) for o in orders
                                for n, z, _ in la.get(o, empty)["runs"]))
        ub = list(dict.fromkeys((n, z) for o in orders
                                for n, z, _ in sa.get(o, empty)["runs"]))
        why, bad = [], False
        for who, x, other in [("sparsemm", x, lx) for x in ub
                              if x not in ua] + \
                             [("Linux", x, sp) for x in ua if x not in ub]:
            ok = _never_usable(other, x[0], x[1], phase)
            bad = bad or not ok
            why.append("%s only: node %d %s (%s)" % (
                who, x[0], x[1], "the other side starts at or below min + "
                "lowmem_reserve there" if ok else "UNEXPLAINED"))
        r.check(not bad, "exhaust %s: zones %s | %s" % (
            phase, ",".join("%d:%s" % x for x in ua) or "-",
            ",".join("%d:%s" % x for x in ub) or "-"))
        for w in why:
            r.info("  " + w)
        for o in orders:
            a, b = la.get(o, empty), sa.get(o, empty)
            pa, pb = a["n"] << o, b["n"] << o
            r.info("  order %d: pages served %d | %d (%s), fallbacks "
                   "%d | %d" % (o, pa, pb, "%.1f%%" % (100.0 * pb / pa)
                                if pa else "-", a["fallbacks"],
                                b["fallbacks"]))
        end = lx.seq["zones"].get(phase, {})
        send = sp.seq["zones"].get(phase, {})
        for key in sorted(end):
            x, y = end[key], send.get(key)
            if y:
                r.info("  at failure node %d %s: free %d min %d | free %d "
                       "min %d" % (key[0], key[1], x["free"], x["min"],
                                   y["free"], y["min"]))
    agree = total = 0
    sprobe = {(p, i): o for p, i, _, _, o in sp.seq["probe"]}
    diffs = []
    for p, i, gfp, order, a in lx.seq["probe"]:
        if (p, i) not in sprobe:
            continue
        b = sprobe[(p, i)]
        total += 1
        if (a and a[:2]) == (b and b[:2]):
            agree += 1
        else:
            diffs.append("%s then %s order %d: %s | %s" % (
                p, gfp, order, "fail" if not a else "%d:%s" % a[:2],
                "fail" if not b else "%d:%s" % b[:2]))
    r.info("probes at exhaustion: same outcome %d/%d (%.1f%%)" % (
        agree, total, 100.0 * agree / max(total, 1)))
    for d in diffs if r.verbose else diffs[:8]:
        r.info("  " + d)
    if len(diffs) > 8 and not r.verbose:
        r.info("  ... %d more (-v)" % (len(diffs) - 8))


def compare_files(ref, text, name, verbose=False):
    """Compare sparsemm's serial log TEXT with Linux's reference REF;
    prints the report, returns (passed, failed)."""
    with open(ref) as f:
        lx = Side("Linux", f.read())
    sp = Side("sparsemm", text)
    r = Report(name, verbose)
    print("%s:" % name)
    if not r.check(bool(sp.zoneinfo) and sp.seq["done"],
                   "sparsemm printed its state and finished the sequences"):
        return r.passed, r.failed
    compare_state(r, lx, sp)
    compare_mix(r, lx, sp)
    compare_exhaust(r, lx, sp)
    return r.passed, r.failed


# ---- the exact comparison's fixtures -------------------------------------------

FIXTURE_ZONES = 16
FIXTURE_NODES = 8


def fixture(name, text, cpus_per_node):
    """One config's C initializer for tests/linux-oracle/linux_zones.h:
    Linux's managed pages after the memory block came back online, the
    high watermarks before (the offline step: nr_free_zone_pages subtracts
    them), and what init_per_zone_wmark_min() made of them."""
    sec = linux_sections(text)
    now = files(sec.get("onlined") or [])
    prev = files(sec.get("offlined") or [])
    if not now.get("/proc/zoneinfo") or not prev.get("/proc/zoneinfo"):
        return None
    zi = parse_zoneinfo(now["/proc/zoneinfo"])
    before = {(z["node"], z["zone"]): z
              for z in parse_zoneinfo(prev["/proc/zoneinfo"])}
    zones = []
    for z in zi:
        if not z.get("present") or z["zone"] not in ZONE_IDX:
            continue
        p = before[(z["node"], z["zone"])]
        hb = sorted(set((h, b) for _, h, b in z["pcp"]))
        if len(hb) != 1:
            raise ValueError("%s: node %d %s: pagesets differ per CPU %s" % (
                name, z["node"], z["zone"], hb))
        zones.append("\t\t\t{ %d, %d, %d, %d, %d, %d, %d, %d, { %s }, "
                     "%d, %d }," % (
                         z["node"], ZONE_IDX[z["zone"]], z["present"],
                         z["managed"], p["high"] - p.get("boost", 0),
                         z["min"] - z.get("boost", 0),
                         z["low"] - z.get("boost", 0),
                         z["high"] - z.get("boost", 0),
                         ", ".join(str(v) for v in z["protection"][:4]),
                         hb[0][0], hb[0][1]))
    mfk = int(parse_sysctl(now["/proc/sys/vm/min_free_kbytes"]))
    nodes = max(z["node"] for z in zi) + 1
    return ("\t{\n\t\t\"%s\", %d, { %s }, %d, %d,\n\t\t{\n%s\n\t\t},\n\t},"
            % (name, nodes, ", ".join(str(cpus_per_node.get(n, 0))
                                      for n in range(nodes)),
               mfk, len(zones), "\n".join(zones)))


def cpus_per_node(machine_words):
    """{node: CPUs} from QEMU's -numa node,...,cpus=A[-B] args (one node
    with -smp CPUs without them)."""
    out, smp = {}, 1
    for i, w in enumerate(machine_words):
        if w == "-smp":
            smp = int(machine_words[i + 1])
        m = re.match(r"node,nodeid=(\d+),cpus=(\d+)(?:-(\d+))?", w)
        if m:
            lo, hi = int(m.group(2)), int(m.group(3) or m.group(2))
            out[int(m.group(1))] = hi - lo + 1
    return out or {0: smp}


def fixtures_header(entries):
    head = """/* SPDX-License-Identifier: MIT */
/*
 * Linux's zones for tests/unit/test_oracle_wmarks.c: managed pages and what
 * Linux 6.1 computed from them (min_free_kbytes, watermarks, lowmem_reserve,
 * pageset high and batch), from tests/linux-oracle/<config>.txt.
 * Generated by tools/linux-oracle --fixtures (also after --refresh); do not
 * edit.  Zone indexes: 0 DMA, 1 DMA32, 2 Normal, 3 Movable.
 */
#ifndef TESTS_LINUX_ORACLE_LINUX_ZONES_H
#define TESTS_LINUX_ORACLE_LINUX_ZONES_H

/* clang-format off */

#define ORACLE_FIXTURE_ZONES %d
#define ORACLE_FIXTURE_NODES %d

struct oracle_zone_fixture {
	int node, zone;
	unsigned long present, managed;
	unsigned long prev_high; /* before: the offline step's high */
	unsigned long min, low, high;
	long protection[4];
	int pcp_high, pcp_batch;
};

struct oracle_fixture {
	const char *name;
	int nr_nodes;
	int cpus[ORACLE_FIXTURE_NODES]; /* CPUs per node */
	int min_free_kbytes;
	unsigned int nr_zones;
	struct oracle_zone_fixture zones[ORACLE_FIXTURE_ZONES];
};

static const struct oracle_fixture oracle_fixtures[] = {
""" % (FIXTURE_ZONES, FIXTURE_NODES)
    return head + "\n".join(entries) + "\n};\n\n/* clang-format on */\n\n#endif\n"
