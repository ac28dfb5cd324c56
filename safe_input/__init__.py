"""Client input checked once: control characters, dates, ids, `next` paths and request ids.

Imports no feature app, so every app may use it.
"""
