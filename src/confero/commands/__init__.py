"""Engine sub-commands of ``confero``.

Each module defines ``configure(parser)`` (adds its arguments; imports nothing heavy) and
``run(args) -> int``. Errors in user input are raised as ``confero.engine.errors.InputError`` and
printed as one line, never as a traceback.
"""

import argparse


def non_negative_int(text: str) -> int:
    """argparse type: an integer >= 0, with a message naming the bad value."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value
