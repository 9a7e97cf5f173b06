"""How much memory one dense block may take, and a refusal before a job that cannot fit starts.

A search or a score matrix over ``queries x corpus`` is built in blocks of whole rows whose cells
(all the arrays alive per cell: scores, partition indices, masks) stay within the block budget,
``Settings.block_budget_mib`` (``CVMATCH_BLOCK_BUDGET_MIB``, 256 MiB by default). Memory then
grows with the corpus (its vectors plus one block), never with its square.
"""

from collections.abc import Iterator
from pathlib import Path

from cvmatch.errors import MemoryBudgetError
from cvmatch.settings import get_settings

MIB = 1024 * 1024
BUDGET_OPTION = "CVMATCH_BLOCK_BUDGET_MIB"
_MEMINFO = Path("/proc/meminfo")


def budget_bytes(budget_mib: int | None = None) -> int:
    """The block budget in bytes: ``budget_mib`` or the settings' ``block_budget_mib``."""
    mib = get_settings().block_budget_mib if budget_mib is None else budget_mib
    if mib < 1:
        raise MemoryBudgetError(f"the block budget must be at least 1 MiB, got {mib}")
    return mib * MIB


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f} MiB"


def rows_per_block(columns: int, bytes_per_cell: int, budget: int) -> int:
    """How many rows of ``columns`` cells of ``bytes_per_cell`` bytes fit in ``budget`` bytes.

    Raises:
        MemoryBudgetError: Not even one row fits; the message gives the size one row needs.
    """
    row = max(columns, 1) * bytes_per_cell
    if row > budget:
        need = -(-row // MIB)
        raise MemoryBudgetError(
            f"one row of {columns:,} columns needs {_mib(row)}, more than the block budget of "
            f"{_mib(budget)}; set {BUDGET_OPTION} to at least {need} or use a smaller corpus"
        )
    return budget // row


def row_blocks(rows: int, columns: int, bytes_per_cell: int, budget: int) -> Iterator[slice]:
    """Consecutive slices over ``rows`` whose ``(block, columns)`` cells fit in ``budget``."""
    step = rows_per_block(columns, bytes_per_cell, budget)
    for first in range(0, rows, step):
        yield slice(first, min(first + step, rows))


def available_bytes() -> int | None:
    """Memory the kernel can give without swapping (``MemAvailable``), None when unknown."""
    try:
        lines = _MEMINFO.read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return None


def ensure_fits(needed: int, what: str, budget: int | None = None) -> None:
    """Refuse a job whose arrays (``needed`` bytes) plus one block exceed the available memory.

    Raises:
        MemoryBudgetError: Too large; the message gives both sizes and what to change.
    """
    block = budget_bytes() if budget is None else budget
    available = available_bytes()
    if available is not None and needed + block > available:
        raise MemoryBudgetError(
            f"{what} needs {_mib(needed)} plus a block of {_mib(block)}, but only "
            f"{_mib(available)} of memory is available; use a smaller corpus, free memory or "
            f"lower {BUDGET_OPTION}"
        )
