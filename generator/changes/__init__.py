"""What changed for callers between the committed client and the one generate would write."""
