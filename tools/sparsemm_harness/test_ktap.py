# SPDX-License-Identifier: MIT
"""Self-test of the KTAP parser: python3 -m unittest discover tools/..."""

import unittest

from sparsemm_harness import ktap

REFERENCE = """\
KTAP version 1
1..2
  KTAP version 1
  1..1
  ok 1 dma_below_16m
ok 1 zone_constraints
not ok 2 exhaustion # reason
"""


def one(text):
    docs = ktap.parse(text)
    assert len(docs) == 1, docs
    return docs[0]


class TestKtap(unittest.TestCase):
    def test_reference_example(self):
        d = one(REFERENCE)
        self.assertEqual(d.version, ("KTAP", 1))
        self.assertEqual(d.plan, 2)
        self.assertEqual(d.all_errors, [])
        self.assertEqual(d.counts(), (1, 1, 0))
        self.assertEqual(d.failures(), ["exhaustion # reason"])
        self.assertFalse(d.ok)
        sub = d.results[0].subtests
        self.assertEqual(sub.plan, 1)
        self.assertEqual(sub.results[0].name, "dma_below_16m")

    def test_all_pass_with_directives(self):
        d = one("KTAP version 1\n1..4\nok 1 a\nok 2 b # SKIP no numa\n"
                "not ok 3 c # TODO later\nnot ok 4 d # XFAIL known\n")
        self.assertTrue(d.ok, d.all_errors + d.failures())
        self.assertEqual(d.counts(), (3, 0, 1))
        self.assertEqual(d.results[1].directive, "SKIP")
        self.assertEqual(d.results[1].reason, "no numa")

    def test_timeout_and_error_fail(self):
        d = one("KTAP version 1\n1..2\nnot ok 1 a # TIMEOUT 30s\n"
                "not ok 2 b # ERROR setup\n")
        self.assertEqual(len(d.failures()), 2)

    def test_truncated_output_is_missing_results(self):
        d = one("KTAP version 1\n1..3\nok 1 a\nok 2 b\n")
        self.assertFalse(d.ok)
        self.assertIn("missing results", " ".join(d.all_errors))

    def test_too_many_results(self):
        d = one("KTAP version 1\n1..1\nok 1 a\nok 2 b\n")
        self.assertIn("plan 1..1 but 2 results", " ".join(d.all_errors))

    def test_plan_at_end(self):
        d = one("KTAP version 1\nok 1 a\nok 2 b\n1..2\n")
        self.assertTrue(d.ok, d.all_errors)

    def test_no_plan(self):
        d = one("KTAP version 1\nok 1 a\n")
        self.assertIn("no plan", " ".join(d.all_errors))

    def test_second_plan(self):
        d = one("KTAP version 1\n1..1\n1..1\nok 1 a\n")
        self.assertIn("second plan", " ".join(d.all_errors))

    def test_out_of_order(self):
        d = one("KTAP version 1\n1..2\nok 2 a\nok 1 b\n")
        self.assertIn("expected test 1, got 2", " ".join(d.all_errors))

    def test_crash_inside_subtest(self):
        d = one("KTAP version 1\n1..2\n  KTAP version 1\n  1..3\n"
                "  ok 1 x\nBUG: unable to handle page fault\n")
        errs = " ".join(d.all_errors)
        self.assertIn("no result line", errs)
        self.assertIn("missing results", errs)

    def test_subtest_missing_results(self):
        d = one("KTAP version 1\n1..1\n  KTAP version 1\n  1..2\n"
                "  ok 1 x\nok 1 parent\n")
        self.assertIn("parent: plan 1..2 but only 1", " ".join(d.all_errors))

    def test_parent_ok_but_child_failed(self):
        d = one("KTAP version 1\n1..1\n  KTAP version 1\n  1..1\n"
                "  not ok 1 x\nok 1 parent\n")
        self.assertIn("reports ok but 1 subtest", " ".join(d.all_errors))
        self.assertEqual(d.failures(), ["parent.x"])

    def test_nested_three_levels_and_siblings(self):
        text = """\
KTAP version 1
1..2
  KTAP version 1
  1..2
    KTAP version 1
    1..1
    ok 1 leaf
  ok 1 mid_a
  ok 2 mid_b
ok 1 top_a
  KTAP version 1
  # Subtest: top_b
  1..1
  ok 1 only
ok 2 top_b
"""
        d = one(text)
        self.assertTrue(d.ok, d.all_errors)
        mid = d.results[0].subtests
        self.assertEqual([t.name for t in mid.results], ["mid_a", "mid_b"])
        self.assertEqual(mid.results[0].subtests.results[0].name, "leaf")
        self.assertEqual(d.results[1].subtests.results[0].name, "only")

    def test_four_space_indent(self):
        d = one("KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n"
                "    ok 1 x\nok 1 y\n")
        self.assertTrue(d.ok, d.all_errors)

    def test_sibling_subtest_without_parent_result(self):
        d = one("KTAP version 1\n1..2\n  KTAP version 1\n  1..1\n"
                "  ok 1 a\n  KTAP version 1\n  1..1\n  ok 1 b\nok 1 p\n"
                "ok 2 q\n")
        self.assertIn("has no result line", " ".join(d.all_errors))

    def test_interleaved_log_cr_and_ansi(self):
        text = ("\x1b[2J\x1b[01;01HBdsDxe: loading\r\n"
                "KTAP version 1\r\n1..2\r\nefi: mem00: something\r\n"
                "ok 1 a\r\nZone ranges:\r\n  DMA      [mem 0x1000-0xffffff]\r\n"
                "# a diagnostic\r\nok 2 - b\r\nsparsemm: verdict: PASS\r\n")
        d = one(text)
        self.assertTrue(d.ok, d.all_errors)
        self.assertEqual(d.results[1].name, "b")
        self.assertEqual(d.results[0].diagnostics, ["a diagnostic"])

    def test_indented_version_alone_is_not_a_document(self):
        self.assertEqual(ktap.parse("  KTAP version 1\n  1..1\n  ok 1 a\n"),
                         [])

    def test_no_ktap(self):
        ok, problems = ktap.summarize(ktap.parse("hello\nworld\n"))
        self.assertFalse(ok)
        self.assertIn("no KTAP output", problems[0])

    def test_two_documents(self):
        docs = ktap.parse("KTAP version 1\n1..1\nok 1 a\n"
                          "KTAP version 1\n1..1\nnot ok 1 b\n")
        self.assertEqual(len(docs), 2)
        ok, problems = ktap.summarize(docs)
        self.assertFalse(ok)
        self.assertEqual(problems, ["not ok: b"])

    def test_bail_out(self):
        d = one("KTAP version 1\n1..2\nok 1 a\nBail out! no memory\n")
        self.assertIn("Bail out! no memory", " ".join(d.all_errors))

    def test_unsupported_version(self):
        d = one("KTAP version 2\n1..1\nok 1 a\n")
        self.assertIn("unsupported version", " ".join(d.all_errors))

    def test_tap13_accepted(self):
        d = one("TAP version 13\n1..1\nok 1 a\n")
        self.assertTrue(d.ok)

    def test_hash_in_reason_not_directive(self):
        d = one("KTAP version 1\n1..1\nnot ok 1 a # order 3 failed\n")
        self.assertIsNone(d.results[0].directive)
        self.assertEqual(d.failures(), ["a # order 3 failed"])

    def test_plan_zero(self):
        d = one("KTAP version 1\n1..0\n")
        self.assertTrue(d.ok, d.all_errors)


if __name__ == "__main__":
    unittest.main()
