"""ropkit: plan vs fact, activity norms and working-day pace for a head of sales."""

import os

__version__ = "0.1.0"

# Arrow allocates from the C allocator: ``malloc_trim`` hands back what it freed
# (sources.read.release_memory), where Arrow's own mimalloc keeps what the reader's threads
# let go of out of reach (10M rows: a peak of ~540 MiB instead of ~585; 1.25M the same).
# Arrow reads this when it first allocates, so it is set before pyarrow is imported (set
# later, in pyarrow, the compute kernels kept mimalloc: two allocators, 50 MiB more). A
# value the user set still decides.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
