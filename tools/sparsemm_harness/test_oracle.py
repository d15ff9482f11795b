# SPDX-License-Identifier: MIT
"""Tests of sparsemm_harness.oracle (the Linux oracle's comparison): the
parsers on a committed Linux reference, and the judgement on made-up
sparsemm logs that agree, disagree on a zone, or leave a zone unexplained.
"""

import contextlib
import io
import os
import tempfile
import unittest

from sparsemm_harness import oracle

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
REF = os.path.join(ROOT, "tests", "linux-oracle", "mem2G.txt")


def compare(ref_text, log_text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(ref_text)
    try:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            p, fails = oracle.compare_files(f.name, log_text, "t")
    finally:
        os.unlink(f.name)
    return p, fails, out.getvalue()


class Parsers(unittest.TestCase):
    def setUp(self):
        with open(REF) as f:
            self.text = f.read()
        self.side = oracle.Side("Linux", self.text)

    def test_zoneinfo(self):
        dma32 = self.side.zone(0, "DMA32")
        self.assertGreater(dma32["present"], dma32["managed"])
        self.assertEqual(len(dma32["protection"]), 5)   # ZONE_DEVICE too
        self.assertTrue(all(h and b for _, h, b in dma32["pcp"]))
        self.assertEqual(self.side.populated(), [(0, "DMA"), (0, "DMA32")])

    def test_sequences(self):
        seq = self.side.seq
        self.assertTrue(seq["done"])
        self.assertGreater(len(seq["mix"]), 900)
        self.assertEqual(len(seq["order"]), 5)
        self.assertEqual(len(seq["probe"]), 5 * 16)
        self.assertIn("start", seq["zones"])

    def test_request_line(self):
        seq = oracle.parse_sequences([
            "oracle: mix 3 GFP_DMA order 2 nid -1 -> node 0 zone DMA "
            "fallback Movable>Unmovable",
            "oracle: mix 4 GFP_DMA order 10 nid 0 -> fail"])
        self.assertEqual(seq["mix"][3], ("GFP_DMA", 2, -1,
                                         (0, "DMA", "Movable>Unmovable")))
        self.assertIsNone(seq["mix"][4][3])

    def test_highest_zone(self):
        self.assertEqual(oracle.highest_zone("GFP_KERNEL|GFP_DMA32"), 1)
        self.assertEqual(oracle.highest_zone("GFP_KERNEL|GFP_DMA"), 0)
        self.assertEqual(oracle.highest_zone("GFP_HIGHUSER_MOVABLE"), 3)
        self.assertEqual(oracle.highest_zone("GFP_KERNEL|__GFP_THISNODE"), 2)

    def test_cpus_per_node(self):
        self.assertEqual(oracle.cpus_per_node(["-m", "2G", "-smp", "4"]),
                         {0: 4})
        self.assertEqual(oracle.cpus_per_node(
            ["-smp", "2", "-numa", "node,nodeid=0,cpus=0,memdev=m0",
             "-numa", "node,nodeid=1,cpus=1,memdev=m1"]), {0: 1, 1: 1})


class Judgement(unittest.TestCase):
    def setUp(self):
        with open(REF) as f:
            self.text = f.read()

    def test_linux_against_itself(self):
        p, fails, out = compare(self.text, self.text)
        self.assertEqual(fails, 0, out)
        self.assertGreater(p, 10)
        self.assertIn("same outcome 80/80", out)

    def test_other_zone_fails(self):
        # One mix request both served, from a different zone.
        lines = self.text.split("\n")
        for i, l in enumerate(lines):
            if l.startswith("oracle: mix ") and l.endswith("zone DMA32"):
                lines[i] = l[:-len("DMA32")] + "DMA"
                break
        p, fails, out = compare(self.text, "\n".join(lines))
        self.assertEqual(fails, 2, out)   # the request, and the tally
        self.assertIn("Linux node 0 DMA32, sparsemm node 0 DMA", out)

    def test_unexplained_zone_fails(self):
        # sparsemm serving a DMA exhaustion from DMA32 cannot be explained.
        bad = self.text.replace(
            "GFP_KERNEL|GFP_DMA|__GFP_NORETRY order 2 run node 0 zone DMA ",
            "GFP_KERNEL|GFP_DMA|__GFP_NORETRY order 2 run node 0 zone DMA32 ")
        self.assertNotEqual(bad, self.text)
        p, fails, out = compare(self.text, bad)
        self.assertGreaterEqual(fails, 1, out)
        self.assertIn("UNEXPLAINED", out)

    def test_other_machine_fails(self):
        bad = self.text.replace("        present  518880",
                                "        present  518879")
        self.assertNotEqual(bad, self.text)
        p, fails, out = compare(self.text, bad)
        self.assertGreaterEqual(fails, 1, out)

    def test_no_sequences_fails(self):
        p, fails, out = compare(self.text, "sparsemm: verdict: PASS\n")
        self.assertEqual((p, fails), (0, 1))


if __name__ == "__main__":
    unittest.main()
