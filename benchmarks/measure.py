"""Run one command and print its wall seconds, CPU seconds, peak memory and exit code as JSON.

Why a separate small process: on Linux a child's `ru_maxrss` starts at its parent's resident
size (fork and vfork account the parent's memory to the child until it execs). Measured from
the benchmark process, which holds sdkforge's modules and the specs, every figure would be
floored at that size; measured from here, the floor is this bare interpreter. The command's
stdout is discarded and its stderr passes through. The CPU seconds (user and system) are the
command's and those of every process it started and waited for (its workers).

    python benchmarks/measure.py COMMAND [ARG]...
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    with open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=devnull)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    exit_code = os.waitstatus_to_exitcode(status)
    cpu_seconds = usage.ru_utime + usage.ru_stime
    print(
        json.dumps(
            {"seconds": seconds, "cpu_seconds": cpu_seconds, "max_rss_kib": usage.ru_maxrss, "exit_code": exit_code}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
