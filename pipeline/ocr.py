"""Tesseract, once per process: is it there, and the text of a page image.

Two ways to run it, the same model files (Debian's `tesseract-ocr-fra`):

- in process, through tesserocr's API (its wheel carries its own Tesseract): the model is
  loaded once per process and thread, and the image handed over in memory. On the pages
  of `python -m benchmarks.ocr_tradeoff` it reads the same text a quarter faster than the
  command line (which loads the model for each page and reads a PNG the image is written
  to);
- the `tesseract` command, through pytesseract: where tesserocr is not installed (its
  wheels are for Linux x86_64) or cannot load the model.

`engine()` says which one runs. Availability is asked once per process, never per page.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
from typing import Any

#: Tesseract's OpenMP threads made a page about 6 times slower here: one thread per
#: process, every core busy with its own worker
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def ocr_unavailable() -> str:
    """Why OCR cannot run here ('' when it can). Tesseract's languages are asked once per
    process and Tesseract binary (a subprocess each time), not per page or document."""
    binary = shutil.which("tesseract")
    if binary is None:
        return (
            "Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-fra)"
        )
    return _tesseract_check(binary)


@functools.lru_cache(maxsize=4)
def _tesseract_check(binary: str) -> str:
    try:
        import pytesseract

        if "fra" not in pytesseract.get_languages(config=""):
            return "Tesseract's French model is missing (Debian: apt-get install tesseract-ocr-fra)"
    except Exception as exc:  # pytesseract missing or tesseract not runnable
        return f"Tesseract cannot run: {exc}"
    return ""


_LANGUAGES_IN = re.compile(r'languages in "([^"]+)"')


@functools.lru_cache(maxsize=1)
def tessdata() -> str | None:
    """The folder of the installed models: `TESSDATA_PREFIX`, else where the `tesseract`
    command says they are (asked once per process); None when neither tells."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix and os.path.isdir(prefix):
        return prefix
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = _LANGUAGES_IN.search(out.stdout + out.stderr)
    return found.group(1) if found and os.path.isdir(found.group(1)) else None


_local = threading.local()


def _api(language: str, psm: int) -> Any | None:
    """This thread's tesserocr API for `language` (made on first use; None: tesserocr is
    not installed here, or cannot load the model, and the command runs instead)."""
    apis: dict[str, Any] = _local.__dict__.setdefault("apis", {})
    if language not in apis:
        apis[language] = _new_api(language)
    api = apis[language]
    if api is not None:
        api.SetPageSegMode(psm)
    return api


def _new_api(language: str) -> Any | None:
    if os.environ.get("DELIB_OCR_ENGINE", "").lower() == "command":
        return None
    try:
        import tesserocr
    except ImportError:
        return None
    path = tessdata()
    if path is None:
        return None
    try:
        return tesserocr.PyTessBaseAPI(path=path, lang=language)
    except RuntimeError:  # the model cannot be loaded by this Tesseract: the command reads it
        return None


def engine(language: str = "fra") -> str:
    """Which Tesseract reads pages in this process: 'tesserocr' or 'command'."""
    return "tesserocr" if _api(language, 3) is not None else "command"


def image_text(image: Any, language: str, psm: int = 3) -> str:
    """The text Tesseract reads in a PIL image (`psm`: its page segmentation mode; 3, the
    default, finds the layout itself)."""
    api = _api(language, psm)
    if api is None:
        import pytesseract

        return str(pytesseract.image_to_string(image, lang=language, config=f"--psm {psm}"))
    api.SetImage(image)
    try:
        return str(api.GetUTF8Text())
    finally:
        api.Clear()
