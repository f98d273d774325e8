"""Validate a returned array and compare it with the stored expected array.

Shared byte for byte by the autograder and the students' run_tests.py (copied in by
`make handout`), so a visible case that passes at home passes in grading. Needs numpy alone.
"""
import re
from dataclasses import dataclass

import numpy as np

NUMERIC_KINDS = "biuf"   # bool, signed and unsigned integers, floats
SCALAR_TYPES = (bool, int, float, np.bool_, np.integer, np.floating)


class WrongOutput(Exception):
    """The submission returned something that is not a plain numeric array or number."""


def plain_array(value, what):
    """Return value as a plain numeric ndarray, or raise WrongOutput saying what was wrong.

    Accepts exactly numpy.ndarray (no subclass, no object with __array__) of a numeric dtype, or
    a Python/numpy number. The result is a fresh copy the submission holds no reference to."""
    if type(value) is np.ndarray:
        if value.dtype.kind not in NUMERIC_KINDS or value.dtype.fields is not None:
            raise WrongOutput(f"{what}: dtype {value.dtype} is not numeric")
        return np.array(value, copy=True, order="C")
    if type(value) in SCALAR_TYPES or (isinstance(value, np.generic) and type(value).__module__ == "numpy"
                                       and np.dtype(type(value)).kind in NUMERIC_KINDS):
        return np.array(value.item() if isinstance(value, np.generic) else value)
    raise WrongOutput(f"{what}: returned {type(value).__module__}.{type(value).__qualname__}, "
                      f"expected a numpy.ndarray or a number")


@dataclass(frozen=True)
class Verdict:
    """Outcome of comparing one output. detail may show values; summary never does."""
    passed: bool
    summary: str
    detail: str = ""


def _index(flat, shape):
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def judge(value, expected, rtol, atol, name="output"):
    """Compare value (a plain ndarray, already validated) with expected.

    Passes when shapes agree, value is finite wherever expected is, and
    |value - expected| <= atol + rtol * |expected| everywhere (exact equality for integer outputs)."""
    if value.dtype.kind not in NUMERIC_KINDS:
        return Verdict(False, f"{name}: dtype {value.dtype} is not numeric")
    if value.shape != expected.shape:
        return Verdict(False, f"{name}: wrong shape", f"{name}: shape {value.shape}, expected {expected.shape}")
    got = value.astype(np.float64)
    want = expected.astype(np.float64)
    bad_finite = ~np.isfinite(got) & np.isfinite(want)
    if bad_finite.any():
        at = _index(int(np.argmax(bad_finite)), got.shape)
        return Verdict(False, f"{name}: contains NaN or inf",
                       f"{name}: NaN or inf at index {at}, expected {want[at]!r}")
    if expected.dtype.kind in "biu":
        rtol, atol = 0.0, 0.0
    with np.errstate(invalid="ignore"):
        err = np.where(np.isfinite(want), np.abs(got - want), np.where(got == want, 0.0, np.inf))
        allowed = atol + rtol * np.abs(np.where(np.isfinite(want), want, 0.0))
    if not (err <= allowed).all():
        flat = int(np.argmax(err - allowed))
        at = _index(flat, got.shape)
        return Verdict(False, f"{name}: wrong values",
                       f"{name}: largest error {float(err[at]):.3g} at index {at}: got {got[at]!r}, expected {want[at]!r}")
    return Verdict(True, f"{name}: ok")


def judge_threshold(value, reference, margin, name="output"):
    """Pass when value is a finite number no larger than the reference's value plus margin."""
    if value.shape != () and value.size != 1:
        return Verdict(False, f"{name}: wrong shape", f"{name}: shape {value.shape}, expected a single number")
    got = float(value.reshape(()))
    if not np.isfinite(got):
        return Verdict(False, f"{name}: contains NaN or inf")
    limit = float(reference) + margin
    if got > limit:
        return Verdict(False, f"{name}: above the allowed value", f"{name}: {got:.4f}, must be at most {limit:.4f}")
    return Verdict(True, f"{name}: ok")


FINGERPRINT_BITS = 20     # mantissa bits kept: about 6 significant digits


def fingerprint(value):
    """A 16-hex-character digest of a numeric or bool ndarray's shape and values, or None for anything else.

    Values are compared as float64, each rounded to FINGERPRINT_BITS bits of mantissa (relative, about 6
    significant digits), with -0.0 made +0.0 and every NaN the same NaN: arrays equal to ~1e-9 relative give
    the same digest, arrays 1e-3 apart do not. Used on raw outputs (NaN and inf included) to recognise a
    known mistake; it is a hash, so it shows none of the values."""
    import hashlib
    if type(value) is not np.ndarray or value.dtype.kind not in NUMERIC_KINDS or value.dtype.fields is not None:
        return None
    x = value.astype(np.float64)
    finite = np.isfinite(x)
    mantissa, exponent = np.frexp(np.where(finite, x, 0.0))
    scale = float(1 << FINGERPRINT_BITS)
    rounded = np.ldexp(np.round(mantissa * scale) / scale, exponent)
    canonical = np.where(finite, rounded, np.where(np.isnan(x), np.nan, x)) + 0.0
    digest = hashlib.sha256(f"{x.shape}".encode())
    digest.update(np.ascontiguousarray(canonical, dtype="<f8").tobytes())
    return digest.hexdigest()[:16]


ERROR_KEY = "(error)"     # where a known mistake's exception is kept, beside a case's outputs
_WHERE = re.compile(r" \([^()]*\.py(?:, line \d+)?\)$")     # runcase.describe's ' (nn_lib.py, line 80)'


def error_fingerprint(message):
    """A 16-hex-character digest of a case's error message ('Type: text (file.py, line n)', as the worker
    describes an exception), without its file and line: the same mistake raises the same error wherever
    the student's line is. None for an empty message."""
    import hashlib
    text = _WHERE.sub("", str(message or "")).strip()
    return hashlib.sha256(b"error\0" + text.encode("utf-8", "replace")).hexdigest()[:16] if text else None
