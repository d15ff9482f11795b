# SPDX-License-Identifier: MIT
"""Boot an image in QEMU+OVMF: command line, per-run files, exit statuses.

The app ends QEMU through isa-debug-exit: it writes 0x10 (PASS), 0x11 (FAIL)
or 0x12 (CRASH) to port 0xf4 and QEMU exits with (v << 1) | 1 = 33, 35, 37.
We map those to 0, 1, 2.  Anything else -- our timeout killed QEMU, QEMU
exited 0 because the guest reset or powered off (we always pass -no-reboot),
QEMU could not start -- is 3, "no verdict".
"""

import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
CFG_PATH = "::/EFI/sparsemm/sparsemm.cfg"

# Secure Boot (docs/secure-boot.md): Debian's SMM build of OVMF, variables
# with the snakeoil PK/KEK/db enrolled, and what that build needs from QEMU
# (SMM, and the variable flash reachable from SMM only).
OVMF_CODE_SECBOOT = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
OVMF_VARS_SNAKEOIL = "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"
SECURE_BOOT_ARGS = ["-machine", "smm=on",
                    "-global", "driver=cfi.pflash01,property=secure,value=on"]

PASS, FAIL, CRASH, NO_VERDICT = 0, 1, 2, 3
STATUS_NAMES = {PASS: "pass", FAIL: "fail", CRASH: "crash",
                NO_VERDICT: "no-verdict"}
NAME_TO_STATUS = {v: k for k, v in STATUS_NAMES.items()}

# QEMU exit status -> our status
DEBUG_EXIT = {33: PASS, 35: FAIL, 37: CRASH}

# Named QEMU argument sets for --numa (and for the case table).
NUMA_PRESETS = {
    # two nodes of equal size; memory size must be even in MiB
    "2node": lambda mem_mib, smp: _numa_nodes(mem_mib, smp, 2),
    "4node": lambda mem_mib, smp: _numa_nodes(mem_mib, smp, 4),
}


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))


def parse_size_mib(text):
    """'2G' -> 2048, '128M' -> 128, '512' (MiB) -> 512."""
    t = text.strip().upper()
    if t.endswith("B"):
        t = t[:-1]
    mult = 1
    if t.endswith("G"):
        mult, t = 1024, t[:-1]
    elif t.endswith("M"):
        t = t[:-1]
    elif t.endswith("T"):
        mult, t = 1024 * 1024, t[:-1]
    try:
        val = int(t)
    except ValueError:
        raise ValueError("bad memory size %r (want e.g. 128M, 2G)" % text)
    if val <= 0:
        raise ValueError("bad memory size %r" % text)
    return val * mult


def _numa_nodes(mem_mib, smp, n):
    """N nodes of equal memory; CPU c goes to node c % N."""
    if mem_mib % n:
        raise ValueError("memory %d MiB does not split into %d nodes"
                         % (mem_mib, n))
    args = []
    per = mem_mib // n
    for i in range(n):
        args += ["-object", "memory-backend-ram,id=m%d,size=%dM" % (i, per)]
        node = "node,nodeid=%d,memdev=m%d" % (i, i)
        for c in range(i, smp, n):
            node += ",cpus=%d" % c
        args += ["-numa", node]
    return args


def numa_args(preset, mem, smp):
    if preset not in NUMA_PRESETS:
        raise ValueError("unknown --numa preset %r (have: %s)" % (
            preset, ", ".join(sorted(NUMA_PRESETS))))
    return NUMA_PRESETS[preset](parse_size_mib(mem), int(smp))


# ---- GPT reading (to find the ESP inside an image) -------------------------

ESP_GUID = bytes.fromhex("28732ac11ff8d211ba4b00a0c93ec93b")


def esp_offset(image):
    """Byte offset of the EFI System Partition (or the first partition)."""
    with open(image, "rb") as f:
        f.seek(512)
        hdr = f.read(92)
        if hdr[:8] != b"EFI PART":
            raise ValueError("%s: no GPT header at LBA 1" % image)
        entries_lba, n_entries, entry_size = struct.unpack_from(
            "<QII", hdr, 72)
        f.seek(entries_lba * 512)
        table = f.read(n_entries * entry_size)
    first = None
    for i in range(n_entries):
        e = table[i * entry_size:(i + 1) * entry_size]
        type_guid = e[:16]
        if type_guid == b"\0" * 16:
            continue
        start = struct.unpack_from("<Q", e, 32)[0]
        if type_guid == ESP_GUID:
            return start * 512
        if first is None:
            first = start * 512
    if first is None:
        raise ValueError("%s: GPT has no partitions" % image)
    return first


def _mtools_env():
    env = dict(os.environ)
    env["MTOOLS_SKIP_CHECK"] = "1"
    return env


def read_cfg(image, offset=None):
    if offset is None:
        offset = esp_offset(image)
    r = subprocess.run(["mtype", "-i", "%s@@%d" % (image, offset), CFG_PATH],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       env=_mtools_env())
    if r.returncode != 0:
        return None
    return r.stdout.decode("utf-8", "replace")


def make_run_image(image, dest, words):
    """Copy IMAGE to DEST and append WORDS (a string) to its config file.

    The user's image is never modified.  With no words, DEST is a plain
    copy (QEMU writes to its disk, so we never hand it the original).
    """
    tmp = dest + ".tmp"
    # cp keeps the copy sparse; a 64 MiB image copies in milliseconds.
    subprocess.run(["cp", "--sparse=always", image, tmp], check=True)
    words = (words or "").strip()
    if words:
        off = esp_offset(tmp)
        cfg = read_cfg(tmp, off)
        env = _mtools_env()
        img = "%s@@%d" % (tmp, off)
        if cfg is None:
            cfg = ""
            for d in ("::/EFI", "::/EFI/sparsemm"):
                subprocess.run(["mmd", "-i", img, d], env=env,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        if cfg and not cfg.endswith("\n"):
            cfg += "\n"
        cfg += "# added for this run\n" + words + "\n"
        cfgfile = dest + ".cfg"
        with open(cfgfile, "w") as f:
            f.write(cfg)
        subprocess.run(["mcopy", "-o", "-i", img, cfgfile, CFG_PATH],
                       env=env, check=True)
        os.unlink(cfgfile)
    os.replace(tmp, dest)
    return dest


# ---- the command line ----------------------------------------------------------

SERIAL_PORTS = ("com1", "com2", "none")


def build_command(image, vars_file, ovmf_log, serial, mem="2G", smp=1,
                  accel="tcg", cpu=None, extra=(), qemu="qemu-system-x86_64",
                  ovmf_code=OVMF_CODE, serial_port="com1"):
    """The QEMU argv.  SERIAL is a -chardev backend spec for the logged
    UART, e.g. 'stdio,signal=on,logfile=x.log' or 'file,path=x.log'.
    SERIAL_PORT says which UART that is: com1 (the default), com2 (COM1
    present but connected to nothing, as on a server whose BMC's
    serial-over-LAN is COM2), or none (no UART at all; SERIAL unused)."""
    if serial_port not in SERIAL_PORTS:
        raise ValueError("serial port must be one of %s, not %r"
                         % (", ".join(SERIAL_PORTS), serial_port))
    machine = "q35"
    cmd = [qemu, "-machine", machine, "-m", str(mem), "-smp", str(smp)]
    if accel == "kvm":
        cmd += ["-enable-kvm", "-cpu", cpu or "host"]
    elif accel == "tcg":
        cmd += ["-accel", "tcg"]
        if cpu:
            cmd += ["-cpu", cpu]
    else:
        raise ValueError("accel must be tcg or kvm, not %r" % accel)
    cmd += [
        "-display", "none", "-monitor", "none",
        "-no-reboot", "-net", "none",
        "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + ovmf_code,
        "-drive", "if=pflash,format=raw,unit=1,file=" + vars_file,
        "-drive", "format=raw,file=" + image,
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-debugcon", "file:" + ovmf_log,
        "-global", "isa-debugcon.iobase=0x402",
    ]
    if serial_port == "com1":
        cmd += ["-chardev", serial + ",id=com1", "-serial", "chardev:com1"]
    elif serial_port == "com2":
        cmd += ["-serial", "null",
                "-chardev", serial + ",id=com2", "-serial", "chardev:com2"]
    else:
        cmd += ["-serial", "none"]
    cmd += list(extra)
    return cmd


def quote_command(cmd):
    import shlex
    return " ".join(shlex.quote(c) for c in cmd)


# ---- running -----------------------------------------------------------------

class Result:
    def __init__(self, status, qemu_status, message, seconds):
        self.status = status            # PASS/FAIL/CRASH/NO_VERDICT
        self.qemu_status = qemu_status  # raw QEMU exit status (None: killed)
        self.message = message          # human-readable
        self.seconds = seconds

    def __repr__(self):
        return "Result(%s, qemu=%r, %r, %.1fs)" % (
            STATUS_NAMES[self.status], self.qemu_status, self.message,
            self.seconds)


def map_status(rc, timed_out=False, timeout=None):
    """(status, message) for a QEMU exit status."""
    if timed_out:
        return NO_VERDICT, "no verdict: timed out after %s s" % (
            ("%g" % timeout) if timeout is not None else "?")
    if rc in DEBUG_EXIT:
        st = DEBUG_EXIT[rc]
        return st, "verdict: %s" % STATUS_NAMES[st].upper()
    if rc == 0:
        return NO_VERDICT, "no verdict: guest reset or powered off without " \
            "a verdict"
    if rc is not None and rc < 0:
        return NO_VERDICT, "no verdict: QEMU killed by signal %d" % -rc
    if rc == 1:
        return NO_VERDICT, "no verdict: QEMU failed (exit status 1; bad " \
            "arguments, or the guest wrote 0 to isa-debug-exit)"
    return NO_VERDICT, "no verdict: unexpected QEMU exit status %s" % rc


# Serial output after which the guest can only hang: OVMF's own exception
# handler (a fault before the app installed its IDT, or in firmware) prints
# its register dump and then spins forever.
HANG_PATTERNS = (
    (re.compile(r"!!!! X64 Exception Type - ([^!]*?)\s*CPU Apic ID"),
     "firmware exception handler took over (X64 Exception Type %s)"),
    (re.compile(r"!!!! X64 Exception Type - (.*)"),
     "firmware exception handler took over (X64 Exception Type %s)"),
)
HANG_GRACE = 2.0        # seconds to let the dump finish before stopping QEMU

_active = set()         # running QEMU processes, for stop_all()
_active_lock = threading.Lock()


def _scan_hang(text):
    for rx, msg in HANG_PATTERNS:
        m = rx.search(text)
        if m:
            return msg % m.group(1).strip()
    return None


def run(cmd, timeout, stdin=None, stdout=None, stderr=None, serial_log=None,
        monitor=None):
    """Run QEMU; kill it after TIMEOUT seconds (None: no limit), or soon
    after SERIAL_LOG shows the guest is dead (see HANG_PATTERNS).
    MONITOR, a monitor.Driver, gets the serial text as it comes (its QMP
    socket must be on CMD) and sends its commands.  Returns a Result."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=stderr)
    with _active_lock:
        _active.add(proc)
    timed_out = False
    hang = None
    hang_at = None
    pos = 0
    tail = ""
    try:
        while True:
            try:
                # Poll faster while a monitor action waits for its line.
                rc = proc.wait(timeout=0.05 if monitor and monitor.pending
                               else 0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if timeout is not None and now - t0 >= timeout:
                timed_out = True
                stop(proc)
                rc = proc.returncode
                break
            if serial_log and (hang is None or
                               (monitor and monitor.pending)):
                try:
                    with open(serial_log, "rb") as f:
                        f.seek(pos)
                        data = f.read()
                    pos += len(data)
                    text = data.decode("utf-8", "replace")
                    if monitor:
                        monitor.feed(text)
                    tail = (tail + text)[-4096:]
                    if hang is None:
                        hang = _scan_hang(tail)
                        if hang:
                            hang_at = now
                except OSError:
                    pass
            if hang and now - hang_at >= HANG_GRACE:
                stop(proc)
                rc = proc.returncode
                break
    except KeyboardInterrupt:
        stop(proc)
        raise
    finally:
        with _active_lock:
            _active.discard(proc)
        if monitor:
            monitor.close()
    secs = time.monotonic() - t0
    if hang and not timed_out and rc not in DEBUG_EXIT:
        return Result(NO_VERDICT, None, "no verdict: %s; the guest hangs "
                      "there, QEMU stopped" % hang, secs)
    st, msg = map_status(rc, timed_out, timeout)
    return Result(st, None if timed_out else rc, msg, secs)


def stop(proc):
    """SIGTERM, then SIGKILL, QEMU (only the process we started)."""
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stop_all():
    """Stop every QEMU this process started and that is still running."""
    with _active_lock:
        procs = list(_active)
    for p in procs:
        stop(p)


def prepare_vars(dest, template=OVMF_VARS):
    shutil.copyfile(template, dest)
    os.chmod(dest, 0o644)
    return dest


def missing_prerequisites(qemu="qemu-system-x86_64"):
    miss = []
    if not shutil.which(qemu):
        miss.append(qemu)
    for f in (OVMF_CODE, OVMF_VARS):
        if not os.path.exists(f):
            miss.append(f)
    for t in ("mtype", "mcopy", "mmd"):
        if not shutil.which(t):
            miss.append(t)
    return miss


def eprint(*a):
    print(*a, file=sys.stderr, flush=True)
