"""The verified vectorised path: whole columns in 64-bit fixed point, exact or fallen back (docs/scale.md).

:func:`evaluate_table` evaluates a pyarrow Table for a scheme the plan supports (:func:`supports`) and gives
what the scalar path gives, row for row; the rows it cannot decide exactly take the scalar path, and
:class:`Stats` counts them. Needs numpy and pyarrow (``pip install 'schemerules[arrow]'``).
"""

from __future__ import annotations

from .core import Unsupported
from .evaluate import Stats, evaluate_table, plan_of, supports

__all__ = ["evaluate_table", "supports", "plan_of", "Stats", "Unsupported"]
