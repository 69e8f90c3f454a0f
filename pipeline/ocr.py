"""Tesseract, once per process: is it there, and the text of a page image.

Two ways to run it, the same model files (Debian's `tesseract-ocr-fra`):

- in process, through tesserocr's API (its wheel carries its own Tesseract, 5.5.4 in
  tesserocr 2.13): the model loaded once per process and thread, the image handed over in
  memory. On the pages of `python -m benchmarks.ocr_tradeoff` it reads the same text in
  about three quarters of the time of Debian's `tesseract` command (5.3.0), which loads
  the model for each page and reads a PNG the image is written to: most of the gain comes
  with the newer Tesseract (README, Benchmarks);
- the `tesseract` command, through pytesseract: where tesserocr is not installed (its
  wheels are for Linux x86_64), cannot find or load the model, or `DELIB_OCR_ENGINE=command`
  (`Settings.ocr_engine`) asks for it.

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

#: the `tesseract` command's OpenMP threads made a page about 6 times slower here: one
#: thread per process (the command inherits it), every core busy with its own worker
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def ocr_unavailable(language: str = "fra") -> str:
    """Why OCR cannot run here ('' when it can). Tesseract is asked once per process (and
    Tesseract binary), not per page or document."""
    binary = shutil.which("tesseract")
    if binary is None:
        return (
            "Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-fra)"
        )
    listed = _list_langs(binary)
    if isinstance(listed, Exception):
        return f"Tesseract cannot run: {listed}"
    if language not in listed[1]:
        return (
            f"Tesseract's model {language!r} is missing "
            f"(Debian: apt-get install tesseract-ocr-{language})"
        )
    return ""


_LANGUAGES_IN = re.compile(r'languages in "([^"]+)"')


@functools.lru_cache(maxsize=4)
def _list_langs(binary: str) -> tuple[str | None, frozenset[str]] | Exception:
    """What `tesseract --list-langs` says (one subprocess per process and binary): the
    folder of its models (Tesseract 4 does not say it: None) and its languages; or why it
    could not run."""
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return exc
    said = out.stdout + out.stderr
    lines = said.splitlines()
    heading = next((i for i, line in enumerate(lines) if "languages" in line), None)
    if out.returncode != 0 or heading is None:
        return RuntimeError(said.strip().splitlines()[-1] if said.strip() else "no answer")
    found = _LANGUAGES_IN.search(lines[heading])
    folder = found.group(1) if found else None
    return folder, frozenset(line.strip() for line in lines[heading + 1 :] if line.strip())


#: where Debian, Fedora, Alpine and source builds put the models, for a `tesseract`
#: command that does not say (Tesseract 4 prints "List of available languages (3):")
TESSDATA_PLACES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


@functools.lru_cache(maxsize=4)
def tessdata(language: str = "fra") -> str | None:
    """The folder holding `language`'s model: `TESSDATA_PREFIX`, else where the `tesseract`
    command says its models are, else the usual places; None when none holds it."""
    places = []
    if os.environ.get("TESSDATA_PREFIX"):
        places.append(os.environ["TESSDATA_PREFIX"])
    binary = shutil.which("tesseract")
    listed = _list_langs(binary) if binary is not None else None
    if isinstance(listed, tuple) and listed[0] is not None:
        places.append(listed[0])
    places.extend(TESSDATA_PLACES)
    for place in places:
        if os.path.isfile(os.path.join(place, f"{language}.traineddata")):
            return place
    return None


_local = threading.local()


def _api(language: str, psm: int, way: str) -> Any | None:
    """This thread's tesserocr API for `language` (made on first use; None: the command
    runs instead, asked for or because tesserocr is not installed here or cannot load the
    model)."""
    if way == "command":
        return None
    apis: dict[str, Any] = _local.__dict__.setdefault("apis", {})
    if language not in apis:
        apis[language] = _new_api(language)
    api = apis[language]
    if api is not None:
        api.SetPageSegMode(psm)
    return api


def _new_api(language: str) -> Any | None:
    try:
        import tesserocr
    except ImportError:
        return None
    path = tessdata(language)
    if path is None:
        return None
    try:
        return tesserocr.PyTessBaseAPI(path=path, lang=language)
    except RuntimeError:  # the model cannot be loaded by this Tesseract: the command reads it
        return None


def engine(language: str = "fra", way: str = "auto") -> str:
    """Which Tesseract reads pages in this thread: 'tesserocr' or 'command' (`way`: the
    setting `ocr_engine`)."""
    return "tesserocr" if _api(language, 3, way) is not None else "command"


def image_text(image: Any, language: str, psm: int = 3, way: str = "auto") -> str:
    """The text Tesseract reads in a PIL image (`psm`: its page segmentation mode; 3, the
    default, finds the layout itself; `way`: the setting `ocr_engine`)."""
    api = _api(language, psm, way)
    if api is None:
        import pytesseract

        return str(pytesseract.image_to_string(image, lang=language, config=f"--psm {psm}"))
    api.SetImage(image)
    try:
        return str(api.GetUTF8Text())
    finally:
        api.Clear()
