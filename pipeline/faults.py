"""Fault injection for the reliability tests: `DELIB_FAULT=<point>` kills the process with
SIGKILL when it reaches that point, as a power cut or `kill -9` would. Points: `before-corpus`
(every document loaded, the corpus pass not run), `after-load` (after the first document's
transaction). Unset, a point costs one dictionary lookup."""

from __future__ import annotations

import os
import signal


def point(name: str) -> None:
    if os.environ.get("DELIB_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
