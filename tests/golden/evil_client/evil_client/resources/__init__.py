"""One module per tag of the spec; the client imports each on first access."""
