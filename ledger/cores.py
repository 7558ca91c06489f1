"""How many cores this process may use: the CPUs it may run on, within a container's quota.

Used by the publisher's workers (publish/parallel.py) and by the loader, which runs the
rules in a second process only when there is a second core for it (ledger/rules_beside.py).
"""

from __future__ import annotations

import math
import os


def default_jobs(cgroup_root: str = "/sys/fs/cgroup") -> int:
    """The cores this process may use: the CPUs it may run on, capped by a container's CPU
    quota (Docker's --cpus, CI runners), which the CPU count does not show. More processes
    than that only take turns, and a process that shares a core with another does about a
    third more work for the same pages (measured on a 2-core virtual machine)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    quota = cpu_quota(cgroup_root)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)


def cpu_quota(cgroup_root: str = "/sys/fs/cgroup") -> float | None:
    """CPUs' worth of time the cgroup quota allows (cgroup v2 cpu.max, else v1
    cpu.cfs_quota_us / cpu.cfs_period_us), or None when there is no quota or no cgroup."""
    def read(name: str) -> str | None:
        try:
            with open(os.path.join(cgroup_root, name), encoding="ascii") as fh:
                return fh.read().strip()
        except (OSError, UnicodeDecodeError):
            return None

    try:
        v2 = read("cpu.max")
        if v2 is not None:
            quota, _, period = v2.partition(" ")
            return None if quota == "max" else int(quota) / int(period or 100000)
        quota, period = read("cpu/cpu.cfs_quota_us"), read("cpu/cpu.cfs_period_us")
        if quota is not None and period is not None and int(quota) > 0:
            return int(quota) / int(period)
    except (ValueError, ZeroDivisionError):
        return None
    return None
