"""A Dask LocalCluster whose workers cannot see some folders, for tests/test_batch_dask.py.

Run inside a private mount namespace (`unshare --mount --propagation private`), it mounts an empty,
inaccessible tmpfs over each folder given, so neither it nor the workers it starts can see what lies
there; then it starts a LocalCluster of two worker processes, prints the scheduler's address and
serves until its stdin closes. Mounts in that namespace never reach the rest of the machine.

    python tests/batch_cluster.py FOLDER...
"""
import subprocess
import sys


def main(hidden):
    for folder in hidden:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=000", "tmpfs", folder], check=True)
    from distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1:])
