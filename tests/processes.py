"""Moved to ``helpers`` (the one home of the test helpers); kept for branches written before."""

from helpers import SELFLEAD, no_traceback, one_error, selflead  # noqa: F401
