"""One module per top-level command: the file name is the command name (``_`` for ``-``),
and each module exposes ``command``."""
