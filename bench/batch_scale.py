"""Benchmark: how a batch scales with workers, on the local process pool and on a local Dask cluster.

For each worker count w it grades, from scratch, PER_WORKER x w submissions of `make examples`'s mix
(the reference, three partly wrong, one that loops forever in Q6, cycled), as staff run it:

  pool  python -m autograder batch SUBMISSIONS --out OUT -j w --quiet
  dask  the same with --scheduler ADDRESS, on a LocalCluster of w worker processes of one thread each,
        started beforehand (its start-up is not timed)

The time is the wall clock of that command, start-up included. Throughput is submissions per second;
efficiency(w) = throughput(w) / (w x throughput(1)) of the same backend (weak scaling: the work grows
with w). It also gives the mean grading time of each kind of submission (from the gradebook's seconds),
which for the infinite loop is the hang cost, and checks that the pool's and Dask's gradebooks agree
(every column but seconds). Writes bench/results/batch_scale.json.

With --no-plots the batches draw no training plots (the grades are the same; the plots of the
reference's training cases cost about as long as its grading).

Usage: python bench/batch_scale.py [--workers 1 2 4 8 16] [--per-worker 20] [--no-dask] [--no-plots]
"""
import argparse
import csv
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import batch_mix

ROOT = batch_mix.ROOT
RESULTS = os.path.join(ROOT, "bench", "results", "batch_scale.json")


def _batch(paths, out, *extra):
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "autograder", "batch", *paths, "--out", out, "--quiet", *extra],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"bench: the batch failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def _rows(out):
    with open(os.path.join(out, "gradebook.csv"), newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows


def _without_seconds(out):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in _rows(out)]


def _per_kind(out):
    seconds = {}
    for row in _rows(out):
        seconds.setdefault(batch_mix.kind_of(row["id"]), []).append(float(row["seconds"]))
    return {kind: round(statistics.fmean(s), 2) for kind, s in sorted(seconds.items())}


def _dask(paths, out, workers, extra):
    from distributed import LocalCluster
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        return _batch(paths, out, "--scheduler", cluster.scheduler_address, *extra)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--per-worker", type=int, default=20)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-plots", action="store_true")
    args = ap.parse_args()
    extra = ["--no-plots"] if args.no_plots else []
    counts = sorted(set(args.workers) | {1})
    backends = ["pool"] + ([] if args.no_dask else ["dask"])
    load = os.getloadavg()[0]
    figures = {b: {} for b in backends}
    with tempfile.TemporaryDirectory(prefix="nn-bench-batch-") as tmp:
        paths = batch_mix.make_inbox(os.path.join(tmp, "inbox"), batch_mix.EXAMPLES, args.per_worker * max(counts))
        for w in counts:
            mine = paths[: args.per_worker * w]
            for backend in backends:
                out = os.path.join(tmp, f"{backend}-{w}")
                seconds = _batch(mine, out, "-j", str(w), *extra) if backend == "pool" else _dask(mine, out, w, extra)
                figures[backend][w] = {"submissions": len(mine), "seconds": round(seconds, 2),
                                       "per_second": round(len(mine) / seconds, 3), "per_kind_seconds": _per_kind(out)}
                print(f"{backend} -j{w}: {len(mine)} submissions in {seconds:.1f} s", flush=True)
            if "dask" in backends:
                agree = _without_seconds(os.path.join(tmp, f"pool-{w}")) == _without_seconds(os.path.join(tmp, f"dask-{w}"))
                figures.setdefault("gradebooks_agree", {})[w] = agree
    print(f"\n| backend | workers | submissions | seconds | per second | efficiency |")
    print("|---|---|---|---|---|---|")
    for backend in backends:
        one = figures[backend][1]["per_second"]
        for w in counts:
            f = figures[backend][w]
            f["efficiency"] = round(f["per_second"] / (w * one), 3)
            print(f"| {backend} | {w} | {f['submissions']} | {f['seconds']:.1f} | {f['per_second']:.2f} | "
                  f"{100 * f['efficiency']:.0f}% |")
    print("\nmean seconds per submission kind (pool, most workers):", figures["pool"][max(counts)]["per_kind_seconds"])
    if "gradebooks_agree" in figures:
        print("pool and Dask gradebooks agree (all but seconds):", figures["gradebooks_agree"])
    machine = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
               "python": platform.python_version(), "load_average_1min_before": round(load, 2)}
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as fh:
        json.dump({"machine": machine, "per_worker": args.per_worker, "plots": not args.no_plots, "figures": figures},
                  fh, indent=1)
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
