"""Reading a source document: bytes, Word or a saved web page → plain text.

The only module of the importer that sees bytes. Plain text may be UTF-8
(with or without BOM) or GBK, exactly as :func:`generator.load.decode`
accepts for data files; Word ``.docx`` is read with python-docx; a saved
``.html`` page is reduced to its text with the standard library's HTML
parser, dropping scripts, styles and the page furniture (navigation, header,
footer, sidebars) that is never part of the document.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..load import decode


class ReadError(Exception):
    """The file cannot be read as a document (message in Chinese)."""


@dataclass(frozen=True)
class Document:
    """A document as text, before cleaning."""

    text: str
    """The text, with ``\\n`` between paragraphs."""
    format: str
    """``text``, ``docx`` or ``html``."""
    encoding: str
    """How text bytes were decoded (``utf-8``, ``utf-8-sig``, ``gb18030``, …), or the format."""
    title: str = ""
    """A title the file itself carries (Word document property, HTML ``<h1>``/``<title>``)."""

    @property
    def label(self) -> str:
        """How the document was read, in Chinese, for the report."""
        names = {"utf-8": "UTF-8 文本", "utf-8-sig": "UTF-8（带 BOM）文本", "gb18030": "GBK 文本", "cp950": "Big5 文本",
                 "utf-16": "UTF-16 文本"}
        if self.format == "docx":
            return "Word 文档（.docx）"
        if self.format == "html":
            return f"网页（.html，{names.get(self.encoding, self.encoding)}）"
        return names.get(self.encoding, self.encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text bytes → (str, encoding); UTF-16 with BOM, UTF-8 (± BOM) or GBK."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
        return decode(data)
    except UnicodeError as exc:  # UnicodeDecodeError or UncertainEncoding (GBK/Big5)
        raise ReadError("文件编码无法识别（既不是 UTF-8 也不是 GBK）；请另存为 UTF-8 后重试") from exc


# -- Word ---------------------------------------------------------------------------

def docx_text(data: bytes) -> tuple[str, str]:
    """(text, title property) of a .docx: paragraphs and table rows in document order."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        raise ReadError("读取 .docx 需要 python-docx（见 requirements.txt）") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise ReadError(f"无法打开这个 Word 文件：{exc}") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                lines.append(" ".join(c for c in cells if c))
        else:
            lines.append(block.text)
    title = document.core_properties.title or ""
    return "\n".join(lines), title.strip()


# -- web pages ------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "form", "iframe", "svg", "select", "button", "head", "object"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "hr", "main"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
              "source", "track", "wbr", "param"}
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|header|sidebar|side|breadcrumbs?|"
                        r"comments?|share|copyright|related|recommend|advert|ads?|banner|toolbar|"
                        r"login|search)(?:$|[\s_-])", re.I)
"""class/id words of page furniture that is not marked up with <nav>/<footer>."""


class _TextParser(HTMLParser):
    """Collects visible text, one block element per line."""

    def __init__(self) -> None:
        """Start with no text, no open elements and nothing skipped."""
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0
        self.h1 = ""
        self.title = ""
        self._capture: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: start skipping page furniture, break lines at blocks."""
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        skip = tag in _SKIP_TAGS or bool(names and _FURNITURE.search(names))
        if tag == "title":
            self._capture = "title"
        elif tag == "h1" and not self.h1 and not self.skipping:
            self._capture = "h1"
        if tag in _BLOCK_TAGS and not self.skipping:
            self.parts.append("\n")
        if tag in _VOID_TAGS:
            return
        self.stack.append((tag, skip))
        if skip:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        """Close an element, and stop skipping when the furniture ends."""
        if tag in ("title", "h1"):
            self._capture = None
        # close the nearest open element of this name (HTML in the wild is not well formed)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for _, skip in self.stack[index:]:
                    if skip:
                        self.skipping -= 1
                del self.stack[index:]
                break
        if tag in _BLOCK_TAGS and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep visible text; remember the title and first heading."""
        if self._capture == "title":
            self.title += data
        elif self._capture == "h1":
            self.h1 += data
        if not self.skipping:
            self.parts.append(data)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def html_text(data: bytes) -> tuple[str, str, str]:
    """(text, title, encoding) of a saved web page.

    The page's declared charset is honoured (GB2312 pages are read as GB18030,
    a superset); without one, the text rules apply.
    """
    declared = _META_CHARSET.search(data[:4096])
    encoding = ""
    if declared:
        name = declared.group(1).decode("ascii").lower()
        encoding = "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name
        try:
            source = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            encoding = ""
    if not encoding:
        source, encoding = decode_text(data)
    if encoding == "utf-8-sig":
        source = source.lstrip("\ufeff")
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    title = parser.h1.strip() or parser.title.strip()
    return text, re.sub(r"\s+", " ", title), encoding


def _is_docx(data: bytes) -> bool:
    """A zip with word/document.xml: judged by content, since downloads lose their extension."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_html(data: bytes, suffix: str) -> bool:
    """A saved page: by extension, or by its first tags when saved as .txt."""
    if suffix in (".html", ".htm", ".xhtml"):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:4096].lower()


def read_bytes(data: bytes, name: str = "") -> Document:
    """Read a document from its bytes; *name* (file name) only helps choose the format."""
    suffix = Path(name).suffix.lower()
    if _is_docx(data):
        text, title = docx_text(data)
        return Document(text, "docx", "docx", title)
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("不支持旧版 Word（.doc）文件；请在 Word 中另存为 .docx 后重试")
    if suffix == ".docx":
        raise ReadError("文件扩展名是 .docx，但内容不是 Word 文档")
    if _is_html(data, suffix):
        text, title, encoding = html_text(data)
        return Document(text, "html", encoding, title)
    text, encoding = decode_text(data)
    return Document(text.lstrip("\ufeff"), "text", encoding)


def read_path(path: Path) -> Document:
    """Read a document file (see :func:`read_bytes`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from exc
    return read_bytes(data, path.name)
