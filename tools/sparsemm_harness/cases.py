# SPDX-License-Identifier: MIT
"""The boot-case table, tests/qemu/cases.tsv.

One case per line; columns separated by one or more TABs; `-` is an empty
field; lines starting with `#` and blank lines are ignored.  Columns:

  name     unique; [A-Za-z0-9._-]+; logs go to build/boot/<name>.log
  mem      guest RAM: 128M, 2G, 6G ...
  smp      CPUs
  expect   pass | fail | crash | no-verdict   (the exit status wanted)
  timeout  seconds before QEMU is killed (then: no verdict)
  config   config words appended to sparsemm.cfg for this run
  require  regexes (Python re), `;`-separated, each must match some line;
           `A >> B` means B must match on a line after A's first match
  forbid   regexes, `;`-separated, none may match any line
  qemu     extra QEMU arguments (shell words), or `numa=PRESET` words, or
           `serial=com2` (the log is COM2, COM1 goes nowhere) /
           `serial=none` (no UART: only the exit status is judged, so
           require and forbid must be `-`), or `acpi=NAME` (an extra ACPI
           table, acpi_tables.py, e.g. acpi=spcr-com2)
  monitor  optional (a row may stop after qemu): monitor actions
           `REGEX => HMP COMMAND`, `;`-separated (monitor.py): when a
           serial line matches REGEX, the command goes to QEMU's monitor

Write a literal `;` in a regex as `\\x3b`.
"""

import re
import shlex

from . import acpi_tables, monitor, qemu

COLUMNS = ("name", "mem", "smp", "expect", "timeout", "config", "require",
           "forbid", "qemu", "monitor")
# Columns a row may leave out at its end.
OPTIONAL = ("monitor",)
EXPECT = ("pass", "fail", "crash", "no-verdict")
_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


class CaseError(ValueError):
    pass


class Requirement:
    """One `require` item: a chain of regexes that must match in order."""

    def __init__(self, text):
        self.text = text
        self.chain = [re.compile(p.strip()) for p in text.split(" >> ")]

    def check(self, lines):
        """None if satisfied, else a reason."""
        start = 0
        for k, rx in enumerate(self.chain):
            for n in range(start, len(lines)):
                if rx.search(lines[n]):
                    start = n + 1
                    break
            else:
                if k == 0:
                    return "missing /%s/" % rx.pattern
                return "missing /%s/ after /%s/" % (
                    rx.pattern, self.chain[k - 1].pattern)
        return None


class Case:
    def __init__(self, name, mem, smp, expect, timeout, config, require,
                 forbid, qemu_args, lineno=0, monitor_actions=(),
                 serial_port="com1", acpi=()):
        self.name = name
        self.mem = mem
        self.smp = smp
        self.expect = expect
        self.timeout = timeout
        self.config = config
        self.require = require          # list of Requirement
        self.forbid = forbid            # list of compiled regexes
        self.qemu_args = qemu_args      # list of str (presets expanded)
        self.monitor = list(monitor_actions)  # list of monitor.Action
        self.serial_port = serial_port  # com1 | com2 | none: the logged UART
        self.acpi = list(acpi)          # extra ACPI tables (acpi_tables.py)
        self.lineno = lineno

    @property
    def expect_status(self):
        return qemu.NAME_TO_STATUS[self.expect]

    def __repr__(self):
        return "Case(%s)" % self.name


def _split_list(field):
    if field in ("", "-"):
        return []
    return [p.strip() for p in field.split(";") if p.strip()]


def parse_row(fields, lineno=0):
    need = len(COLUMNS) - len(OPTIONAL)
    if not need <= len(fields) <= len(COLUMNS):
        raise CaseError("line %d: %d columns, want %d to %d (%s) separated "
                        "by TABs" % (lineno, len(fields), need, len(COLUMNS),
                                     " ".join(COLUMNS)))
    fields = list(fields) + ["-"] * (len(COLUMNS) - len(fields))
    f = dict(zip(COLUMNS, (x.strip() for x in fields)))
    where = "line %d (%s)" % (lineno, f["name"])
    if not _NAME.match(f["name"]):
        raise CaseError("%s: bad name" % where)
    try:
        qemu.parse_size_mib(f["mem"])
    except ValueError as e:
        raise CaseError("%s: %s" % (where, e))
    try:
        smp = int(f["smp"])
        timeout = float(f["timeout"])
        if smp < 1 or timeout <= 0:
            raise ValueError
    except ValueError:
        raise CaseError("%s: smp and timeout must be positive numbers"
                        % where)
    if f["expect"] not in EXPECT:
        raise CaseError("%s: expect must be one of %s" % (where,
                                                          ", ".join(EXPECT)))
    config = "" if f["config"] == "-" else f["config"]
    try:
        require = [Requirement(p) for p in _split_list(f["require"])]
        forbid = [re.compile(p) for p in _split_list(f["forbid"])]
    except re.error as e:
        raise CaseError("%s: bad regex: %s" % (where, e))
    args = []
    serial_port = "com1"
    acpi = []
    if f["qemu"] != "-":
        for w in shlex.split(f["qemu"]):
            if w.startswith("acpi="):
                if w[5:] not in acpi_tables.TABLES:
                    raise CaseError("%s: acpi= must be one of %s" % (
                        where, ", ".join(sorted(acpi_tables.TABLES))))
                acpi.append(w[5:])
            elif w.startswith("serial="):
                serial_port = w[7:]
                if serial_port not in qemu.SERIAL_PORTS:
                    raise CaseError("%s: serial= must be one of %s"
                                    % (where, ", ".join(qemu.SERIAL_PORTS)))
            elif w.startswith("numa="):
                try:
                    args += qemu.numa_args(w[5:], f["mem"], smp)
                except ValueError as e:
                    raise CaseError("%s: %s" % (where, e))
            else:
                args.append(w)
    if serial_port == "none" and (require or forbid):
        raise CaseError("%s: serial=none leaves no log: require and forbid "
                        "must be -" % where)
    try:
        actions = monitor.parse_actions(f["monitor"])
    except monitor.ActionError as e:
        raise CaseError("%s: %s" % (where, e))
    return Case(f["name"], f["mem"], smp, f["expect"], timeout, config,
                require, forbid, args, lineno, actions, serial_port, acpi)


def load(path):
    cases = []
    seen = set()
    with open(path) as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = re.split(r"\t+", line.strip("\t"))
            c = parse_row(fields, lineno)
            if c.name in seen:
                raise CaseError("line %d: duplicate case %r" % (lineno,
                                                               c.name))
            seen.add(c.name)
            cases.append(c)
    return cases
