"""Stage 2: the pydantic models, by datamodel-code-generator, read back and split one per module."""
