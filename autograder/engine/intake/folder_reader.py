"""A folder submission: searched breadth first, bounded in entries looked at and in time, links not followed."""
import os
import stat
import time
from collections import deque

from . import limits
from .entries import Left, choose, key_of


def walk(path, wanted, messages, left):
    """{key: ['/'-joined paths of the wanted regular files]} in the folder at path, breadth first, not
    entering hidden folders, __MACOSX or folders deeper than limits.MAX_DEPTH, nor following links; stops after
    limits.MAX_VISITED entries or limits.MAX_WALK_SECONDS, saying so in messages; left: the entries.Left told of the rest."""
    found, queue, visited = {}, deque([[]]), 0
    deadline = time.monotonic() + limits.MAX_WALK_SECONDS
    while queue:
        rel, folders = queue.popleft(), []
        try:
            with os.scandir(os.path.join(path, *rel)) as entries:
                for entry in entries:
                    visited += 1
                    if visited > limits.MAX_VISITED or (visited % 1000 == 0 and time.monotonic() > deadline):
                        messages.append(f"stopped looking after {visited - 1:,} entries: "
                                               "files further in the folder were not searched")
                        return found
                    parts = rel + [entry.name]
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name.startswith(".") or entry.name == "__MACOSX" or len(parts) > limits.MAX_DEPTH:
                            left.ignore("/".join(parts) + "/")
                        else:
                            folders.append(parts)
                    elif not wanted(entry.name):
                        left.ignore("/".join(parts))
                    elif entry.is_symlink():
                        left.skip("/".join(parts), "symbolic link")
                    elif not entry.is_file(follow_symlinks=False):
                        left.skip("/".join(parts), "not a regular file")
                    else:
                        found.setdefault(key_of(entry.name), []).append("/".join(parts))
        except OSError as exc:
            left.skip(("/".join(rel) or ".") + "/", f"could not be read: {exc.strerror or exc}")
        queue.extend(sorted(folders))
    return found


def read_regular(full):
    """Up to limits.MAX_FILE_BYTES + 1 bytes of the regular file at full, not following a link (OSError otherwise)."""
    fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        return fh.read(limits.MAX_FILE_BYTES + 1)


def from_folder(path, intake):
    """Take the wanted files of the folder at path into intake."""
    left = Left()
    for key, paths in sorted(walk(path, intake.wanted, intake.messages, left).items()):
        chosen = choose(paths, intake.messages)            # sorts paths: the others follow the chosen one
        for p in paths[1:]:
            left.ignore(p)
        try:
            data = read_regular(os.path.join(path, *chosen.split("/")))
        except OSError as exc:
            intake.messages.append(f"{chosen}: could not be read ({exc.strerror or exc})")
            continue
        if len(data) > limits.MAX_FILE_BYTES:
            intake.messages.append(f"{chosen}: larger than {limits.MAX_FILE_BYTES >> 20} MiB, not graded")
            continue
        intake.write(chosen.rsplit("/", 1)[-1], data)
        intake.taken_from.append(chosen)
    left.report(intake)
