# SPDX-License-Identifier: MIT
"""Debian's Linux as a guest on sparsemm's QEMU machines: what tools/linux-ref
(boot lines) and tools/linux-oracle (allocator state and decisions) share.

Owns: the machine table tests/linux-ref/configs.tsv (Config, read_configs,
pick), fetching Debian packages with apt-get download (apt_download,
deb_field, pkg_version, ref_kernel_package), and the QEMU command that boots
a kernel on a machine (linux_command: sparsemm_harness.qemu.build_command's
command with -kernel/-initrd/-append in place of the disk image, so Linux
and sparsemm get the same machine).
"""

import os
import re
import shlex
import subprocess
import sys

from . import qemu

ROOT = qemu.repo_root()
CONFIGS = os.path.join(ROOT, "tests", "linux-ref", "configs.tsv")
REFDIR = os.path.join(ROOT, "tests", "linux-ref")
DISK_PLACEHOLDER = "@@SPARSEMM_DISK@@"


def say(*a):
    print(*a, flush=True)


class GuestError(Exception):
    """A failure the calling tool reports and exits on."""


# ---- the machine table ---------------------------------------------------------

class Config:
    def __init__(self, name, mem, smp, config, qemu_args):
        self.name, self.mem, self.smp = name, mem, smp
        self.config, self.qemu_args = config, qemu_args

    def machine_words(self):
        return ["-m", self.mem, "-smp", str(self.smp)] + self.qemu_args

    def qemu_run_args(self, extra_config=""):
        """tools/qemu-run arguments that boot sparsemm on this machine."""
        words = ["--mem", self.mem, "--smp", str(self.smp)]
        cfg = " ".join(w for w in (self.config, extra_config) if w)
        if cfg:
            words += ["--config", cfg]
        if self.qemu_args:
            words += ["--"] + self.qemu_args
        return words


def read_configs(path=CONFIGS):
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c for c in re.split(r"\t+", line)]
            if len(cols) != 5:
                raise GuestError("%s:%d: want 5 TAB-separated columns, got %d"
                                 % (path, n, len(cols)))
            name, mem, smp, cfg, extra = [c.strip() for c in cols]
            try:
                qemu.parse_size_mib(mem)
                smp = int(smp)
            except ValueError as e:
                raise GuestError("%s:%d: %s" % (path, n, e))
            out.append(Config(name, mem, smp, "" if cfg == "-" else cfg,
                              [] if extra == "-" else shlex.split(extra)))
    return out


def pick(configs, names):
    if not names:
        return configs
    by = {c.name: c for c in configs}
    bad = [n for n in names if n not in by]
    if bad:
        raise GuestError("unknown config %s (have: %s)" % (
            ", ".join(bad), ", ".join(by)))
    return [by[n] for n in names]


# ---- Debian packages -----------------------------------------------------------

def pkg_version(pkg):
    """The installed version of PKG, or '?'."""
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.stdout.decode().strip() if r.returncode == 0 else "?"


def apt_download(spec, where):
    """apt-get download SPEC into WHERE; one apt-get update retry as root."""
    for attempt in (1, 2):
        r = subprocess.run(["apt-get", "download", spec], cwd=where,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode == 0:
            return
        text = r.stdout.decode("utf-8", "replace")
        stale = "Unable to locate" in text or \
            "no installation candidate" in text
        if attempt == 1 and stale and os.geteuid() == 0:
            say("apt-get update (package lists are stale)")
            subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL)
            continue
        raise GuestError("apt-get download %s failed:\n%s" % (spec, text))


def deb_field(deb, field):
    return subprocess.run(["dpkg-deb", "-f", deb, field], check=True,
                          stdout=subprocess.PIPE).stdout.decode().strip()


def ref_kernel_package(config="mem2G"):
    """(package, version) of the kernel tests/linux-ref/CONFIG.txt was made
    with, from its `# kernel:` header."""
    path = os.path.join(REFDIR, config + ".txt")
    with open(path) as f:
        for line in f:
            m = re.match(r"# kernel: (linux-image-\S+) (\S+)", line)
            if m:
                return m.group(1), m.group(2)
    raise GuestError("%s: no '# kernel:' header" % path)


# ---- the QEMU command ----------------------------------------------------------

def linux_command(cfg, vmlinuz, vars_file, ovmf_log, log, accel, append,
                  initrd=None):
    """sparsemm's QEMU command for CFG, with -kernel in place of the disk."""
    cmd = qemu.build_command(DISK_PLACEHOLDER, vars_file, ovmf_log,
                             "file,path=" + log, mem=cfg.mem, smp=cfg.smp,
                             accel=accel, extra=cfg.qemu_args)
    drive = "format=raw,file=" + DISK_PLACEHOLDER
    if drive not in cmd or cmd[cmd.index(drive) - 1] != "-drive":
        raise GuestError("sparsemm_harness.qemu.build_command no longer "
                         "takes the disk as '-drive %s'" % drive)
    i = cmd.index(drive) - 1
    words = ["-kernel", vmlinuz]
    if initrd:
        words += ["-initrd", initrd]
    cmd[i:i + 2] = words + ["-append", append]
    return cmd


def run_tool_main(main, argv, prog):
    """Run a tool's main(argv), turning GuestError into status 1."""
    try:
        return main(argv)
    except GuestError as e:
        print("%s: %s" % (prog, e), file=sys.stderr, flush=True)
        return 1
