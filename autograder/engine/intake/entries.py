"""Choosing among a submission's entries: which copy of a file is taken, and the message about what was left."""
import os

from .limits import NOTEBOOK, SHOWN


class Left:
    """What intake leaves out: entries skipped for a reason (the first SHOWN are named, the others counted)
    and entries ignored (counted, and the first few places they are in named)."""

    def __init__(self):
        self.skipped, self.more_skipped, self.ignored = [], 0, []

    def skip(self, path, reason):
        if len(self.skipped) < SHOWN:
            self.skipped.append(f"{path} ({reason})")
        else:
            self.more_skipped += 1

    def ignore(self, path):
        """path: '/'-joined below the submission, ending in '/' for a folder not looked into."""
        self.ignored.append(path)

    def places(self, root, most=3):
        """Up to most + 1 distinct places of the ignored entries, below root (the taken files' folder)."""
        found = []
        for path in self.ignored:
            rest = path[len(root):] if path.startswith(root) else path
            head, slash, _ = rest.partition("/")
            place = head[:40] + slash
            if place not in found:
                found.append(place)
                if len(found) > most:
                    break
        return found

    def report(self, intake):
        """Add the messages (skipped first, ignored last) and the count of ignored entries to intake."""
        if self.skipped:
            more = f" and {self.more_skipped:,} more" if self.more_skipped else ""
            intake.messages.insert(0, "skipped: " + ", ".join(self.skipped) + more)
        n = len(self.ignored)
        intake.ignored += n
        if n:
            folders = {os.path.dirname(p) for p in intake.taken_from}
            root = folders.pop() + "/" if len(folders) == 1 and "" not in folders else ""
            places = self.places(root)
            where = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
            intake.messages.append(f"ignored {n:,} other entr{'y' if n == 1 else 'ies'} ({where})")


def key_of(name):
    """The name candidates compete under: their own, or NOTEBOOK for every notebook."""
    return NOTEBOOK if name.endswith(".ipynb") else name


def _listed(paths):
    shown = ", ".join(f"'{p}'" for p in paths[:3])
    return shown + (f" and {len(paths) - 3:,} more" if len(paths) > 3 else "")


def choose(candidates, messages):
    """The one of candidates ('/'-joined paths, all of one key) to take: the shallowest, then the first in
    order. Says where it came from and, when copies compete at its depth (any other notebook, for a
    notebook), which were ignored."""
    candidates.sort(key=lambda p: (p.count("/"), p))
    best = candidates[0]
    name = best.rsplit("/", 1)[-1]
    if "/" in best:
        messages.append(f"{name}: taken from the folder '{best.rsplit('/', 1)[0]}/'")
    if name.endswith(".ipynb"):
        if len(candidates) > 1:
            messages.append(f"only one notebook is graded, '{best}': ignored {_listed(candidates[1:])}")
    else:
        rivals = [p for p in candidates[1:] if p.count("/") == best.count("/")]
        if rivals:
            messages.append(f"{name}: several copies found; graded '{best}', ignored {_listed(rivals)}")
    return best
