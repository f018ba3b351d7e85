"""PyYAML is imported without compiling its reader's character class until it is used."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

from opsledger.store.pyyaml import READER_CLASS

CHILD = """
import sys
from opsledger.store import pyyaml
from opsledger.store.fastload import load_fast

assert load_fast("a: [1, {b: x}]\\n", "f.yaml") == {"a": [1, {"b": "x"}]}
import yaml
pattern = yaml.reader.Reader.NON_PRINTABLE
assert isinstance(pattern, pyyaml.LazyPattern) and pattern.compiled is None
try:
    yaml.safe_load("a: \\x07\\n")  # the pure-Python reader: the pattern is compiled now
except yaml.reader.ReaderError as exc:
    assert "#x0007" in str(exc), exc
else:
    raise SystemExit("a control character was read")
assert pattern.compiled is not None and pattern.search("ok") is None
print("ok")
"""


def test_the_reader_class_is_compiled_on_first_use_and_still_refuses() -> None:
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_re_compile_is_restored_after_the_import() -> None:
    code = "import re; c = re.compile\nfrom opsledger.store import pyyaml\npyyaml.api()\n"
    code += "assert re.compile is c\nassert re.compile('a') is not None\n"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pattern_is_pyyaml_s_own() -> None:
    """If PyYAML changes its pattern, the import stays correct but loses the shortcut:
    this test says so."""
    spec = find_spec("yaml.reader")
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text(encoding="utf-8")
    literal = re.search(r"NON_PRINTABLE = re\.compile\('([^']*)'\)", source)
    assert literal is not None
    assert literal.group(1).encode().decode("unicode_escape") == READER_CLASS
