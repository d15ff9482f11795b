# SPDX-License-Identifier: MIT
"""tools/write-usb's refusals, on a made-up machine (a fake sysfs tree and
mount table): it must write only to an unmounted, removable, whole disk
that is not the system disk."""

import importlib.machinery
import importlib.util
import os
import tempfile
import unittest

TOOLS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tools")


def load_tool(name):
    loader = importlib.machinery.SourceFileLoader(
        name.replace("-", "_"), os.path.join(TOOLS, name))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


wu = load_tool("write-usb")
IMAGE = 64 << 20
GIB = 1 << 30


class FakeSysfs:
    """sysfs as Linux lays it out: /sys/devices/.../block/DISK/PART, and
    /sys/class/block/NAME symlinks to those."""

    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "class", "block"))

    def _write(self, path, text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text + "\n")

    def disk(self, name, size, removable, model="Flash Disk",
             vendor="SanDisk"):
        d = os.path.join(self.root, "devices", "pci0000:00", "block", name)
        self._write(os.path.join(d, "size"), str(size // 512))
        self._write(os.path.join(d, "removable"), str(removable))
        self._write(os.path.join(d, "device", "model"), model)
        self._write(os.path.join(d, "device", "vendor"), vendor)
        os.makedirs(os.path.join(d, "holders"))
        os.symlink(d, os.path.join(self.root, "class", "block", name))
        return d

    def part(self, disk, name, size):
        d = os.path.join(self.root, "devices", "pci0000:00", "block", disk,
                         name)
        self._write(os.path.join(d, "size"), str(size // 512))
        self._write(os.path.join(d, "partition"), name[-1])
        os.makedirs(os.path.join(d, "holders"))
        os.symlink(d, os.path.join(self.root, "class", "block", name))
        return d

    def dm(self, name, slaves):
        d = os.path.join(self.root, "devices", "virtual", "block", name)
        os.makedirs(os.path.join(d, "slaves"))
        os.makedirs(os.path.join(d, "holders"))
        for s in slaves:
            os.symlink(os.path.join(self.root, "class", "block", s),
                       os.path.join(d, "slaves", s))
            holder = os.path.join(self.root, "class", "block", s, "holders",
                                  name)
            os.symlink(d, holder)
        os.symlink(d, os.path.join(self.root, "class", "block", name))


class WriteUsbRefusals(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.fs = FakeSysfs(self.tmp.name)
        # sda: internal, system disk (/ on sda2); sdb: a stick, sdb1
        # mounted by the desktop; sdc: a clean stick; sdd: an external
        # SSD that says removable=0; sde: LVM PV behind / on dm-0 in
        # the 'lvm' machine; sdf: a tiny stick.
        self.fs.disk("sda", 500 * GIB, 0, "Samsung SSD 980", "ATA")
        self.fs.part("sda", "sda1", 512 << 20)
        self.fs.part("sda", "sda2", 400 * GIB)
        self.fs.disk("sdb", 16 * GIB, 1)
        self.fs.part("sdb", "sdb1", 16 * GIB)
        self.fs.disk("sdc", 8 * GIB, 1)
        self.fs.part("sdc", "sdc1", 8 * GIB)
        self.fs.disk("sdd", 256 * GIB, 0, "Portable SSD T7", "Samsung")
        self.fs.disk("sdf", 32 << 20, 1)
        self.mounts = ("/dev/sda2 / ext4 rw 0 0\n"
                       "/dev/sda1 /boot/efi vfat rw 0 0\n"
                       "proc /proc proc rw 0 0\n"
                       "/dev/sdb1 /media/user/MY\\040STICK vfat rw 0 0\n")

    def tearDown(self):
        self.tmp.cleanup()

    def assess(self, name, force=False, mounts=None, swaps=""):
        m = wu.Machine(self.tmp.name, self.mounts if mounts is None
                       else mounts, swaps)
        return wu.assess(m, name, IMAGE, force)

    def assertRefused(self, name, words, **kw):
        refuse, _ = self.assess(name, **kw)
        self.assertTrue(any(words in r for r in refuse),
                        "%s: no refusal with %r in %r" % (name, words, refuse))

    def test_clean_stick_is_accepted(self):
        self.assertEqual(self.assess("sdc"), ([], []))

    def test_system_disk_is_refused_even_with_force(self):
        self.assertRefused("sda", "holds /", force=True)
        self.assertRefused("sda", "mounted at /boot/efi", force=True)

    def test_mounted_stick_is_refused(self):
        self.assertRefused("sdb", "mounted at /media/user/MY STICK",
                           force=True)
        refuse, _ = self.assess("sdb", mounts="/dev/sda2 / ext4 rw 0 0\n")
        self.assertEqual(refuse, [])

    def test_partition_is_refused(self):
        self.assertRefused("sdc1", "is a partition; give the whole disk, "
                           "/dev/sdc")

    def test_non_removable_needs_force(self):
        self.assertRefused("sdd", "not removable")
        refuse, notes = self.assess("sdd", force=True)
        self.assertEqual(refuse, [])
        self.assertIn("--force", notes[0])

    def test_unknown_and_small_devices(self):
        self.assertRefused("sdz", "no block device sdz")
        self.assertRefused("sdf", "the image needs 64.0 MiB")

    def test_system_disk_behind_lvm_and_swap(self):
        self.fs.disk("sde", 100 * GIB, 1)
        self.fs.part("sde", "sde1", 100 * GIB)
        self.fs.dm("dm-0", ["sde1"])
        refuse, _ = self.assess("sde", mounts="/dev/dm-0 / ext4 rw 0 0\n")
        self.assertTrue(any("holds /" in r for r in refuse), refuse)
        self.assertTrue(any("in use by dm-0" in r for r in refuse), refuse)
        self.assertRefused("sdc", "in use as swap", mounts="",
                           swaps="Filename Type Size Used Priority\n"
                           "/dev/sdc1 partition 1024 0 -2\n")

    def test_description_names_what_is_overwritten(self):
        m = wu.Machine(self.tmp.name, self.mounts)
        text = wu.describe(m, "sdb")
        self.assertIn("SanDisk Flash Disk, 16.0 GiB", text)
        self.assertIn("/dev/sdb1  16.0 GiB", text)

    def test_main_refuses_without_writing(self):
        img = os.path.join(self.tmp.name, "img")
        with open(img, "wb") as f:
            f.truncate(IMAGE)
        mounts = os.path.join(self.tmp.name, "mounts")
        with open(mounts, "w") as f:
            f.write(self.mounts)
        args = ["--image", img, "--sysfs", self.tmp.name, "--mounts", mounts,
                "--swaps", os.path.join(self.tmp.name, "none")]
        self.assertEqual(wu.main(["/dev/sda", "--yes"] + args), 1)
        self.assertEqual(wu.main(["/dev/sdc", "--dry-run"] + args), 0)


if __name__ == "__main__":
    unittest.main()
