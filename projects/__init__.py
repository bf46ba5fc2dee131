"""Applied projects: each folder is one runnable project (``python -m projects.<name>``).

Folders whose names start with ``_`` (the starter ``_template``) are not projects of their own.
"""
