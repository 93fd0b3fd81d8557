"""selflead: a terminal coaching journal for self-leadership."""

__version__ = "0.1.0"
