"""Benchmarks: `python -m bench.run` (or `make bench`); figures in docs/benchmarks.md."""
