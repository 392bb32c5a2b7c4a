"""Kitchen Table's content model: loads and validates everything under content/.

Nothing in this package imports MkDocs: it is tested on its own, and `kitchen-table check`
(`make check`) uses it without building a site. The MkDocs side lives in hooks/*.py.
"""
