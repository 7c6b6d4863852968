"""ropkit: plan vs fact, activity norms and working-day pace for a head of sales."""

import os

__version__ = "0.1.0"

# Arrow allocates from the C allocator: ``malloc_trim`` hands back what it freed
# (sources.read.release_memory); Arrow's own mimalloc kept more of what was freed (most likely
# in the reader threads' own heaps, which its release does not reach): 10M rows peaked at
# ~540 MiB instead of ~585; 1.25M the same.
# Arrow reads this when it first allocates, so it is set before pyarrow is imported (set
# later, with ``pyarrow.set_memory_pool``, the 1.25M peak was 50 MiB higher: measured, the
# cause not found). A value the user set still decides.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
