from __future__ import annotations

from opsledger.cli.main import main

raise SystemExit(main())
