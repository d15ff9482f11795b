# SPDX-License-Identifier: MIT
"""Extra ACPI tables for a boot, as real firmware publishes them.

QEMU's `-acpitable sig=...,data=FILE` adds a table to those QEMU builds;
OVMF installs it with the rest, so the guest finds it through the XSDT like
any other.  Only the body is given (QEMU writes the 36-byte header and the
checksum).  Used by the case-table word `acpi=NAME` (tools/boottest) and
`tools/qemu-run --acpi NAME`.

  spcr-com2   SPCR: a 16550 at I/O port 0x2f8 (COM2), 115200 8N1, IRQ 3,
              as Dell iDRAC and HPE iLO firmware publish it for
              serial-over-LAN
  spcr-pl011  SPCR: an ARM PL011 at 0x9000000 (interface type 3), a UART
              sparsemm cannot drive: it must say so and use another
"""

import os
import struct

# SPCR body after the standard header (Microsoft's SPCR spec, revision 2):
# interface type, 3 reserved, Generic Address Structure (space, bit width,
# bit offset, access width, address), interrupt type, PC-AT IRQ, GSI,
# baud code (7: 115200), parity, stop bits, flow control, terminal type
# (3: ANSI), language, PCI device and vendor id (0xffff: not PCI), bus,
# device, function, PCI flags, segment, reserved (UART clock in rev. 3+).
_SPCR = struct.Struct("<B3x BBBBQ BBI BBBBBB HHBBBIBI")
assert _SPCR.size == 80 - 36

SPACE_MEMORY, SPACE_IO = 0, 1
ACCESS_BYTE, ACCESS_DWORD = 1, 3


def _spcr(interface, space, bits, access, address, irq, baud_code):
    return _SPCR.pack(interface, space, bits, 0, access, address,
                      1 if irq else 0, irq, 0, baud_code, 0, 1, 0, 3, 0,
                      0xffff, 0xffff, 0, 0, 0, 0, 0, 0)


TABLES = {
    "spcr-com2": ("SPCR", 2, _spcr(0x00, SPACE_IO, 8, ACCESS_BYTE, 0x2f8,
                                   3, 7)),
    "spcr-pl011": ("SPCR", 2, _spcr(0x03, SPACE_MEMORY, 32, ACCESS_DWORD,
                                    0x9000000, 0, 7)),
}


def qemu_args(name, workdir):
    """The -acpitable arguments for table NAME, its body written to
    WORKDIR.  KeyError for an unknown name."""
    sig, rev, body = TABLES[name]
    path = os.path.join(workdir, "acpi-%s.bin" % name)
    with open(path, "wb") as f:
        f.write(body)
    return ["-acpitable", "sig=%s,rev=%d,oem_id=SPARSE,oem_table_id=%s,"
            "data=%s" % (sig, rev, name.upper().replace("-", "")[:8], path)]
