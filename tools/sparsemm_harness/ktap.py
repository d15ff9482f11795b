# SPDX-License-Identifier: MIT
"""A KTAP version 1 parser for serial logs.

    KTAP version 1
    1..2
      KTAP version 1
      1..1
      ok 1 dma_below_16m
    ok 1 zone_constraints
    not ok 2 exhaustion # reason

A document starts at a `KTAP version 1` line at column 0 (`TAP version 13`
and `14` are accepted too).  Subtests are indented (two spaces per level by
convention; any deeper indentation opens a subtest) and carry their own
header and plan; the parent's result line follows them at the parent's
indentation.  Result lines are `ok|not ok N [description][ # DIRECTIVE
[diagnostic]]` with directives SKIP, TODO, XFAIL, TIMEOUT, ERROR.  Lines
starting with `#` are diagnostics.  Any other line (the rest of the serial
log, interleaved with the tests) is ignored.

Structural problems are errors: no plan, a plan that doesn't match the
number of results (missing results are how a crash mid-run shows up),
results out of order, a subtest block with no result line after it, a
second plan, `Bail out!`.

    docs = parse(text)          # one Document per top-level version line
    docs[0].ok                  # no errors and no failed tests
    docs[0].errors              # ["line 12: ...", ...]
    docs[0].failures()          # ["zones.dma_below_16m", ...]
"""

import re

SUPPORTED = {("KTAP", 1), ("TAP", 13), ("TAP", 14)}
DIRECTIVES = ("SKIP", "TODO", "XFAIL", "TIMEOUT", "ERROR")
# Directives whose test does not count as failed whatever its result.
NOT_FAILED = ("SKIP", "TODO", "XFAIL")

_ANSI = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")
_VERSION = re.compile(r"^( *)(KTAP|TAP) version (\d+)\s*$")
_PLAN = re.compile(r"^( *)1\.\.(\d+)\s*(?:#.*)?$")
_RESULT = re.compile(r"^( *)(ok|not ok)\b(?: +(\d+))?(.*)$")
_DIAG = re.compile(r"^( *)#(.*)$")
_BAIL = re.compile(r"^( *)Bail out!(.*)$")


def clean_line(line):
    """Strip CR, ANSI escapes (OVMF's console output) and trailing space."""
    return _ANSI.sub("", line.replace("\r", "")).rstrip()


class Test:
    """One result line, with the subtests printed before it."""

    def __init__(self, number, name, ok, directive, reason, lineno):
        self.number = number
        self.name = name
        self.ok = ok
        self.directive = directive     # None or one of DIRECTIVES
        self.reason = reason           # text after the directive or '#'
        self.lineno = lineno
        self.subtests = None           # a Block, or None
        self.diagnostics = []

    @property
    def failed(self):
        if self.directive in ("TIMEOUT", "ERROR"):
            return True
        if self.directive in NOT_FAILED:
            return False
        return not self.ok

    @property
    def skipped(self):
        return self.directive == "SKIP"

    def __repr__(self):
        return "Test(%d %r %s%s)" % (self.number, self.name,
                                     "ok" if self.ok else "not ok",
                                     " #" + self.directive
                                     if self.directive else "")


class Block:
    """A version line, a plan and results at one indentation."""

    def __init__(self, indent, lineno):
        self.indent = indent
        self.lineno = lineno
        self.version = None            # ("KTAP", 1) or None
        self.plan = None
        self.results = []
        self.diagnostics = []
        self.errors = []


class Document(Block):
    """A top-level KTAP document."""

    @property
    def all_errors(self):
        out = []
        _collect_errors(self, out)
        return out

    def failures(self):
        out = []
        _collect_failures(self, "", out)
        return out

    def counts(self):
        """(passed, failed, skipped) over the top-level results."""
        p = f = s = 0
        for t in self.results:
            if t.skipped:
                s += 1
            elif t.failed:
                f += 1
            else:
                p += 1
        return p, f, s

    @property
    def ok(self):
        return not self.all_errors and not self.failures()


def _collect_errors(block, out):
    out.extend(block.errors)
    for t in block.results:
        if t.subtests is not None:
            _collect_errors(t.subtests, out)


def _collect_failures(block, prefix, out):
    for t in block.results:
        name = prefix + (t.name or "test %d" % t.number)
        if t.failed:
            out.append(name + (" # " + t.reason if t.reason else ""))
        if t.subtests is not None:
            _collect_failures(t.subtests, name + ".", out)


class _Token:
    __slots__ = ("kind", "indent", "lineno", "m", "text")

    def __init__(self, kind, indent, lineno, m, text):
        self.kind, self.indent, self.lineno = kind, indent, lineno
        self.m, self.text = m, text


def _tokenize(lines, first_lineno):
    toks = []
    for n, line in enumerate(lines, first_lineno):
        for kind, rx in (("version", _VERSION), ("plan", _PLAN),
                         ("result", _RESULT), ("bail", _BAIL),
                         ("diag", _DIAG)):
            m = rx.match(line)
            if m:
                toks.append(_Token(kind, len(m.group(1)), n, m, line))
                break
    return toks


def _parse_result(tok):
    m = tok.m
    ok = m.group(2) == "ok"
    number = int(m.group(3)) if m.group(3) else None
    rest = m.group(4)
    directive = reason = None
    if "#" in rest:
        rest, tail = rest.split("#", 1)
        tail = tail.strip()
        word = tail.split(None, 1)[0].upper() if tail else ""
        if word in DIRECTIVES:
            directive = word
            reason = tail[len(word):].strip() or None
        else:
            reason = tail or None
    name = rest.strip()
    if name.startswith("- "):
        name = name[2:].strip()
    return Test(number, name, ok, directive, reason, tok.lineno)


def _parse_block(toks, i, block, top):
    """Parse tokens from toks[i] at block.indent; return the next index."""
    pending = None          # subtest block waiting for its result line
    started = False
    while i < len(toks):
        t = toks[i]
        if t.indent > block.indent:
            if t.kind == "diag" and pending is None:
                # indented diagnostics: keep, they don't open a subtest
                block.diagnostics.append(t.m.group(2).strip())
                i += 1
                continue
            if pending is not None:
                block.errors.append(
                    "line %d: subtest at line %d has no result line"
                    % (pending.lineno, pending.lineno))
            pending = Block(t.indent, t.lineno)
            i = _parse_block(toks, i, pending, False)
            continue
        if t.indent < block.indent:
            break
        if t.kind == "version":
            if not started:
                block.version = (t.m.group(2), int(t.m.group(3)))
                if block.version not in SUPPORTED:
                    block.errors.append("line %d: unsupported version %s %d"
                                        % ((t.lineno,) + block.version))
            elif not top:
                break           # the next sibling subtest's header
            else:
                block.errors.append("line %d: unexpected version line"
                                    % t.lineno)
            started = True
        elif t.kind == "plan":
            if block.plan is not None:
                block.errors.append("line %d: second plan" % t.lineno)
            else:
                block.plan = int(t.m.group(2))
            started = True
        elif t.kind == "result":
            test = _parse_result(t)
            expect = len(block.results) + 1
            if test.number is None:
                test.number = expect
            elif test.number != expect:
                block.errors.append("line %d: expected test %d, got %d"
                                    % (t.lineno, expect, test.number))
            if pending is not None:
                test.subtests = pending
                if pending.plan is None:
                    pending.errors.append(
                        "line %d: subtest of %r has no plan"
                        % (pending.lineno, test.name))
                else:
                    _check_count(pending, test.name, t.lineno)
                sub_failed = [s for s in pending.results if s.failed]
                if test.ok and not test.directive and sub_failed:
                    block.errors.append(
                        "line %d: %r reports ok but %d subtest(s) failed"
                        % (t.lineno, test.name, len(sub_failed)))
                pending = None
            block.results.append(test)
            started = True
        elif t.kind == "diag":
            text = t.m.group(2).strip()
            if block.results:
                block.results[-1].diagnostics.append(text)
            else:
                block.diagnostics.append(text)
        elif t.kind == "bail":
            block.errors.append("line %d: Bail out!%s" % (t.lineno,
                                                          t.m.group(2)))
            started = True
        i += 1
    if pending is not None:
        block.errors.append("line %d: subtest has no result line (output "
                            "ends inside it)" % pending.lineno)
    return i


def _check_count(block, what, lineno):
    n = len(block.results)
    if block.plan != n:
        if n < block.plan:
            block.errors.append("%s: plan 1..%d but only %d result(s): "
                                "missing results" % (what, block.plan, n))
        else:
            block.errors.append("%s: plan 1..%d but %d results"
                                % (what, block.plan, n))


def parse(text):
    """Parse every top-level KTAP document in TEXT (a str or list of lines)."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    lines = [clean_line(l) for l in lines]
    starts = [n for n, l in enumerate(lines) if _VERSION.match(l)
              and not l.startswith(" ")]
    docs = []
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        toks = _tokenize(lines[s:end], s + 1)
        doc = Document(0, s + 1)
        _parse_block(toks, 0, doc, True)
        if doc.plan is None:
            doc.errors.append("line %d: document has no plan" % doc.lineno)
        else:
            _check_count(doc, "top level", doc.lineno)
        docs.append(doc)
    return docs


def summarize(docs):
    """(ok, problems) for a list of documents, problems as short strings."""
    if not docs:
        return False, ["no KTAP output (no 'KTAP version 1' line)"]
    problems = []
    for d in docs:
        problems += d.all_errors
        problems += ["not ok: " + f for f in d.failures()]
    return not problems, problems


def main(argv):
    """python3 -m sparsemm_harness.ktap LOG...: parse and summarize logs."""
    rc = 0
    for path in argv:
        with open(path, errors="replace") as f:
            docs = parse(f.read())
        ok, problems = summarize(docs)
        p = f_ = s = 0
        for d in docs:
            a, b, c = d.counts()
            p, f_, s = p + a, f_ + b, s + c
        print("%s %s: %d document(s), %d passed, %d failed, %d skipped"
              % ("PASS" if ok else "FAIL", path, len(docs), p, f_, s))
        for pr in problems:
            print("  " + pr)
        rc |= not ok
    return rc


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
