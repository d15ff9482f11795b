# SPDX-License-Identifier: MIT
"""Self-tests of the case table, exit-status mapping and judging."""

import os
import unittest

from sparsemm_harness import cases, judge, qemu

ROOT = qemu.repo_root()
TABLE = os.path.join(ROOT, "tests", "qemu", "cases.tsv")

GOOD_LOG = """\
BdsDxe: starting Boot0002
efi: mem00: [Conventional|   |  |  |  |  |  |  |  |  |   |WB|  |  |  ] range=[0x0000000000000000-0x000000000009ffff] (0MB)
ExitBootServices: retry 1
ExitBootServices: ok
KTAP version 1
1..1
ok 1 buddy
sparsemm: verdict: PASS
"""


def row(**kw):
    f = dict(name="c", mem="2G", smp="1", expect="pass", timeout="60",
             config="-", require="-", forbid="-", qemu="-", monitor="-")
    f.update(kw)
    return cases.parse_row([f[c] for c in cases.COLUMNS], 1)


class TestStatus(unittest.TestCase):
    def test_debug_exit_mapping(self):
        self.assertEqual(qemu.map_status(33)[0], qemu.PASS)
        self.assertEqual(qemu.map_status(35)[0], qemu.FAIL)
        self.assertEqual(qemu.map_status(37)[0], qemu.CRASH)

    def test_no_verdict(self):
        st, msg = qemu.map_status(0)
        self.assertEqual(st, qemu.NO_VERDICT)
        self.assertIn("guest reset or powered off without a verdict", msg)
        st, msg = qemu.map_status(None, timed_out=True, timeout=300)
        self.assertEqual((st, msg), (qemu.NO_VERDICT,
                                     "no verdict: timed out after 300 s"))
        for rc in (1, 3, 39, -9):
            self.assertEqual(qemu.map_status(rc)[0], qemu.NO_VERDICT)

    def test_sizes(self):
        self.assertEqual(qemu.parse_size_mib("128M"), 128)
        self.assertEqual(qemu.parse_size_mib("6G"), 6144)
        self.assertRaises(ValueError, qemu.parse_size_mib, "lots")

    def test_numa_preset(self):
        args = qemu.numa_args("2node", "2G", 2)
        self.assertIn("memory-backend-ram,id=m1,size=1024M", args)
        self.assertIn("node,nodeid=1,memdev=m1,cpus=1", args)

    def test_command_line(self):
        cmd = qemu.build_command("d.img", "v.fd", "o.log", "file,path=s.log",
                                 mem="6G", smp=2)
        line = " ".join(cmd)
        for must in ("-machine q35", "-no-reboot", "-net none", "-m 6G",
                     "-smp 2", "readonly=on,file=" + qemu.OVMF_CODE,
                     "isa-debug-exit,iobase=0xf4,iosize=0x04",
                     "-debugcon file:o.log", "isa-debugcon.iobase=0x402"):
            self.assertIn(must, line)
        kvm = qemu.build_command("d", "v", "o", "null", accel="kvm")
        self.assertIn("-enable-kvm", kvm)
        self.assertIn("host", kvm)

    def test_serial_ports(self):
        def serials(port):
            cmd = qemu.build_command("d", "v", "o", "file,path=s.log",
                                     serial_port=port)
            return [cmd[i + 1] for i, w in enumerate(cmd) if w == "-serial"]
        # The logged chardev is the first UART (COM1) by default, the
        # second (COM2) behind a null COM1, or there is no UART at all.
        self.assertEqual(serials("com1"), ["chardev:com1"])
        self.assertEqual(serials("com2"), ["null", "chardev:com2"])
        self.assertEqual(serials("none"), ["none"])
        self.assertRaises(ValueError, qemu.build_command, "d", "v", "o",
                          "null", serial_port="com3")


class TestCases(unittest.TestCase):
    def test_table_loads(self):
        table = cases.load(TABLE)
        names = [c.name for c in table]
        self.assertEqual(len(names), len(set(names)))
        for must in ("default-128M", "default-2G", "default-6G",
                     "ebs-retry", "fault"):
            self.assertIn(must, names)

    def test_bad_rows(self):
        self.assertRaises(cases.CaseError, row, expect="maybe")
        self.assertRaises(cases.CaseError, row, mem="much")
        self.assertRaises(cases.CaseError, row, require="([")
        self.assertRaises(cases.CaseError, row, name="a b")
        self.assertRaises(cases.CaseError, cases.parse_row, ["x", "2G"], 3)

    def test_fields(self):
        c = row(config="selftest=fault seed=3", require="a;b >> c",
                qemu="-device pc-dimm,memdev=d1 numa=2node")
        self.assertEqual(c.config, "selftest=fault seed=3")
        self.assertEqual([r.text for r in c.require], ["a", "b >> c"])
        self.assertEqual(c.qemu_args[:2], ["-device", "pc-dimm,memdev=d1"])
        self.assertIn("-numa", c.qemu_args)

    def test_serial_preset(self):
        self.assertEqual(row().serial_port, "com1")
        c = row(qemu="serial=com2 -device VGA")
        self.assertEqual((c.serial_port, c.qemu_args),
                         ("com2", ["-device", "VGA"]))
        self.assertEqual(row(qemu="serial=none").serial_port, "none")
        self.assertRaises(cases.CaseError, row, qemu="serial=com5")
        # No log to match regexes against.
        self.assertRaises(cases.CaseError, row, qemu="serial=none",
                          require="x")

    def test_acpi_preset(self):
        c = row(qemu="acpi=spcr-com2 serial=com2")
        self.assertEqual(c.acpi, ["spcr-com2"])
        self.assertEqual(c.qemu_args, [])
        self.assertRaises(cases.CaseError, row, qemu="acpi=madt-bogus")

    def test_acpi_table_bodies(self):
        import struct
        import tempfile
        from sparsemm_harness import acpi_tables
        sig, rev, body = acpi_tables.TABLES["spcr-com2"]
        # With QEMU's 36-byte header, an SPCR of revision 2 is 80 bytes.
        self.assertEqual((sig, rev, len(body)), ("SPCR", 2, 80 - 36))
        # Interface type 0 (16550), GAS: I/O space, 8 bits, at 0x2f8;
        # baud code 7 (115200) at table offset 58.
        self.assertEqual(body[0], 0)
        self.assertEqual(body[4:8], bytes([1, 8, 0, 1]))
        self.assertEqual(struct.unpack_from("<Q", body, 8)[0], 0x2f8)
        self.assertEqual(body[58 - 36], 7)
        self.assertEqual(acpi_tables.TABLES["spcr-pl011"][2][0], 3)
        with tempfile.TemporaryDirectory() as d:
            args = acpi_tables.qemu_args("spcr-com2", d)
            self.assertEqual(args[0], "-acpitable")
            self.assertIn("sig=SPCR,rev=2,", args[1])
            path = args[1].split("data=")[1]
            with open(path, "rb") as f:
                self.assertEqual(f.read(), body)

    def test_ordered_requirement(self):
        r = cases.Requirement("retry 1 >> ok")
        self.assertIsNone(r.check(["retry 1", "x", "ok"]))
        self.assertIn("after", r.check(["ok", "retry 1"]))


class TestJudge(unittest.TestCase):
    def result(self, status):
        return qemu.Result(status, None, qemu.map_status(
            {0: 33, 1: 35, 2: 37, 3: 0}[status])[1], 1.0)

    def test_pass(self):
        c = row(require="^KTAP version 1$;efi: mem00:;"
                "ExitBootServices: retry 1 >> ExitBootServices: ok")
        self.assertEqual(judge.judge(c, self.result(qemu.PASS), GOOD_LOG),
                         [])

    def test_status_mismatch(self):
        c = row()
        why = judge.judge(c, self.result(qemu.CRASH), GOOD_LOG)
        self.assertIn("expected pass, got crash", why)

    def test_negative_case_fails_on_pass(self):
        c = row(expect="crash")
        why = judge.judge(c, self.result(qemu.PASS), GOOD_LOG)
        self.assertIn("expected crash, got pass", why)

    def test_verdict_line_must_agree(self):
        c = row(expect="fail")
        why = judge.judge(c, self.result(qemu.FAIL), GOOD_LOG)
        self.assertTrue(any("verdict line says PASS" in w for w in why))

    def test_forbid_and_missing(self):
        c = row(require="nowhere", forbid="retry")
        why = judge.judge(c, self.result(qemu.PASS), GOOD_LOG)
        self.assertIn("missing /nowhere/", why)
        self.assertTrue(any(w.startswith("forbidden /retry/ at line 3")
                            for w in why))

    def test_ktap_failure_fails_pass_case(self):
        log = GOOD_LOG.replace("ok 1 buddy", "not ok 1 buddy")
        why = judge.judge(row(), self.result(qemu.PASS), log)
        self.assertIn("KTAP: not ok: buddy", why)

    def test_no_uart_judged_by_exit_status(self):
        c = row(qemu="serial=none")
        self.assertEqual(judge.judge(c, self.result(qemu.PASS), ""), [])
        r = qemu.Result(qemu.NO_VERDICT, None,
                        "no verdict: timed out after 9 s", 9.0)
        self.assertEqual(judge.judge(c, r, ""),
                         ["expected pass, got no verdict: timed out "
                          "after 9 s"])

    def test_timeout(self):
        r = qemu.Result(qemu.NO_VERDICT, None,
                        "no verdict: timed out after 9 s", 9.0)
        why = judge.judge(row(), r, "")
        self.assertEqual(why, ["expected pass, got no verdict: timed out "
                               "after 9 s", "no serial output"])
        why = judge.judge(row(require="x"), r, "a\nefi: mem00: x\n\n")
        self.assertEqual(why[1:], ["last serial line: efi: mem00: x"])

    def test_firmware_exception_detected(self):
        dump = ("!!!! X64 Exception Type - 0D(#GP - General Protection)  "
                "CPU Apic ID - 00000000 !!!!\n")
        self.assertIn("0D(#GP - General Protection)", qemu._scan_hang(dump))
        self.assertIsNone(qemu._scan_hang("BdsDxe: loading Boot0002\n"))


if __name__ == "__main__":
    unittest.main()
