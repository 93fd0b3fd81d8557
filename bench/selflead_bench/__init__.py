"""The pieces of ``bench/run.py``: journal, timing, cases, jrnl and report."""
