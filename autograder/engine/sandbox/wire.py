"""Frames between the worker (untrusted) and the grader: a JSON header and raw .npy arrays, no pickle.

A frame is: 4-byte big-endian header length, the UTF-8 JSON header, then for each name in
header["arrays"] an 8-byte big-endian length and the array in .npy format. The reader parses
.npy with allow_pickle=False, so an object array cannot even be decoded.
"""
import io
import json
import struct

MAX_HEADER = 1 << 20


class ProtocolError(Exception):
    """The byte stream is not a well-formed frame."""


def encode(header, arrays=None):
    """header: JSON-ready dict; arrays: {name: plain numeric ndarray}. Returns the frame's bytes."""
    arrays = arrays or {}
    header = dict(header, arrays=list(arrays))
    head = json.dumps(header).encode()
    parts = [struct.pack(">I", len(head)), head]
    for name in arrays:
        buf = io.BytesIO()
        import numpy as np      # imported on first use: the grader starts its worker before loading numpy
        np.lib.format.write_array(buf, arrays[name], allow_pickle=False)
        data = buf.getvalue()
        parts += [struct.pack(">Q", len(data)), data]
    return b"".join(parts)


class Reader:
    """Incremental decoder: feed() bytes as they arrive, take whole frames from frames()."""

    def __init__(self, max_bytes):
        self.buf = bytearray()
        self.total = 0
        self.max_bytes = max_bytes

    def feed(self, data):
        self.total += len(data)
        if self.total > self.max_bytes:
            raise ProtocolError(f"the worker sent more than {self.max_bytes} bytes of results")
        self.buf += data

    def frames(self):
        """Yield (header, {name: ndarray}) for every complete frame buffered so far."""
        while True:
            frame = self._take()
            if frame is None:
                return
            yield frame

    def _take(self):
        buf = self.buf
        if len(buf) < 4:
            return None
        (n,) = struct.unpack(">I", buf[:4])
        if n > MAX_HEADER:
            raise ProtocolError("frame header too large")
        if len(buf) < 4 + n:
            return None
        try:
            header = json.loads(bytes(buf[4:4 + n]))
            names = header["arrays"]
            if not isinstance(header, dict) or not isinstance(names, list) or not all(isinstance(x, str) for x in names):
                raise ValueError("bad header")
        except (ValueError, KeyError, TypeError) as exc:
            raise ProtocolError(f"bad frame header: {exc}") from None
        pos, arrays = 4 + n, {}
        for name in names:
            if len(buf) < pos + 8:
                return None
            (size,) = struct.unpack(">Q", buf[pos:pos + 8])
            if len(buf) < pos + 8 + size:
                return None
            try:
                import numpy as np
                arrays[name] = np.lib.format.read_array(io.BytesIO(bytes(buf[pos + 8:pos + 8 + size])), allow_pickle=False)
            except Exception as exc:  # any malformed .npy is the worker's fault, never ours
                raise ProtocolError(f"bad array {name!r}: {type(exc).__name__}") from None
            pos += 8 + size
        del buf[:pos]
        return header, arrays
