"""Pictures of training: a submission's learning curves against the reference's, and first-layer weights.

Shared by the autograder (feedback folders) and the students' run_tests.py --plots. Only visible
cases are ever drawn, since the reference's curves are their expected arrays. matplotlib is
optional: without it, save_case_plots raises PlotsUnavailable with what to install.
"""
import os

CURVE_DRIVERS = ("train_network", "mlp_train")


class PlotsUnavailable(RuntimeError):
    """matplotlib is missing."""


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise PlotsUnavailable("plots need matplotlib: install it with `pip install matplotlib`") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def weight_grid(W, side=28, padding=2):
    """W: (side*side, H) first-layer weights. Returns a grey image (rows, cols) in [0, 1] with one
    side x side tile per hidden unit, each tile scaled to its own range (as in visualize_grid)."""
    import numpy as np
    tiles = W.T.reshape(-1, side, side)
    n = tiles.shape[0]
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    grid = np.ones((rows * (side + padding) + padding, cols * (side + padding) + padding))
    for k, tile in enumerate(tiles):
        low, high = tile.min(), tile.max()
        r, c = divmod(k, cols)
        y, x = padding + r * (side + padding), padding + c * (side + padding)
        grid[y:y + side, x:x + side] = (tile - low) / (high - low) if high > low else 0.5
    return grid


def curves_figure(case_id, mine, reference, path):
    """One panel per 1-D output shared by both: the submission's curve over the reference's."""
    import numpy as np
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator
    names = sorted(k for k in reference if "." not in k and reference[k].ndim == 1
                   and k in mine and np.asarray(mine[k]).ndim == 1)     # curves, not parameters
    fig, axes = plt.subplots(len(names), 1, figsize=(7, 2.4 * len(names)), squeeze=False)
    for ax, name in zip(axes[:, 0], names):
        ax.plot(np.arange(1, len(reference[name]) + 1), reference[name], "o-", color="0.6", lw=3, label="reference")
        ax.plot(np.arange(1, len(mine[name]) + 1), mine[name], "x--", color="C3", label="yours")
        ax.set_title(name.replace("_", " "))
        ax.set_xlabel("iteration" if "history" in name and "acc" not in name else "epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="best")
    fig.suptitle(f"{case_id}: your learning curves and the reference's")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def weights_figure(case_id, mine, reference, path):
    """First-layer weights of the submission and the reference as 28x28 tiles (784-input cases only)."""
    import numpy as np
    plt = _pyplot()
    pairs = [(title, w) for title, w in (("yours", mine.get("param.W1")), ("reference", reference.get("param.W1")))
             if w is not None and np.asarray(w).ndim == 2 and np.asarray(w).shape[0] == 784]
    fig, axes = plt.subplots(1, len(pairs), figsize=(5 * len(pairs), 5), squeeze=False)
    for ax, (title, w) in zip(axes[0], pairs):
        ax.imshow(weight_grid(np.asarray(w, dtype=float)), cmap="gray", interpolation="nearest")
        ax.set_title(f"first-layer weights, {title}")
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def save_case_plots(case, mine, reference, folder):
    """Save the pictures for one visible training case; returns the paths written (none for other cases)."""
    if case["driver"] not in CURVE_DRIVERS or not case["visible"] or not mine:
        return []
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, case["id"].replace(".", "_"))
    paths = [curves_figure(case["id"], mine, reference, stem + "_curves.png")]
    if "param.W1" in reference and reference["param.W1"].shape[0] == 784 and "param.W1" in mine:
        paths.append(weights_figure(case["id"], mine, reference, stem + "_weights.png"))
    return paths
