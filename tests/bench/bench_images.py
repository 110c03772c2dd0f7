"""Pictures for the benchmarks' loopback servers, drawn here (no copied data)."""
import struct
import zlib


def write_png(path, width, height, seed):
    """A width x height RGB gradient, different for every seed."""
    h = zlib.crc32(str(seed).encode())  # no two seeds share colours
    r0, g0, b0 = h % 256, (h >> 8) % 256, (h >> 16) % 256
    rows = []
    for y in range(0, height, 20):  # bands of 20 identical rows
        row = bytearray([0])
        for x in range(width):
            row += bytes(((r0 + x // 4) % 256, (g0 + y // 3) % 256, (b0 + (x + y) // 6) % 256))
        rows.extend([bytes(row)] * min(20, height - y))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(b"".join(rows), 6)))
        f.write(chunk(b"IEND", b""))
