"""The SQLite index: a disposable cache of the ledger files for instant queries.

``Index.open(ws)`` refreshes it from the work tree (by stat, then blob id) and answers
queries written in the language of docs/query.md. It sits below the features: it reads
files through ``store`` and never imports pydantic, GitPython, pyrage or jinja2.
"""
