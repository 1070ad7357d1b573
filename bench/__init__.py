"""Benchmark suite: a generator of realistic QMS repositories and a runner.

See docs/performance.md.
"""
