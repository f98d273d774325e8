"""The sandbox: the untrusted worker process, its jail, uids, reaper and frame protocol."""
