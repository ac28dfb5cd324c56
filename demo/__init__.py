"""Demo data for local development and tests: never installed in production.

`manage.py seed_demo` builds the demo site from the builders here (one module per part of the
site); production packages never import this app, and only the dev and test settings install it.
"""
