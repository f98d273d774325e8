"""A zip submission: read defensively, bounded in bytes (central directory, each file, all files)."""
import io
import os
import stat
import zipfile

from . import limits
from .entries import Left, choose, key_of
from .submission import SubmissionError, expected_text


class _DirectoryTooLarge(Exception):
    """Raised by BoundedFile when opening the zip would read more than limits.MAX_DIRECTORY_BYTES."""


class BoundedFile(io.FileIO):
    """The zip file, read by zipfile. While `budget` is set (while zipfile reads the central directory, all
    of which it keeps in memory), reading more than budget bytes in all raises _DirectoryTooLarge first."""
    budget = None

    def read(self, size=-1):
        if self.budget is not None:
            if size is None or size < 0:
                size = max(0, os.fstat(self.fileno()).st_size - self.tell())
            self.budget -= size
            if self.budget < 0:
                raise _DirectoryTooLarge()
        return super().read(size)


def open_zip(fh, name, expected):
    """zipfile.ZipFile over the open BoundedFile fh; SubmissionError if it is not a zip or its central
    directory is over limits.MAX_DIRECTORY_BYTES."""
    fh.budget = limits.MAX_DIRECTORY_BYTES + (1 << 17)     # + the end records and a comment: at most 64 KiB and a bit
    try:
        zf = zipfile.ZipFile(fh)
    except _DirectoryTooLarge:
        raise SubmissionError(f"{name}: its list of entries (the zip's central directory) is over "
                              f"{limits.MAX_DIRECTORY_BYTES / (1 << 20):g} MiB, too many to read: zip only "
                              f"{expected_text(expected)}") from None
    except UnicodeDecodeError:
        raise SubmissionError(f"{name}: a file name in the zip is marked UTF-8 but is not; "
                              "re-create the zip with your system's zip tool") from None
    except Exception as exc:  # a crafted archive can make zipfile raise almost anything
        raise SubmissionError(f"{name} is not a readable zip file ({type(exc).__name__}: {exc}): "
                              f"expected a .zip or a folder holding {expected_text(expected)}") from None
    fh.budget = None
    return zf


def from_zip(path, intake):
    """Take the wanted files of the zip at path into intake."""
    with BoundedFile(path) as fh, open_zip(fh, os.path.basename(path), intake.expected) as zf:
        left, by_key = Left(), {}
        for info in zf.infolist():
            raw = info.filename.replace("\\", "/")
            parts = [p for p in raw.split("/") if p not in ("", ".")]
            if info.is_dir() or not parts:
                continue
            base = parts[-1]
            if "__MACOSX" in parts or base.startswith("._"):
                continue                                    # the Mac's metadata, not the student's files
            hidden = any(p.startswith(".") for p in parts[:-1])    # in .venv, .ipynb_checkpoints, ..
            if not intake.wanted(base):
                if base.endswith(".zip") and not hidden and len(parts) <= limits.MAX_DEPTH + 1:
                    left.skip(raw, "nested archives are not opened")
                else:
                    left.ignore("/".join(parts))
            elif raw.startswith("/") or ".." in parts or (len(raw) > 1 and raw[1] == ":"):
                left.skip(raw, "unsafe path")
            elif stat.S_ISLNK(info.external_attr >> 16):
                left.skip(raw, "symbolic link")
            elif hidden:
                left.ignore("/".join(parts))                # as a folder's hidden folders are not searched
            elif len(parts) > limits.MAX_DEPTH + 1:
                left.skip(raw, "nested too deep")
            else:
                by_key.setdefault(key_of(base), []).append(("/".join(parts), info))
        total = 0
        for key, entries in sorted(by_key.items()):
            paths = [p for p, _ in entries]
            chosen = choose(paths, intake.messages)        # sorts paths: the others follow the chosen one
            for p in paths[1:]:
                left.ignore(p)
            info = dict(entries)[chosen]
            try:
                with zf.open(info) as src:
                    data = src.read(limits.MAX_FILE_BYTES + 1)
            except Exception as exc:  # corrupt data, bad CRC, encryption, unknown compression, ...
                intake.messages.append(f"{chosen}: could not be extracted ({exc})")
                continue
            if len(data) > limits.MAX_FILE_BYTES:
                intake.messages.append(f"{chosen}: larger than {limits.MAX_FILE_BYTES >> 20} MiB, not graded")
                continue
            total += len(data)
            if total > limits.MAX_TOTAL_BYTES:
                raise SubmissionError(f"the zip expands to more than {limits.MAX_TOTAL_BYTES >> 20} MiB")
            intake.write(chosen.rsplit("/", 1)[-1], data)
            intake.taken_from.append(chosen)
        left.report(intake)
