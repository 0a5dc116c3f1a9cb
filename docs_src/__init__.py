"""Code samples of the documentation site.

Every page includes these files; tests/test_docs_src.py imports and runs each of them.
"""
