"""Bytes → text for article files saved by whatever editor, system or browser over the years."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from .errors import ArticleError, ArticleWarning

# Magic numbers of files people rename to .txt by mistake, so the message can say what they are.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Word/OpenOffice document"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: they share a prefix
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_DISPLAY_NAMES = {"cp1252": "Windows-1252", "cp1250": "Windows-1250", "cp1251": "Windows-1251",
                  "latin_1": "Latin-1 (ISO-8859-1)", "utf_16": "UTF-16", "utf-32": "UTF-32", "utf-16": "UTF-16"}
# Controls that are not layout (tab, newline, CR, form feed) mean binary data or debris; the
# DOS end-of-file mark (Ctrl-Z) that old editors appended is among them and is dropped.
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BINARY_CONTROL_SHARE = 0.01


@dataclass
class Decoded:
    text: str
    warning: ArticleWarning | None = None


def decode_article(data: bytes) -> Decoded:
    """Text with "\\n" line ends; a warning when the encoding had to be guessed."""
    decoded = _decode(data)
    decoded.text = _clean(decoded.text)
    return decoded


def _decode(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_utf8(data[len(codecs.BOM_UTF8):]))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _with_bom(data, codec)
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _guess(data, line=data[: exc.start].count(b"\n") + 1)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            "the file starts with a UTF-8 mark but is not UTF-8 further on; open it in an editor and save it as UTF-8",
            line=data[: exc.start].count(b"\n") + 1,
        ) from exc


def _with_bom(data: bytes, codec: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ArticleError(f"the file starts like {codec.upper()} text but is broken; save it as UTF-8") from exc
    return Decoded(text, _encoding_warning(codec, line=None))


def _refuse_binary(data: bytes) -> None:
    head = data[:8192]
    what = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
    if what or b"\x00" in head:
        raise ArticleError(
            f"this is not a text file (it looks like {what or 'binary data'}); only text articles are read — "
            "remove it from the content folder or give it its real extension",
        )


def _guess(data: bytes, line: int) -> Decoded:
    codec = _detect(data)
    if codec is None:
        raise ArticleError(
            "this is not text in any encoding newsgen recognizes (binary data?); remove it or save it as UTF-8 text",
            line=line,
        )
    return Decoded(data.decode(codec), _encoding_warning(codec, line))


def _detect(data: bytes) -> str | None:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    # On short Latin-script text the Windows code pages tie (the detector reads "Café" as
    # Windows-1250 as readily as 1252); 1252 is by far the commonest, so it wins a tie.
    tied = [r for r in results if r.chaos <= best.chaos + 0.01]
    if any("cp1252" in r.could_be_from_charset for r in tied):
        return "cp1252"
    return best.encoding


def _encoding_warning(codec: str, line: int | None) -> ArticleWarning:
    name = _DISPLAY_NAMES.get(codec, codec)
    return ArticleWarning(
        f"the file is not UTF-8; read it as {name} (detected) — check that accented letters look right, "
        "then save it as UTF-8 to silence this warning",
        line=line, kind="encoding",
    )


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_STRAY_CONTROLS.findall(text))
    if controls > max(3, len(text) * _BINARY_CONTROL_SHARE):
        raise ArticleError(
            "this is not a text file (it is full of control characters); remove it or save it as UTF-8 text",
        )
    return _STRAY_CONTROLS.sub("", text)
