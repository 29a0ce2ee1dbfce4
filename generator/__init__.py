"""sdkforge: typed Python clients from OpenAPI specs."""

from pathlib import Path

__version__ = "0.1.0"

_PACKAGE_DIR = Path(__file__).resolve().parent
# Installed from a wheel, the templates are inside the package (sdkforge/templates); in a checkout
# (an editable install) they are where the repository keeps them, beside the code: templates/.
TEMPLATES_DIR = (
    _PACKAGE_DIR / "templates" if (_PACKAGE_DIR / "templates").is_dir() else _PACKAGE_DIR.parent / "templates"
)
