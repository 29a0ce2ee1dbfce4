"""Stage 1: the spec files read, repaired, validated and merged into one document."""
