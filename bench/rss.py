"""Peak resident memory of the current process, for the benchmark tables."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's own peak RSS in MiB.

    Linux keeps getrusage's ru_maxrss across fork and exec, so a child started by a large
    benchmark driver would report the driver's peak; /proc/self/status VmHWM is the child's own.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024
