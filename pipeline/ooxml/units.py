"""Office lengths. DrawingML and WordprocessingML measure in EMU (English Metric Units).

One place for the conversion factors, so no module writes 12700 or 914400 by hand.
"""

from __future__ import annotations

EMU_PER_INCH = 914_400
EMU_PER_CM = 360_000
EMU_PER_PT = 12_700
EMU_PER_MM = EMU_PER_CM // 10


def emu_from_pt(points: float) -> int:
    return int(points * EMU_PER_PT)


def emu_from_cm(centimetres: float) -> int:
    return int(centimetres * EMU_PER_CM)


def emu_from_inch(inches: float) -> int:
    return int(inches * EMU_PER_INCH)


def pt_from_emu(emu: float) -> float:
    return emu / EMU_PER_PT
