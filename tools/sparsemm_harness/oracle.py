# SPDX-License-Identifier: MIT
"""The Linux oracle's comparison (tools/linux-oracle, docs/differential.md).
(Being written.)"""

import re

_TS = re.compile(r"^\[\s*\d+\.\d+\]\s?")
_MARK = re.compile(r"^==== oracle: (\S+) ====$")
_KERNEL = re.compile(r"^(Freeing .* memory: \d+K|Memory: \d+K/\d+K available.*)$")


def _clean(line):
    line = line.replace("\r", "").rstrip()
    return _TS.sub("", line)


def linux_sections(text):
    """{name: [lines]} of the init script's sections, plus 'kernel'."""
    out, cur = {"kernel": []}, None
    for raw in text.split("\n"):
        line = _clean(raw)
        m = _MARK.match(line)
        if m:
            name = m.group(1)
            cur = None if name in ("end", "poweroff") else out.setdefault(
                name, [])
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


def compare_files(ref, text, name, verbose=False):
    raise NotImplementedError
