"""Linked documents: find the document URLs a role was handed, and read what they hold.

A payload that names ``/documents/…/bidders.csv`` gives the role the document too if the server
serves it without checking who asks; capture fetches the URLs ``document_links`` returns with the
role's session, and ``extract_document`` turns each answer into exposures:

* CSV/TSV: each cell at ``csv:<header>``, detail ``row N`` (data rows counted from 1), the row
  as a ``Record(path="csv")`` so row rules apply to the whole line;
* JSON: JSONPath locations with the decoding chain, as for network JSON;
* plain text, Markdown, XML: a ``Key: value`` line at ``text:<Key>`` (the key as written, e.g.
  ``text:Sælger CPR``), any other non-empty line at ``text``, detail ``line N``;
* PDF: the text of each page (pypdf), then as plain text with detail ``page P line N``.

PDF bodies: ``Artifact.body`` is text, so capture hands a PDF over as its bytes decoded as
Latin-1 (one character per byte, lossless, ``%PDF-`` stays visible for sniffing). Base64 is
accepted too, when ``meta["body_encoding"] == "base64"`` or the body starts with ``JVBERi0`` (the
base64 of ``%PDF-``). A PDF decoded any other way (UTF-8 with replacement characters) has lost
bytes and becomes a skip.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from leakcheck.extract.decode import chain_name, expand_leaf, walk_decoded
from leakcheck.extract.jsonpaths import JsonLeaf, child_path, walk_json
from leakcheck.models import Artifact, Exposure, Location, Record, Skip, Surface
from leakcheck.scope import Scope

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""Larger documents are skipped with a reason (counted in characters of the body, or bytes)."""
MAX_PDF_PAGES = 500
MAX_URL_CHARS = 2048

DOCUMENT_EXTENSIONS = (".csv", ".tsv", ".pdf", ".txt", ".json", ".xml", ".md")
DOCUMENT_SEGMENTS = ("/documents/", "/files/", "/attachments/", "/download", "/export")
NOT_DOCUMENTS = (
    # Binary office formats are not read yet; the rest are pages, bundles and media.
    *(".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf"),
    *(".zip", ".gz", ".tgz", ".7z", ".rar", ".tar", ".exe", ".dmg", ".apk", ".bin"),
    *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff"),
    *(".mp3", ".mp4", ".wav", ".webm", ".mov", ".avi", ".woff", ".woff2", ".ttf", ".otf"),
    *(".html", ".htm", ".js", ".mjs", ".css", ".map"),
)
UNSAFE_WORDS = (
    "logout",
    "log-out",
    "log_out",
    "logoff",
    "signout",
    "sign-out",
    "sign_out",
    "delete",
    "remove",
    "destroy",
)
"""A GET to such a URL may change state (end the role's session, delete data): never fetched."""

_GENERIC_TYPES = frozenset(
    {
        "",
        "application/octet-stream",
        "binary/octet-stream",
        "application/download",
        "application/x-download",
        "application/force-download",
        "application/unknown",
        "text/plain",
    }
)
_CSV_TYPES = frozenset(
    {
        "text/csv",
        "application/csv",
        "text/x-csv",
        "application/x-csv",
        "text/comma-separated-values",
        "text/tab-separated-values",
        "application/vnd.ms-excel",  # what many servers call a CSV download
    }
)
_TEXT_TYPES = frozenset(
    {"text/markdown", "text/x-markdown", "application/xml", "text/xml", "application/yaml"}
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 20
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_KEY_LINE = re.compile(
    r"^\s*(?:[-*\u2022]\s+)?(?P<key>[^\W\d_][^:\n]{0,63}?)\s*:[ \t]+(?P<value>\S.*?)\s*$"
)
_MAX_KEY_WORDS = 5


# ---- link discovery ------------------------------------------------------------------------


def _document_url(value: str, base_url: str) -> str | None:
    """Return the absolute URL a value names when it looks like a safe-to-fetch document."""
    text = value.strip()
    if not text or len(text) > MAX_URL_CHARS or any(c.isspace() for c in text):
        return None
    if not text.startswith(("http://", "https://", "/")):
        return None
    try:
        url = urldefrag(urljoin(base_url, text)).url
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = unquote(parts.path).lower()
    if any(word in path or word in parts.query.lower() for word in UNSAFE_WORDS):
        return None
    if path.endswith(NOT_DOCUMENTS):
        return None
    if path.endswith(DOCUMENT_EXTENSIONS) or any(s in path for s in DOCUMENT_SEGMENTS):
        return url
    return None


def document_links(
    exposures: Iterable[Exposure], base_url: str, scope: Scope, limit: int = 50
) -> list[str]:
    """Return in-scope document URLs named by exposure values, first seen first, at most ``limit``.

    A value counts when it is, as a whole, an absolute ``http(s)`` URL or a root-relative path
    (resolved against ``base_url``, the page), its path ends in a text document extension or
    holds ``/documents/``, ``/files/``, ``/attachments/``, ``/download`` or ``/export``, and no
    logout/delete-like word appears in its path or query. Fragments are dropped.
    """
    found: dict[str, None] = {}
    if limit <= 0:
        return []
    for exposure in exposures:
        url = _document_url(exposure.value, base_url)
        if url is None or url in found or not scope.contains(url):
            continue
        found[url] = None
        if len(found) >= limit:
            break
    return list(found)


# ---- reading documents ---------------------------------------------------------------------


class _Unreadable(Exception):
    """A document that cannot be read; the message is the skip reason (never a value)."""


def _media_type(artifact: Artifact) -> str:
    return artifact.content_type.split(";", 1)[0].strip().lower()


def _url_path(artifact: Artifact) -> str:
    try:
        return urlsplit(artifact.url or "").path.lower()
    except ValueError:
        return ""


def _looks_binary(body: str) -> bool:
    """Return whether a body is bytes in disguise: NULs, control characters, replacements."""
    sample = body[:8192]
    return "\x00" in sample or len(_BINARY.findall(sample)) > 0.2 * max(len(sample), 1)


def _is_pdf(artifact: Artifact, media: str) -> bool:
    head = artifact.body[:1024].lstrip()
    return media in ("application/pdf", "application/x-pdf") or head.startswith(
        ("%PDF-", "JVBERi0")
    )


def _pdf_bytes(artifact: Artifact) -> bytes:
    """Return the PDF's bytes from a Latin-1 or base64 body (see the module docstring)."""
    body = artifact.body
    stripped = body.lstrip()
    if artifact.meta.get("body_encoding") == "base64" or stripped.startswith("JVBERi0"):
        if len(body) > MAX_DOCUMENT_BYTES * 4 // 3 + 4:
            raise _Unreadable(_too_large(len(body) * 3 // 4))
        try:
            return base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            raise _Unreadable("PDF body is not valid base64") from None
    try:
        data = body.encode("latin-1")
    except UnicodeEncodeError:
        raise _Unreadable(
            "PDF body was decoded lossily (not Latin-1 or base64): bytes lost, not read"
        ) from None
    if not data.lstrip().startswith(b"%PDF-"):
        raise _Unreadable("PDF content type without a PDF header (%PDF-)")
    return data


def _pdf_pages(data: bytes) -> tuple[list[str], str | None]:
    """Return each page's text and, when reading stopped early, why."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise _Unreadable("PDF not read: pypdf is not installed") from None
    pages: list[str] = []
    total = 0
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Unreadable("encrypted PDF (needs a password): not read")
        for number, page in enumerate(reader.pages, 1):
            if number > MAX_PDF_PAGES:
                return pages, f"PDF read up to its first {MAX_PDF_PAGES} pages only"
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_DOCUMENT_BYTES:
                return pages, f"PDF text read up to page {number - 1}: over the size limit"
            pages.append(text)
    except _Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files; a skip for each
        raise _Unreadable(f"unreadable PDF ({exc.__class__.__name__})") from None
    return pages, None


def _too_large(size: int) -> str:
    return f"document of {size:,} bytes exceeds the {MAX_DOCUMENT_BYTES:,} byte limit"


def _sample_rows(body: str, delimiter: str) -> list[list[str]]:
    """Return up to ``_SNIFF_ROWS`` non-empty rows of the start of ``body``."""
    sample = body[:_SNIFF_CHARS]
    truncated = len(body) > len(sample)
    try:
        rows = list(
            itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), _SNIFF_ROWS + 1)
        )
    except csv.Error:
        return []
    if truncated and len(rows) <= _SNIFF_ROWS:
        rows = rows[:-1]  # the last row may be cut in the middle
    return [row for row in rows[:_SNIFF_ROWS] if any(cell.strip() for cell in row)]


def sniff_delimiter(body: str, declared: bool) -> str | None:
    """Return the CSV delimiter of ``body``, or None when it does not read as a table.

    The delimiter is the one (``,`` ``;`` tab ``|``) that gives the widest header which at
    least 80 % of the sampled rows match. A body not declared CSV must also have a plausible
    header (short, non-empty cells without ``": "``) and two data rows; a declared one falls
    back to ``,``.
    """
    best: tuple[float, int, str] | None = None
    for delimiter in _DELIMITERS:
        rows = _sample_rows(body, delimiter)
        if len(rows) < (3 if not declared else 2) or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        share = sum(len(row) == width for row in rows[1:]) / (len(rows) - 1)
        if share < 0.8:
            continue
        if not declared and not all(0 < len(c.strip()) <= 64 and ": " not in c for c in rows[0]):
            continue
        if best is None or (share, width) > best[:2]:
            best = (share, width, delimiter)
    if best is not None:
        return best[2]
    return "," if declared else None


def _kind(artifact: Artifact, media: str) -> str:
    """Decide how to read a document: by its type, or by its content when the type is generic."""
    body = artifact.body
    path = _url_path(artifact)
    if _is_pdf(artifact, media):
        return "pdf"
    if media in _HTML_TYPES:
        return "html"
    json_type = media.endswith(("/json", "+json"))
    if _looks_binary(body):
        return "binary-json" if json_type else "binary"
    if json_type:
        return "json"
    if media in _CSV_TYPES or path.endswith((".csv", ".tsv")):
        return "csv"
    if media in _GENERIC_TYPES:
        head = body[:1024].lstrip("\ufeff \t\r\n")
        if head[:1] in ("{", "["):
            return "json-or-text"
        if _HTML_START.match(head):
            return "html"
        if sniff_delimiter(body, declared=False) is not None:
            return "sniffed-csv"
        return "text"
    if media.startswith("text/") or media in _TEXT_TYPES or media.endswith("+xml"):
        return "text"
    return "unsupported"


class _Maker:
    """Builds the exposures of one document: same role, page, surface and URL for all."""

    def __init__(self, artifact: Artifact, surface: Surface = Surface.LINKED_DOCUMENT) -> None:
        self.artifact = artifact
        self.surface = surface

    def make(self, leaf: JsonLeaf, detail: str | None) -> Exposure:
        return Exposure(
            role=self.artifact.role,
            page=self.artifact.page,
            surface=self.surface,
            url=self.artifact.url,
            location=Location(path=leaf.path, detail=detail),
            value=leaf.value,
            key=leaf.key,
            records=leaf.records,
        )

    def expanded(
        self,
        prefix: str,
        key: str | None,
        value: str,
        where: str,
        records: tuple[Record, ...] = (),
    ) -> Iterator[Exposure]:
        """Yield the value at ``prefix`` and what it decodes to; detail ``where`` + any chain."""
        for leaf in expand_leaf(JsonLeaf(prefix, prefix, key, value, records)):
            chain = leaf.detail[len(prefix) :]
            yield self.make(leaf, f"{where} {chain}" if chain else where)


def _text_exposures(maker: _Maker, text: str, where: str = "") -> Iterator[Exposure]:
    """Read lines: ``Key: value`` at ``text:<Key>``, anything else at ``text``."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        position = f"{where}line {number}"
        match = _KEY_LINE.match(line)
        if match and len(match["key"].split()) <= _MAX_KEY_WORDS and "//" not in match["key"]:
            key = match["key"]
            yield from maker.expanded(f"text:{chain_name(key)}", key, match["value"], position)
        else:
            yield from maker.expanded("text", None, stripped, position)


def extract_error_text(artifact: Artifact) -> list[Exposure]:
    """Read a non-JSON error response (4xx/5xx) as text lines: debug dumps, stack traces.

    HTML error pages are reduced to their text first; ``Key: value`` lines keep their key.
    """
    body = artifact.body
    if len(body) > MAX_DOCUMENT_BYTES or _looks_binary(body):
        return []
    if "html" in _media_type(artifact) or body.lstrip()[:1] == "<":
        body = BeautifulSoup(body, "html.parser").get_text("\n")
    return list(_text_exposures(_Maker(artifact, Surface.ERROR_PAGE), body))


def _csv_exposures(maker: _Maker, body: str, delimiter: str) -> tuple[list[Exposure], list[Skip]]:
    """Read a table with a header row; each cell an exposure, each row a record."""
    exposures: list[Exposure] = []
    reader = csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=delimiter)
    number = 0
    try:
        header = [cell.strip() for cell in next(reader, [])]
        names = [cell or f"#{i}" for i, cell in enumerate(header, 1)]
        columns = [f"csv:{chain_name(name)}" for name in names]
        for number, row in enumerate(reader, 1):
            if not any(cell.strip() for cell in row):
                continue
            values = {
                (names[i] if i < len(names) else f"#{i + 1}"): cell for i, cell in enumerate(row)
            }
            record = (Record(path="csv", type_name=None, values=values),)
            for i, cell in enumerate(row):
                value = cell.strip()
                if not value:
                    continue
                name = names[i] if i < len(names) else f"#{i + 1}"
                column = columns[i] if i < len(columns) else f"csv:#{i + 1}"
                exposures.extend(maker.expanded(column, name, value, f"row {number}", record))
    except csv.Error as exc:
        skip = _skip(maker.artifact, f"malformed CSV after row {number} ({exc}): rest not read")
        return exposures, [skip]
    return exposures, []


_NOT_DATA_TYPES = frozenset({"text/css", "image/svg+xml", "text/vtt"})
"""Text that is presentation or a stream, not data a page fetches."""


def extract_text_response(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Read a response the page fetched that is neither JSON, JavaScript nor HTML.

    CSV tables, XML (element by element), plain text, calendars and contact cards are read as
    linked documents are, at surface ``network-text``; a PDF the page loaded is a linked
    document. Stylesheets and SVG images are not data and are not read; a body too large,
    binary or a broken PDF is a recorded skip.
    """
    media = _media_type(artifact)
    if media in _NOT_DATA_TYPES or media.startswith(("image/", "font/", "audio/", "video/")):
        return [], []
    kind = _sized_kind(artifact, media)
    if kind == "large":
        return [], [_skip(artifact, _too_large(len(artifact.body)))]
    if kind == "pdf":
        try:
            return _pdf_exposures(_Maker(artifact))
        except _Unreadable as exc:
            return [], [_skip(artifact, str(exc))]
    if kind == "html":
        return [], []  # a page as an answer to a fetch: its text is not data the DOM lacks
    if kind in _TABLE_OR_TEXT:
        return _table_or_text(_Maker(artifact, Surface.NETWORK_TEXT), kind, media)
    return [], [_skip(artifact, f"binary {media or 'untyped'} response not read")]


def _sized_kind(artifact: Artifact, media: str) -> str:
    """Return how to read a body (see ``_kind``), or ``large`` when it is over the limit."""
    size = len(artifact.body)
    kind = _kind(artifact, media) if size <= MAX_DOCUMENT_BYTES * 4 // 3 + 4 else "large"
    return "large" if kind != "pdf" and size > MAX_DOCUMENT_BYTES else kind


_TABLE_OR_TEXT = frozenset({"csv", "sniffed-csv", "text", "json-or-text"})


def _table_or_text(maker: _Maker, kind: str, media: str) -> tuple[list[Exposure], list[Skip]]:
    """Read a CSV or TSV table by column, XML element by element, other text by line."""
    artifact = maker.artifact
    if kind in ("csv", "sniffed-csv"):
        delimiter = sniff_delimiter(artifact.body, declared=kind == "csv")
        if media == "text/tab-separated-values" or _url_path(artifact).endswith(".tsv"):
            delimiter = "\t"
        return _csv_exposures(maker, artifact.body, delimiter or ",")
    body = artifact.body.lstrip("\ufeff")
    if "xml" in media or _XML_START.match(body):
        found = _xml_exposures(maker, body)
        if found is not None:
            return found, []
    return list(_text_exposures(maker, body)), []


_XML_START = re.compile(r"\s*<\?xml[\s?]")


def _local(name: str) -> str:
    """Return an XML name without its ``{namespace}``."""
    return name.rsplit("}", 1)[-1]


def _xml_exposures(maker: _Maker, body: str) -> list[Exposure] | None:
    """Read XML element by element: text at ``xml:$.a.b.c``, attributes at ``xml:$.a.b['@id']``.

    Each element's text keeps its tag as the key (``<email>``), and the element's parent, as
    a record of its children's texts, serves row rules. None when the body is not XML. The
    parser resolves no external entities, and expat bounds entity expansion.
    """
    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, ValueError):
        return None
    out: list[Exposure] = []
    stack: list[tuple[ElementTree.Element, str, str, tuple[Record, ...]]] = [
        (root, child_path("xml:$", _local(root.tag)), f"/{_local(root.tag)}", ())
    ]
    while stack:
        element, path, where, records = stack.pop()
        children = list(element)
        texts = {_local(c.tag): (c.text or "").strip() for c in children if len(c) == 0}
        inner = (*records, Record(path=path, type_name=None, values=texts)) if texts else records
        tag = _local(element.tag)
        for name, value in element.attrib.items():
            key = _local(name)
            if value.strip():
                at = child_path(path, f"@{key}")
                out.extend(maker.expanded(at, key, value.strip(), where, records))
        text = (element.text or "").strip()
        if text:
            out.extend(maker.expanded(path, tag, text, where, records))
        seen: dict[str, int] = {}
        placed = []
        for child in children:
            name = _local(child.tag)
            seen[name] = seen.get(name, 0) + 1
            placed.append((child, child_path(path, name), f"{where}/{name}[{seen[name]}]", inner))
        stack.extend(reversed(placed))
    return out


def _skip(artifact: Artifact, reason: str) -> Skip:
    return Skip(role=artifact.role, what=artifact.url or artifact.page, reason=reason)


def extract_document(artifact: Artifact) -> tuple[list[Exposure], list[Skip]]:
    """Turn a fetched linked document into exposures; what cannot be read becomes a skip.

    Not read (skipped, with a one-line reason): non-2xx answers (the role could not open it),
    bodies over ``MAX_DOCUMENT_BYTES``, HTML pages (a login page or error, not a document),
    binary bodies (including ones labelled JSON), malformed JSON and broken PDFs.
    """
    if artifact.status is not None and not 200 <= artifact.status < 300:
        return [], [_skip(artifact, f"linked document answered HTTP {artifact.status}")]
    media = _media_type(artifact)
    kind = _sized_kind(artifact, media)
    if kind == "large":
        return [], [_skip(artifact, _too_large(len(artifact.body)))]
    maker = _Maker(artifact)
    try:
        if kind == "pdf":
            return _pdf_exposures(maker)
        if kind in ("json", "json-or-text"):  # a generic type: JSON if it parses, else text
            return _json_exposures(maker)
    except _Unreadable as exc:
        if kind == "json-or-text":
            return _table_or_text(maker, "text", media)
        return [], [_skip(artifact, str(exc))]
    if kind in _TABLE_OR_TEXT:
        return _table_or_text(maker, kind, media)
    reasons = {
        "html": "linked URL answered with an HTML page, not a document",
        "binary": f"binary document ({media or 'no content type'}) not read",
        "binary-json": "binary body with a JSON content type",
    }
    return [], [_skip(artifact, reasons.get(kind, f"unsupported document type {media!r}"))]


def _json_exposures(maker: _Maker) -> tuple[list[Exposure], list[Skip]]:
    try:
        document = json.loads(maker.artifact.body.lstrip("\ufeff"))
    except ValueError as exc:
        raise _Unreadable(f"malformed JSON ({exc.__class__.__name__}: {exc})") from None
    except RecursionError:
        raise _Unreadable("JSON nested too deeply to parse") from None
    leaves = walk_decoded(walk_json(document))
    return [maker.make(leaf, leaf.detail) for leaf in leaves], []


def _pdf_exposures(maker: _Maker) -> tuple[list[Exposure], list[Skip]]:
    data = _pdf_bytes(maker.artifact)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _Unreadable(_too_large(len(data)))
    pages, stopped = _pdf_pages(data)
    exposures = [
        exposure
        for number, text in enumerate(pages, 1)
        for exposure in _text_exposures(maker, text, f"page {number} ")
    ]
    return exposures, [_skip(maker.artifact, stopped)] if stopped else []
