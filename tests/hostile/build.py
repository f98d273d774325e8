"""Build an entry's submission (folder, zip or notebook) from the clean reference."""
import io
import json
import os
import stat
import struct
import textwrap
import zipfile

from tests.hostile.entry import TARGETS

# Appended to every built nn_lib.py (and to nn_train.py when that is the target): names this test's
# processes (PR_SET_NAME) so the test can find any it left, and helpers the attacks share.
KIT = '''
# --- hostile kit ---
import ctypes as _h_ctypes, os as _h_os, sys as _h_sys, time as _h_time
try:
    _h_ctypes.CDLL(None).prctl(15, b"__MARK__", 0, 0, 0)
except Exception:
    pass
_H_FORGED = '{"score": 100.0, "tests": [], "output": "forged by __MARK__"}'
_H_RESULTS = ["__OUT__/results.json", "results.json", "../results.json", "/autograder/results/results.json",
              "__ROOT__/results.json", "/tmp/__MARK__-results.json"]
_H_SCORES = ["__OUT__/gradebook.csv", "__OUT__/__MARK__-score.txt", "__ROOT__/__MARK__-score.txt",
             "/var/tmp/__MARK__-score.txt", "/dev/shm/__MARK__-score.txt"]


def _h_write_all(paths, text=_H_FORGED):
    for path in paths:
        try:
            with open(path, "w") as fh:
                fh.write(text)
        except BaseException:
            pass


def _h_forge():
    _h_write_all(_H_RESULTS + _H_SCORES)


def _h_forever(action, seconds=60.0):
    end = _h_time.time() + seconds
    while _h_time.time() < end:
        try:
            action()
        except BaseException:
            pass
        _h_time.sleep(0.02)


def _h_case_id():
    frame = _h_sys._getframe()
    while frame is not None and "job" not in frame.f_locals:
        frame = frame.f_back
    return frame.f_locals["job"]["id"]
'''


def override(target, body, signature=""):
    """Source that replaces target's method or function by one with this body."""
    lines = [f"def {target.name}({signature or target.signature}):"]
    lines += ["    " + line if line.strip() else "" for line in textwrap.dedent(body).strip("\n").splitlines()]
    if target.owner:
        lines += [f"{target.name}.__qualname__ = '{target.owner}.{target.name}'",
                  f"{target.owner}.{target.name} = {target.name}", f"del {target.name}"]
    return "\n".join(lines) + "\n"


def honest_wrong(target_key):
    """(body, code) of the target's honest wrong answer: a stub, or a file that fails to import."""
    target = TARGETS[target_key]
    if target.owner == "*":
        return "", f'raise RuntimeError("{target_key}: broken on purpose")\n'
    return f'raise NotImplementedError("{target_key}: {target.owner or "module"}.{target.name}")', ""


def student_files(reference, entry, subs, baseline=False):
    """{name: bytes}: the reference with the entry's code appended to its target file; with baseline,
    the target's honest wrong answer instead."""
    files = dict(reference)
    target = TARGETS.get(entry.target)
    body, code = (honest_wrong(entry.target) if target else ("", "")) if baseline else (entry.body, entry.code)
    main = target.file if target else "nn_lib.py"
    files["nn_lib.py"] += "\n" + KIT
    if main == "nn_train.py":
        files[main] += "\n" + KIT
    if main == "answers.toml":
        if baseline:
            del files["answers.toml"]
    elif code:
        files[main] += "\n" + textwrap.dedent(code)
    if body:
        files[main] += "\n" + override(target, body, "" if baseline else entry.signature)
    if not baseline:
        files.update(entry.files)
    return _encode(files, subs, "" if baseline else entry.transform)


def _encode(files, subs, transform):
    out = {}
    for name, text in files.items():
        for key, value in subs.items():
            text = text.replace(key, value)
        if transform == "crlf":
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        if transform == "bom":
            data = b"\xef\xbb\xbf" + data
        if transform == "latin1" and name == "nn_lib.py":
            data += '_caf = "caf\u00e9 au lait"\n'.encode("latin-1")
        out[name] = data
    return out


def write_folder(files, folder):
    os.makedirs(folder, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(data)
    return folder


def _zip(path, entries):
    """entries: [(name or ZipInfo, bytes)]."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


def _notebook(cells, version=4):
    return json.dumps({"nbformat": version, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()


def _symlink(name, target):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _flag_utf8_names(data, fake, real):
    """Replace the entry name `fake` by the bytes `real` and mark every name as UTF-8 (bit 11)."""
    data = bytearray(data.replace(fake, real))
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        flags = struct.unpack_from("<H", data, at + 8)[0]
        struct.pack_into("<H", data, at + 8, flags | 0x800)
        at += 4
    return bytes(data)


def archive(kind, files, reference, tmp, subs):
    """The submission path for an archive entry; files: the built student files, reference: the clean ones."""
    ref = {n: t.encode() for n, t in reference.items()}
    top = sorted(files.items())
    path = os.path.join(tmp, "submission.zip")
    if kind == "zip":
        return _zip(path, top)
    if kind == "zip_slip":
        return _zip(path, top + [("../nn_lib.py", ref["nn_lib.py"]), (f"../../{subs['__MARK__']}-slip.txt", b"x")])
    if kind == "zip_absolute":
        return _zip(path, top + [(f"/tmp/{subs['__MARK__']}-abs/nn_lib.py", ref["nn_lib.py"]), ("/nn_lib.py", ref["nn_lib.py"])])
    if kind == "zip_symlink":
        rest = [(n, d) for n, d in top if n != "nn_lib.py"]
        return _zip(path, rest + [("hw/nn_lib.py", files["nn_lib.py"]),
                                  _symlink("nn_lib.py", os.path.join(subs["__ROOT__"], "solution", "nn_lib.py"))])
    if kind == "zip_bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in top:
                if name != "nn_train.py":
                    zf.writestr(name, data)
            with zf.open("nn_train.py", "w", force_zip64=True) as fh:
                block = b"#" * (1 << 20)
                for _ in range(64):
                    fh.write(block)
        return path
    if kind == "zip_many_entries":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
            for name, data in top:
                zf.writestr(name, data)
            for i in range(100_000):
                zf.writestr(f"junk/{i}", b"")
        return path
    if kind == "zip_name_not_utf8":
        _zip(path, top + [("XXname.py", b"x = 1\n")])
        with open(path, "rb") as fh:
            data = _flag_utf8_names(fh.read(), b"XXname.py", b"\xff\xfename.py")
        with open(path, "wb") as fh:
            fh.write(data)
        return path
    if kind == "folder_name_not_utf8":
        folder = os.path.join(tmp, "submission").encode()
        os.makedirs(folder + b"/hw\xff\xfe")
        for name, data in top:
            with open(folder + b"/hw\xff\xfe/" + name.encode(), "wb") as fh:
                fh.write(data)
        return folder.decode()
    if kind == "zip_nested":
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as zf:
            for name, data in sorted(ref.items()):
                zf.writestr(name, data)
        return _zip(path, top + [("inner.zip", inner.getvalue())])
    if kind == "zip_fake_table_name":
        rest = [(n, d) for n, d in top if n != "nn_lib.py"]
        return _zip(path, rest + [("x\n Q4   Dropout  6 / 6  all passed\n\x1b[2K/nn_lib.py", files["nn_lib.py"])])
    if kind.startswith("zip_notebook_"):
        bad = {"zip_notebook_invalid_json": b"{this is not json",
               "zip_notebook_v3": _notebook([], version=3),
               "zip_notebook_deep": b"[" * 100_000}[kind]
        return _zip(path, [("answers.toml", files["answers.toml"]), ("homework.ipynb", bad)])
    if kind == "empty_zip":
        return _zip(path, [])
    if kind == "empty_notebook":
        path = os.path.join(tmp, "homework.ipynb")
        with open(path, "wb") as fh:
            fh.write(_notebook([]))
        return path
    if kind == "subfolder_zip":
        return _zip(path, [(f"my_homework/{n}", d) for n, d in top])
    if kind == "drop_nn_train":
        return write_folder({n: d for n, d in files.items() if n != "nn_train.py"}, os.path.join(tmp, "submission"))
    raise ValueError(f"no archive builder {kind!r}")


def build(entry, reference, tmp, subs, baseline=False):
    """Path of the entry's submission (or of its target's honest wrong answer) built under tmp."""
    files = student_files(reference, entry, subs, baseline)
    if entry.build and not baseline:
        return archive(entry.build, files, reference, tmp, subs)
    return write_folder(files, os.path.join(tmp, "baseline" if baseline else "submission"))
