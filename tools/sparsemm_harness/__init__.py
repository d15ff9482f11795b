# SPDX-License-Identifier: MIT
"""Host-side helpers for running sparsemm under QEMU+OVMF and judging runs.

Modules:
  qemu   -- build the QEMU command line, per-run image copies with extra
            config words, run with a timeout, map exit statuses
  ktap   -- KTAP version 1 parser
  cases  -- the boot-case table (tests/qemu/cases.tsv)
"""
