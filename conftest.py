"""Test-session settings shared by tests/ and every projects/*/tests."""

import os

# scikit-learn's estimator checks include an array-API check that is skipped unless SciPy's
# array-API support is switched on, and that switch must be set before SciPy is imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
