"""Benchmarks for sdkforge: a spec synthesizer and a harness that compares sdkforge with its peers."""
