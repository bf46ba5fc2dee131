"""Test-session settings shared by tests/ and every projects/*/tests."""

import os

from hypothesis import settings

# scikit-learn's estimator checks include an array-API check that is skipped unless SciPy's
# array-API support is switched on, and that switch must be set before SciPy is imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# CI runs the same hypothesis examples every time, so a red build always reproduces; local runs
# keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
