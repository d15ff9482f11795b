# SPDX-License-Identifier: MIT
"""Self-tests of the monitor driver: action parsing, the case column,
and firing commands through a fake QMP server on a real Unix socket."""

import json
import os
import socket
import tempfile
import threading
import unittest

from sparsemm_harness import cases, monitor
from sparsemm_harness.test_harness import row


class FakeQmp(threading.Thread):
    """Accepts one client, greets, answers qmp_capabilities and each
    human-monitor-command with ANSWERS[command] (default "")."""

    def __init__(self, path, answers=None):
        super().__init__(daemon=True)
        self.srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.srv.bind(path)
        self.srv.listen(1)
        self.answers = answers or {}
        self.commands = []

    def run(self):
        conn, _ = self.srv.accept()
        f = conn.makefile("rwb")
        f.write(b'{"QMP": {"version": {}, "capabilities": []}}\n')
        f.flush()
        for line in f:
            msg = json.loads(line)
            if msg["execute"] == "human-monitor-command":
                cmd = msg["arguments"]["command-line"]
                self.commands.append(cmd)
                ans = self.answers.get(cmd, "")
                if isinstance(ans, Exception):
                    reply = {"error": {"class": "GenericError",
                                       "desc": str(ans)}}
                else:
                    reply = {"return": ans}
            else:
                reply = {"return": {}}
            f.write(json.dumps(reply).encode() + b"\n")
            f.flush()


class TestActions(unittest.TestCase):
    def test_parse(self):
        acts = monitor.parse_actions(
            "progress: churn => nmi; ^ok [0-9]+ pcp => mce 0 1 0x9 0 0 0")
        self.assertEqual([a.command for a in acts],
                         ["nmi", "mce 0 1 0x9 0 0 0"])
        self.assertEqual(acts[0].rx.pattern, "progress: churn")
        self.assertEqual(monitor.parse_actions("-"), [])

    def test_bad(self):
        self.assertRaises(monitor.ActionError, monitor.parse_actions, "nmi")
        self.assertRaises(monitor.ActionError, monitor.parse_actions,
                          "x( => nmi")
        self.assertRaises(monitor.ActionError, monitor.parse_actions,
                          " => nmi")

    def test_case_column_optional(self):
        c = row(monitor="KTAP version => nmi")
        self.assertEqual([a.command for a in c.monitor], ["nmi"])
        f = ["n", "2G", "1", "pass", "60", "-", "-", "-", "-"]
        self.assertEqual(cases.parse_row(f, 1).monitor, [])
        self.assertRaises(cases.CaseError, row, monitor="no arrow")


class TestDriver(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.sock = os.path.join(self.dir, "q.sock")
        self.transcript = os.path.join(self.dir, "t.log")

    def test_fires_in_order_once(self):
        srv = FakeQmp(self.sock)
        srv.start()
        d = monitor.Driver(monitor.parse_actions("^B => nmi; ^B => mce 1"),
                           self.sock, self.transcript)
        d.feed("A\nB\nC")           # first action; "C" is still partial
        self.assertEqual(d.next, 1)
        d.feed("\nB\nB\n")           # second fires on the next B only
        d.close()
        srv.join(2)
        self.assertEqual(srv.commands, ["nmi", "mce 1"])
        self.assertFalse(d.pending)
        self.assertEqual(d.problems(), [])
        with open(self.transcript) as f:
            t = f.read()
        self.assertIn("serial line 2 matched /^B/: sent 'nmi': ok", t)
        self.assertIn("serial line 4 matched /^B/: sent 'mce 1': ok", t)

    def test_problems(self):
        srv = FakeQmp(self.sock, {"mce 9": "MCE injection not supported\r\n",
                                  "bad": RuntimeError("unknown command")})
        srv.start()
        d = monitor.Driver(monitor.parse_actions(
            "x => mce 9; x => bad; never => nmi"), self.sock)
        d.feed("x\nx\n")
        d.close()
        p = d.problems()
        self.assertEqual(len(p), 3)
        self.assertIn("answered 'MCE injection not supported'", p[0])
        self.assertIn("unknown command", p[1])
        self.assertIn("/never/ never matched", p[2])


if __name__ == "__main__":
    unittest.main()
