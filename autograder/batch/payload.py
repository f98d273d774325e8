"""A submission as bytes: read once by the batch's client, graded wherever a worker runs.

A pool process or a Dask worker never opens the inbox: the client packs each submission (a file's
bytes, or a folder's files that intake could take) and the worker unpacks it into a scratch folder of
its own, under the submission's own name, and grades that. The sha256 is of exactly those bytes: for
a .zip or .ipynb, the file's sha256 (as `sha256sum` prints it); for a folder, of its packed files'
relative names and contents, in order.
"""
import hashlib
import os
from dataclasses import dataclass

from ..engine.intake import entries, folder_reader

MAX_FILE_PAYLOAD = 256 << 20     # a .zip or .ipynb bigger than this is not sent (status unreadable)


class PayloadError(ValueError):
    """The submission cannot be sent to a worker (too big, unreadable); the message says why."""


@dataclass(frozen=True)
class Payload:
    name: str                # the submission's base name (alice.zip, bob.ipynb, carol)
    kind: str                # "file" or "folder"
    files: tuple             # ((relative path, bytes), ...); one entry ("", bytes) for a file
    sha256: str


def _digest_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _folder_files(folder, wanted):
    """(relative path, bytes) of every file under folder that intake could take, found by intake's own walk
    (the homework's file names and notebooks; no links, hidden folders or folders deeper than intake goes; at
    most as many entries and as long as intake looks), each cut at one byte over intake's size limit (so intake
    still says it is too big), sorted by path, so the same folder packs to the same bytes. OSError if one of
    them cannot be read."""
    found = folder_reader.walk(folder, lambda name: name in wanted or name.endswith(".ipynb"), [], entries.Left())
    paths = sorted(p for candidates in found.values() for p in candidates)
    return [(rel, folder_reader.read_regular(os.path.join(folder, *rel.split("/")))) for rel in paths]


def _folder_digest(files):
    h = hashlib.sha256()
    for rel, data in files:
        name = rel.encode("utf-8", "surrogateescape")
        h.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def digest(path, wanted):
    """The submission's sha256 without keeping its bytes (for deciding what a rerun can skip)."""
    if os.path.isdir(path):
        return _folder_digest(_folder_files(path, wanted))
    return _digest_file(path)


def pack(path, wanted):
    """The Payload of the submission at path; wanted: the homework's student file names."""
    name = os.path.basename(os.path.normpath(path))
    if os.path.isdir(path):
        files = _folder_files(path, wanted)
        return Payload(name, "folder", tuple(files), _folder_digest(files))
    size = os.path.getsize(path)
    if size > MAX_FILE_PAYLOAD:
        raise PayloadError(f"{name} is {size >> 20} MiB; a submission may be at most {MAX_FILE_PAYLOAD >> 20} MiB")
    with open(path, "rb") as fh:
        data = fh.read()
    return Payload(name, "file", (("", data),), hashlib.sha256(data).hexdigest())


def _safe_parts(rel):
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise PayloadError(f"unsafe path in a payload: {rel!r}")
    return parts


def unpack(payload, scratch):
    """Write payload into the empty folder scratch; returns the path to grade (scratch/<name>)."""
    name = os.path.basename(payload.name)
    if name in ("", ".", ".."):
        raise PayloadError(f"unsafe submission name in a payload: {payload.name!r}")
    target = os.path.join(scratch, name)
    if payload.kind == "file":
        with open(target, "wb") as fh:
            fh.write(payload.files[0][1])
        return target
    os.mkdir(target)
    for rel, data in payload.files:
        dest = os.path.join(target, *_safe_parts(rel))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as fh:
            fh.write(data)
    return target
