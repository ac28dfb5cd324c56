"""Client input checked once: control characters, dates, page numbers, ids and `next` paths.

Imports no feature app, so every app may use it.
"""
