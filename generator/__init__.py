"""sdkforge: typed Python clients from OpenAPI specs."""

__version__ = "0.1.0"
