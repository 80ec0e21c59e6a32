"""Benchmarks of riskreg (run with `make bench`)."""
