"""`check`: the self-check. The reference scores 100, the skeleton 0, every skeleton case 'not implemented'."""
import os

from .. import spec
from ..engine import grade, report


def main(reference=None, skeleton=None, homework=None):
    hw = homework or spec.load()
    reference, skeleton = reference or hw.reference, skeleton or hw.handout
    ok = True
    ref = grade.grade(reference, homework=hw)
    print(f"Reference ({os.path.relpath(reference)}):")
    print(report.text(ref))
    if ref.score != ref.max_score:
        print(f"CHECK FAILED: the reference scored {ref.score:g}, not {ref.max_score:g}")
        ok = False
    skel = grade.grade(skeleton, homework=hw)
    print(f"\nSkeleton ({os.path.relpath(skeleton)}):")
    print(report.text(skel).split("\nCases not passed:")[0])
    if skel.score != 0:
        print(f"CHECK FAILED: the skeleton scored {skel.score:g}, not 0")
        ok = False
    wrong = [r.id for r in skel.results if r.status != "not_implemented"]
    if wrong:
        print(f"CHECK FAILED: these skeleton cases did not fail as 'not implemented': {', '.join(wrong)}")
        ok = False
    print(f"\nself-check {'passed' if ok else 'FAILED'}: reference {ref.score:g}/{ref.max_score:g}, "
          f"skeleton {skel.score:g}/{skel.max_score:g}")
    return ok
