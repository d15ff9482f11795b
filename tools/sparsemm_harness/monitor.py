# SPDX-License-Identifier: MIT
"""Drive QEMU's monitor during a boot: "when the serial log shows a line
matching REGEX, send HMP command CMD".

QEMU gets a QMP socket (`-qmp unix:PATH,server=on,wait=off`); HMP commands
go through QMP's `human-monitor-command`, so any HMP command works (`nmi`,
`mce CPU BANK STATUS MCGSTATUS ADDR MISC`, `info registers`).  Actions fire
in the order given, each once: action k is armed after action k-1 fired,
and looks only at serial lines after the one that fired k-1.

The case table's `monitor` column holds actions as `REGEX => COMMAND`,
separated by `;` (docs/testing.md); `tools/qemu-run --monitor` takes the
same text.  Every command sent and QEMU's answer go to a transcript file
(build/boot/NAME.monitor.log) that the judge reads: an action that never
fired, or that QEMU answered with an error, fails the case.
"""

import json
import re
import socket
import time


class ActionError(ValueError):
    pass


class Action:
    def __init__(self, text):
        if "=>" not in text:
            raise ActionError("monitor action %r: want 'REGEX => COMMAND'"
                              % text)
        rx, cmd = text.split("=>", 1)
        rx, cmd = rx.strip(), cmd.strip()
        if not rx or not cmd:
            raise ActionError("monitor action %r: empty regex or command"
                              % text)
        try:
            self.rx = re.compile(rx)
        except re.error as e:
            raise ActionError("monitor action %r: bad regex: %s" % (text, e))
        self.text = text
        self.command = cmd
        self.fired_at = None      # serial line number
        self.answer = None        # QEMU's reply text
        self.error = None         # QMP error, or why it could not be sent


def parse_actions(field):
    """`REGEX => CMD; REGEX => CMD` -> [Action]; '' or '-' -> []."""
    if field in ("", "-", None):
        return []
    return [Action(p.strip()) for p in field.split(";") if p.strip()]


def qemu_args(sock_path):
    return ["-qmp", "unix:%s,server=on,wait=off" % sock_path]


class Qmp:
    """A minimal QMP client: connect, negotiate, run HMP commands."""

    def __init__(self, path, timeout=10.0):
        self.path = path
        self.timeout = timeout
        self.sock = None
        self.buf = b""

    def connect(self, deadline):
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(self.timeout)
                s.connect(self.path)
                self.sock = s
                break
            except OSError:
                s.close()
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)
        self._read()                          # the greeting
        self._call({"execute": "qmp_capabilities"})

    def _read(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise OSError("QMP socket closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line.decode("utf-8", "replace"))

    def _call(self, msg):
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._read()
            if "return" in reply or "error" in reply:
                return reply

    def hmp(self, command):
        """(answer text, error text or None)."""
        r = self._call({"execute": "human-monitor-command",
                        "arguments": {"command-line": command}})
        if "error" in r:
            return "", r["error"].get("desc", str(r["error"]))
        return r["return"], None

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None


class Driver:
    """Watches the serial log and fires actions; qemu.run polls it."""

    def __init__(self, actions, sock_path, transcript=None):
        self.actions = list(actions)
        self.sock_path = sock_path
        self.transcript = transcript
        self.next = 0
        self.lineno = 0
        self.partial = ""
        self.qmp = None

    @property
    def pending(self):
        return self.next < len(self.actions)

    def _log(self, text):
        if self.transcript:
            with open(self.transcript, "a") as f:
                f.write(text + "\n")

    def feed(self, data):
        """New serial text; fire the actions whose line has come."""
        text = self.partial + data
        lines = text.split("\n")
        self.partial = lines.pop()
        for line in lines:
            self.lineno += 1
            if not self.pending:
                continue
            a = self.actions[self.next]
            if a.rx.search(line.replace("\r", "")):
                self._fire(a)

    def _fire(self, a):
        a.fired_at = self.lineno
        self.next += 1
        try:
            if self.qmp is None:
                self.qmp = Qmp(self.sock_path)
                self.qmp.connect(time.monotonic() + 10)
            a.answer, a.error = self.qmp.hmp(a.command)
        except (OSError, ValueError) as e:
            a.error = "could not send: %s" % e
        self._log("serial line %d matched /%s/: sent %r: %s" % (
            a.fired_at, a.rx.pattern, a.command,
            ("error: " + a.error) if a.error else
            ("ok" + (": " + a.answer.strip() if a.answer.strip() else ""))))

    def close(self):
        if self.qmp:
            self.qmp.close()

    def problems(self):
        """Reasons the actions did not all go through, for the judge."""
        out = []
        for a in self.actions:
            if a.fired_at is None:
                out.append("monitor: /%s/ never matched; %r not sent"
                           % (a.rx.pattern, a.command))
            elif a.error:
                out.append("monitor: %r: %s" % (a.command, a.error))
            elif a.answer and a.answer.strip():
                # HMP prints errors as text ("MCE injection not supported").
                out.append("monitor: %r answered %r" % (a.command,
                                                        a.answer.strip()))
        return out
