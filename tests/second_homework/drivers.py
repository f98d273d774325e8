"""Drivers of the warm-up homework: seeded inputs in, the submission's outputs out. Needs numpy alone.

`m.warmup` is the submitted module; each driver returns {output name: array}."""
import numpy as np

DRIVERS = {}


def driver(fn):
    DRIVERS[fn.__name__] = fn
    return fn


def _x(seed, N, D, scale=1.0):
    return scale * np.random.default_rng(seed).standard_normal((N, D))


@driver
def standardize(m, N, D, seed, scale=1.0):
    return {"Z": m.warmup.standardize(_x(seed, N, D, scale))}


@driver
def square_forward(m, N, D, seed):
    return {"Y": m.warmup.Square().forward(_x(seed, N, D))}


@driver
def square_backward(m, N, D, seed):
    layer, X = m.warmup.Square(), _x(seed, N, D)
    layer.forward(X.copy())
    return {"dX": layer.backward(_x(seed + 100, N, D))}
