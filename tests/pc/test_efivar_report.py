# SPDX-License-Identifier: MIT
"""tools/efivar-report: parsing, reassembly and checks against variable
files written here (efivarfs layout and an OVMF variable store), and
tools/pe-check's SBAT and W^X rules.  The firmware's own output is checked
against the same tool by tools/pc-test (persist)."""

import binascii
import os
import struct
import tempfile
import unittest
import uuid

from test_write_usb import load_tool

er = load_tool("efivar-report")
pe = load_tool("pe-check")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def lzss_compress(data):
    """A plain greedy LZSS encoder (brute force; small inputs only)."""
    out = bytearray()
    i = 0
    while i < len(data):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if i >= len(data):
                break
            best, dist = 0, 0
            for d in range(1, min(i, 4096) + 1):
                n = 0
                while (n < 18 and i + n < len(data) and
                       data[i + n - d] == data[i + n]):
                    n += 1
                if n > best:
                    best, dist = n, d
            if best >= 3:
                out += bytes([(dist - 1) & 0xFF,
                              ((dist - 1) >> 8) << 4 | (best - 3)])
                i += best
            else:
                out[flag_at] |= 1 << bit
                out.append(data[i])
                i += 1
    return bytes(out)


LOG = (b"sparsemm 0.1: Linux's physical memory model\n" * 20 +
       b"sparsemm: report: verdict: pass\n" + er.JSON_BEGIN.encode() +
       b"\n{\"version\": 1, \"verdict\": \"pass\"}\n" + er.JSON_END.encode() +
       b"\nsparsemm: verdict: PASS\n")


def header(stored, raw, chunk, flags=er.FLAG_LZSS, log_offset=0,
           verdict=0, magic=er.MAGIC, date=b"20250122-154501",
           machine=b"QEMU-Standard-PC-Q35-ICH9-2009"):
    n = (len(stored) + chunk - 1) // chunk if chunk else 0
    if log_offset:
        flags |= er.FLAG_TRUNCATED
    return struct.pack(er.HEADER_FMT, magic, 1, 128, flags, n, chunk,
                       len(stored), len(raw), binascii.crc32(raw),
                       binascii.crc32(stored), verdict, log_offset,
                       log_offset + len(raw), date, machine)


class EfivarfsDir:
    """A directory laid out like /sys/firmware/efi/efivars."""

    def __init__(self, root):
        self.root = root

    def put(self, name, data, attrs=7):
        with open(os.path.join(self.root, "%s-%s" % (name, er.GUID)),
                  "wb") as f:
            f.write(struct.pack("<I", attrs) + data)

    def store(self, raw, chunk=100, compress=True, **kw):
        stored = lzss_compress(raw) if compress else raw
        flags = er.FLAG_LZSS if compress else 0
        self.put(er.HEADER_NAME, header(stored, raw, chunk, flags, **kw))
        for i in range(0, len(stored), chunk):
            self.put(er.chunk_name(i // chunk), stored[i:i + chunk])
        return stored


class EfivarReport(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.vars = os.path.join(self.tmp.name, "efivars")
        self.out = os.path.join(self.tmp.name, "out")
        os.makedirs(self.vars)
        self.d = EfivarfsDir(self.vars)

    def tearDown(self):
        self.tmp.cleanup()

    def run_tool(self, *args):
        return er.main(["--efivars", self.vars, "--out", self.out] +
                       list(args))

    def test_decoder_matches_encoder(self):
        for raw in (b"", b"a", b"aaaaaaaaaaaaaaaaaaaaaaaa", LOG,
                    bytes(range(256)) * 3):
            self.assertEqual(er.lzss_decompress(lzss_compress(raw),
                                                len(raw)), raw)

    def test_decoder_rejects_corrupt_streams(self):
        with self.assertRaises(er.ReportError):
            er.lzss_decompress(b"\x00\x05\x00", 3)     # distance too far
        with self.assertRaises(er.ReportError):
            er.lzss_decompress(b"\x01a\x00\x00\x55", 4)   # stray byte
        with self.assertRaises(er.ReportError):
            er.lzss_decompress(b"\x01a", 4)             # ends early

    def test_reassembles_and_writes_txt_and_json(self):
        stored = self.d.store(LOG, chunk=64)
        self.assertGreater(len(stored) // 64, 1)   # several chunks
        self.assertEqual(self.run_tool(), er.OK)
        base = os.path.join(self.out, "20250122-154501-QEMU-Standard-PC-"
                            "Q35-ICH9-2009")
        with open(base + ".txt", "rb") as f:
            txt = f.read()
        with open(base + ".json", "rb") as f:
            js = f.read()
        self.assertTrue(txt.startswith(
            b"# sparsemm report: run of 20250122-154501 on QEMU-Standard-"
            b"PC-Q35-ICH9-2009, verdict PASS\n"))
        self.assertTrue(txt.endswith(LOG))
        self.assertEqual(js, b"{\"version\": 1, \"verdict\": \"pass\"}\n")
        # Listing changes nothing; the variables are still there.
        self.assertEqual(self.run_tool("--list"), er.OK)
        self.assertEqual(len(os.listdir(self.vars)), 1 + (len(stored) + 63)
                         // 64)

    def test_truncated_uncompressed_report_without_json(self):
        raw = b"only the tail of a log\n"
        self.d.store(raw, chunk=8, compress=False, log_offset=4096,
                     verdict=2)
        h, text, obj = er.assemble(er.EfivarfsStore(self.vars).get)
        self.assertEqual(h["verdict"], "CRASH")
        self.assertIn(b"# the first 4096 bytes of the log did not fit", text)
        self.assertTrue(text.endswith(raw))
        self.assertIsNone(obj)

    def test_delete_removes_every_variable(self):
        self.d.store(LOG, chunk=50)
        self.d.put("OtherVendorVariable", b"x")
        self.assertEqual(self.run_tool("--delete"), er.OK)
        self.assertEqual(os.listdir(self.vars),
                         ["OtherVendorVariable-%s" % er.GUID])
        self.assertEqual(self.run_tool(), er.NOTHING)

    def test_corruption_is_caught(self):
        stored = self.d.store(LOG, chunk=64)
        bad = bytearray(stored[64:128])
        bad[10] ^= 0x40
        self.d.put(er.chunk_name(1), bytes(bad))
        with self.assertRaisesRegex(er.ReportError, "stored data"):
            er.assemble(er.EfivarfsStore(self.vars).get)
        self.assertEqual(self.run_tool(), er.BAD)
        os.unlink(os.path.join(self.vars, "%s-%s" % (er.chunk_name(1),
                                                     er.GUID)))
        with self.assertRaisesRegex(er.ReportError, "missing"):
            er.assemble(er.EfivarfsStore(self.vars).get)
        # --delete clears an unusable report too.
        self.assertEqual(self.run_tool("--delete"), er.BAD)
        self.assertEqual(os.listdir(self.vars), [])

    def test_header_checks(self):
        good = header(b"x" * 10, b"x" * 10, 4, flags=0)
        er.parse_header(good)
        for bad, why in ((good[:100], "128"),
                         (b"X" + good[1:], "magic"),
                         (header(b"x" * 10, b"x" * 11, 4, flags=0), "sizes"),
                         (header(b"x", b"x", 4, flags=0x80), "flags"),
                         (header(b"x", b"x", 4, verdict=7), "verdict"),
                         (header(b"x", b"x", 0, flags=0), "chunk size")):
            with self.assertRaisesRegex(er.ReportError, why):
                er.parse_header(bad)


def ovmf_file(variables):
    """A minimal OVMF vars file: FV header, authenticated variable store,
    variables as (name, guid, state, data)."""
    fv_hdr = 72
    store = bytearray()
    for name, guid, state, data in variables:
        n = (name + "\0").encode("utf-16-le")
        hdr = struct.pack("<HBBIQ16sIII16s", 0x55AA, state, 0, 7, 0,
                          b"\0" * 16, 0, len(n), len(data),
                          uuid.UUID(guid).bytes_le)
        store += hdr + n + data
        store += b"\0" * (-len(store) % 4)
    blob = bytearray(b"\xff" * 0x10000)
    blob[40:44] = b"_FVH"
    struct.pack_into("<H", blob, 48, fv_hdr)
    blob[fv_hdr:fv_hdr + 16] = er.AUTH_VAR_STORE_GUID.bytes_le
    struct.pack_into("<I", blob, fv_hdr + 16, 0x10000 - fv_hdr)
    blob[fv_hdr + 28:fv_hdr + 28 + len(store)] = store
    return bytes(blob)


class OvmfStore(unittest.TestCase):
    def test_live_variables_only(self):
        other = "8be4df61-93ca-11d2-aa0d-00e098032b8c"
        blob = ovmf_file([
            ("SparsemmReport", er.GUID, 0x3C, b"old, deleted"),
            ("SparsemmReport", er.GUID, 0x3F, b"current"),
            ("BootOrder", other, 0x3F, b"\x01\x00"),
            ("SparsemmReport0000", er.GUID, 0x3E, b"in transition"),
        ])
        v = er.ovmf_variables(blob)
        self.assertEqual(v[("SparsemmReport", er.GUID)], b"current")
        self.assertEqual(v[("BootOrder", other)], b"\x01\x00")
        self.assertEqual(v[("SparsemmReport0000", er.GUID)], b"in transition")
        self.assertEqual(len(v), 3)

    def test_not_a_volume(self):
        with self.assertRaisesRegex(er.ReportError, "_FVH"):
            er.ovmf_variables(b"\0" * 4096)


class PeCheck(unittest.TestCase):
    def test_sbat_csv_rules(self):
        with open(os.path.join(ROOT, "efi", "sbat.csv")) as f:
            self.assertEqual(pe.sbat_problems(f.read()), [])
        self.assertTrue(pe.sbat_problems("sparsemm,1,x,y,0.1,url\n"))
        self.assertTrue(pe.sbat_problems(pe.SBAT_HEADER + "\n"))
        self.assertTrue(pe.sbat_problems(pe.SBAT_HEADER + "\na,1,b,c,d\n"))
        self.assertTrue(pe.sbat_problems(pe.SBAT_HEADER +
                                         "\na,x,b,c,d,e\n"))

    def test_writable_code_is_refused(self):
        efi = os.path.join(ROOT, "build", "sparsemm.efi")
        if not os.path.exists(efi):
            self.skipTest("no build/sparsemm.efi")
        with open(efi, "rb") as f:
            data = bytearray(f.read())
        _, _, secs = pe.sections(bytes(data))
        # Find .text's header and add IMAGE_SCN_MEM_WRITE.
        lfanew = struct.unpack_from("<I", data, 0x3C)[0]
        opt_size = struct.unpack_from("<H", data, lfanew + 20)[0]
        first = lfanew + 24 + opt_size
        idx = [s[0] for s in secs].index(".text")
        at = first + 40 * idx + 36
        struct.pack_into("<I", data, at, struct.unpack_from("<I", data, at)[0]
                         | pe.SCN_WRITE)
        with tempfile.NamedTemporaryFile(suffix=".efi") as t:
            t.write(data)
            t.flush()
            self.assertEqual(pe.check(efi), [])
            self.assertIn("section .text is writable and executable",
                          pe.check(t.name))


if __name__ == "__main__":
    unittest.main()
