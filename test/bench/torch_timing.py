"""What the PyTorch twins of the benchmarks share: timing a training step at one and at two threads."""
import statistics
import time

import torch


def time_threads(step, steps):
    """Times `steps` calls of step(i) at one and at two threads, the settings alternated call by call so that a
    busy moment hits both (one warm-up call each first). Returns the median seconds by setting and the faster."""
    times = {1: [], 2: []}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        step(0)  # warm-up at this setting
    for i in range(steps):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            start = time.perf_counter()
            step(i + 1)
            times[threads].append(time.perf_counter() - start)
    medians = {threads: statistics.median(values) for threads, values in times.items()}
    return medians, min(medians, key=medians.get)


def blas():
    """Which BLAS this process loaded: OpenBLAS, or Debian's reference BLAS."""
    return "OpenBLAS" if "openblas" in " ".join(open("/proc/self/maps").read().split()).lower() else "other (reference BLAS is about 30x slower)"
