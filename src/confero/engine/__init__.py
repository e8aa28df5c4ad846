"""Confero matching engine: pure Python (numpy/scipy), never imports Django."""
