# SPDX-License-Identifier: MIT
"""Judge one boot: exit status, verdict line, required/forbidden lines, KTAP."""

import re

from . import ktap, qemu

_VERDICT = re.compile(r"sparsemm: verdict: (PASS|FAIL|CRASH)\b")
_VERDICT_STATUS = {"PASS": qemu.PASS, "FAIL": qemu.FAIL,
                   "CRASH": qemu.CRASH}


def judge(case, result, text):
    """List of reasons the case failed (empty: it passed).

    CASE is a cases.Case, RESULT a qemu.Result, TEXT the serial log.
    """
    reasons = []
    lines = [ktap.clean_line(l) for l in text.splitlines()]
    want = case.expect_status
    if result.status != want:
        reasons.append("expected %s, got %s" % (
            qemu.STATUS_NAMES[want],
            result.message if result.status == qemu.NO_VERDICT
            else qemu.STATUS_NAMES[result.status]))

    if getattr(case, "serial_port", "com1") == "none":
        # No UART, so no log: the exit status (isa-debug-exit) is all
        # there is, and it must still arrive.
        return reasons

    # The last verdict line must agree with the exit status.
    verdicts = [m.group(1) for m in map(_VERDICT.search, lines) if m]
    if result.status in _VERDICT_STATUS.values():
        if not verdicts:
            reasons.append("no 'sparsemm: verdict:' line on serial")
        elif _VERDICT_STATUS[verdicts[-1]] != result.status:
            reasons.append("verdict line says %s but exit status says %s"
                           % (verdicts[-1],
                              qemu.STATUS_NAMES[result.status]))

    if result.status == qemu.NO_VERDICT and want != qemu.NO_VERDICT:
        # The run died; say where it got to rather than list every
        # requirement the missing rest of the log would have met.
        last = [l.strip() for l in lines if l.strip()]
        if last:
            reasons.append("last serial line: %s" % last[-1][:120])
        else:
            reasons.append("no serial output")
        return reasons

    for req in case.require:
        why = req.check(lines)
        if why:
            reasons.append(why)
    for rx in case.forbid:
        for n, l in enumerate(lines, 1):
            if rx.search(l):
                reasons.append("forbidden /%s/ at line %d: %s"
                               % (rx.pattern, n, l.strip()[:100]))
                break

    docs = ktap.parse(lines)
    if case.expect == "pass":
        ok, problems = ktap.summarize(docs)
        reasons += ["KTAP: " + p for p in problems]
    elif case.expect == "fail":
        if not docs:
            reasons.append("KTAP: no KTAP output")
        for d in docs:
            reasons += ["KTAP: " + e for e in d.all_errors]
        if docs and not any(d.failures() for d in docs):
            reasons.append("KTAP: expected a failing test, none failed")
    # crash / no-verdict: output may stop anywhere; KTAP is not judged.
    return reasons


def ktap_counts(text):
    """(passed, failed, skipped) summed over the top-level KTAP results."""
    p = f = s = 0
    for d in ktap.parse(text):
        a, b, c = d.counts()
        p, f, s = p + a, f + b, s + c
    return p, f, s
