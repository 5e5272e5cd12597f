"""LawTrail: full-process recording of administrative enforcement (行政执法全过程记录)."""

__version__ = "0.1.0"
