"""The PWA shell as it is served: minified, fingerprinted and compressed once, kept in memory.

No bundler: each module stays its own file. What the server does once per version of the
shell (decisions §55-§57):
- minifies JavaScript (rjsmin) and CSS (rcssmin);
- adds `?v=<shell fingerprint>` to every relative module import (static and `import()`) and
  to index.html's script and style links, so every URL of a version names its content and
  may be cached for a year;
- lists the entry module's static imports as `<link rel="modulepreload">` in index.html, so
  the browser fetches the critical path in parallel instead of in import chains;
- compresses each text file with brotli and gzip.
The entry points (index.html, sw.js) are revalidated on every load; asking for one checks
the files' sizes and times, so a changed shell is rebuilt without a restart.
"""

import gzip
import hashlib
import mimetypes
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Optional

import brotli
import rcssmin
import rjsmin

NOT_SERVED = {"icons/make_icons.py"}
ENTRY_MODULE = "js/app.js"
# A relative module specifier after `from`, a bare `import`, or inside `import(...)`.
MODULE_SPECIFIER = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}/[^'"?]+\.js)\2""")
# index.html's links to the shell's own scripts, styles and icons.
HTML_ASSET = re.compile(r"""((?:src|href)=")(/(?:js|css|icons)/[^"?]+\.(?:js|css|png))(")""")
MANIFEST_ICON = re.compile(r"""("src"\s*:\s*")(/icons/[^"?]+\.png)(")""")
ENTRY_SCRIPT = re.compile(r"""[ \t]*<script type="module" src="/js/app\.js[^"]*"></script>""")
COMPRESSIBLE = (".js", ".css", ".html", ".webmanifest", ".json", ".svg", ".txt")
MIN_COMPRESS = 256  # smaller bodies gain less than the header costs

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")
# The web app manifest, English and French: the page links the one of its language (§104).
MANIFESTS = {"manifest.webmanifest", "manifest.fr.webmanifest"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    mimetype: str
    etag: str  # a digest of the served body, without quotes
    br: Optional[bytes] = None
    gzip: Optional[bytes] = None


class Shell:
    """One folder of shell files and their built forms, rebuilt when any file changes."""

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.Lock()
        self._version = _Version((), "", {})
        self.warming = False

    # ---------------------------------------------------------------- versions

    @property
    def fingerprint(self):
        return self._current().fingerprint

    def refresh(self):
        """Rebuild if any file was added, removed or changed (cheap: sizes and times only)."""
        signature = self._scan()
        if signature == self._version.signature:
            return
        with self._lock:
            if signature != self._version.signature:
                self._version = _Version(signature, *self._read(signature))

    def warm(self):
        """Build every file now (about 0.4 s), so no visitor waits for the compressor."""
        self.refresh()
        for rel in list(self._version.raw):
            self.get(rel)

    def _scan(self):
        files = []
        for path in self.root.rglob("*"):
            rel = path.relative_to(self.root).as_posix()
            if "__pycache__" in rel or rel in NOT_SERVED or not path.is_file():
                continue
            stat = path.stat()
            files.append((rel, stat.st_mtime_ns, stat.st_size))
        return tuple(sorted(files))

    def _read(self, signature):
        raw = {rel: (self.root / rel).read_bytes() for rel, _, _ in signature}
        digest = hashlib.sha256()
        for rel in sorted(raw):
            digest.update(rel.encode() + b"\0" + raw[rel])
        return digest.hexdigest()[:12], raw

    def _current(self):
        if not self._version.signature:
            self.refresh()
        return self._version

    def __contains__(self, rel):
        return rel in self._current().raw

    def __iter__(self):
        return iter(sorted(self._current().raw))

    def get(self, rel) -> Optional[Asset]:
        """The built file at `rel`, or None if the shell has no such file."""
        version = self._current()  # one version throughout, even if another thread refreshes
        asset = version.assets.get(rel)
        if asset is None and rel in version.raw:
            asset = version.assets.setdefault(rel, _pack(rel, self._build(version, rel)))
        return asset

    # ---------------------------------------------------------------- building

    def _build(self, version, rel):
        text = version.raw[rel].decode() if rel.endswith(COMPRESSIBLE) else None
        if rel == "sw.js":  # left readable: fetched after the first paint, and compressed
            return _stamp_worker(version, text).encode()
        if rel.endswith(".js"):
            return minify_js(_pin_imports(version, text)).encode()
        if rel.endswith(".css"):
            return rcssmin.cssmin(text).encode()
        if rel == "index.html":
            return _build_index(version, text).encode()
        if rel in MANIFESTS:  # their icons, like the page's, never change content
            return MANIFEST_ICON.sub(
                lambda m: m.group(1) + version.url(m.group(2)) + m.group(3), text
            ).encode()
        return version.raw[rel]


@dataclass(frozen=True)
class _Version:
    """The shell's files as read at one moment, and what was built from them."""

    signature: tuple
    fingerprint: str
    raw: dict
    assets: dict = field(default_factory=dict)

    def url(self, path):
        return f"{path}?v={self.fingerprint}"

    def static_imports(self, rel):
        """`rel` and every module it imports statically, directly or not (the critical path
        of an entry module; `import()` is left out: it is loaded when needed)."""
        seen, queue = [], [rel]
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self.raw:
                continue
            seen.append(current)
            queue.extend(
                _resolve(current, spec)
                for keyword, _, spec in MODULE_SPECIFIER.findall(self.raw[current].decode())
                if not keyword.rstrip().endswith("(")
            )
        return seen


def _pin_imports(version, source):
    return MODULE_SPECIFIER.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{version.url(m.group(3))}{m.group(2)}", source
    )


def _stamp_worker(version, source):
    # The cache name changes with any shell file, so any change installs a new worker.
    source = re.sub(
        r"const VERSION = '([^']+)';",
        lambda m: f"const VERSION = '{m.group(1)}-{version.fingerprint}';",
        source,
        count=1,
    )
    return re.sub(
        r"const FINGERPRINT = '[^']*';",
        f"const FINGERPRINT = '{version.fingerprint}';",
        source,
        count=1,
    )


def _build_index(version, html):
    html = HTML_ASSET.sub(lambda m: m.group(1) + version.url(m.group(2)) + m.group(3), html)
    preloads = "".join(
        f'  <link rel="modulepreload" href="{version.url("/" + rel)}">\n'
        for rel in version.static_imports(ENTRY_MODULE)
        if rel != ENTRY_MODULE
    )
    return ENTRY_SCRIPT.sub(lambda m: preloads + m.group(0).lstrip("\n"), html, count=1)


# --- JavaScript: rjsmin, with template literals kept out of its reach -------------------------
# rjsmin mangles a template literal nested in another's `${...}` (it drops the space in
# `ratings${who ? ` for ${who}` : ''}`). Each outermost template literal is swapped for a
# placeholder identifier, the rest is minified, and the literals go back exactly as written.

PLACEHOLDER = "__gembakit_template_{}__"
REGEX_AFTER_WORDS = {
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
}
WORD = re.compile(r"[A-Za-z0-9_$]+")


def minify_js(source):
    literals = []

    def hold(start, end):
        literals.append(source[start:end])
        return PLACEHOLDER.format(len(literals) - 1)

    pieces, last = [], 0
    for start, end in _template_literals(source):
        pieces += [source[last:start], hold(start, end)]
        last = end
    minified = rjsmin.jsmin("".join(pieces) + source[last:])
    return re.sub(r"__gembakit_template_(\d+)__", lambda m: literals[int(m.group(1))], minified)


def _template_literals(source):
    """(start, end) of each outermost template literal, skipping strings, comments and
    regular expression literals (a `/` after an operator or a keyword starts one)."""
    found = []
    _scan(source, 0, found, inside_braces=False)
    return found


def _scan(s, i, found, inside_braces):
    """Scan code from i; inside `${...}` stop after the closing brace and return its index."""
    depth, regex_ok, n = 0, True, len(s)
    while i < n:
        c = s[i]
        if c in "\"'":
            i, regex_ok = _skip_string(s, i), False
        elif c == "`":
            end = _skip_template(s, i)
            if not inside_braces:
                found.append((i, end))
            i, regex_ok = end, False
        elif s.startswith("//", i):
            i = s.find("\n", i) if s.find("\n", i) >= 0 else n
        elif s.startswith("/*", i):
            i = s.find("*/", i + 2) + 2 if s.find("*/", i + 2) >= 0 else n
        elif c == "/" and regex_ok:
            i, regex_ok = _skip_regex(s, i), False
        elif c.isspace():
            i += 1
        elif WORD.match(c):
            word = WORD.match(s, i).group(0)
            i, regex_ok = i + len(word), word in REGEX_AFTER_WORDS
        else:
            if c == "{":
                depth += 1
            elif c == "}":
                if inside_braces and depth == 0:
                    return i + 1
                depth -= 1
            i, regex_ok = i + 1, c not in ")]}"
    return n


def _skip_string(s, i):
    quote, j = s[i], i + 1
    while j < len(s) and s[j] != quote:
        j += 2 if s[j] == "\\" else 1
    return j + 1


def _skip_template(s, i):
    j = i + 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
        elif s[j] == "`":
            return j + 1
        elif s.startswith("${", j):
            j = _scan(s, j + 2, [], inside_braces=True)
        else:
            j += 1
    return j


def _skip_regex(s, i):
    j, in_class = i + 1, False
    while j < len(s) and s[j] != "\n":
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "[":
            in_class = True
        elif s[j] == "]":
            in_class = False
        elif s[j] == "/" and not in_class:
            return WORD.match(s, j + 1).end() if WORD.match(s, j + 1) else j + 1
        j += 1
    return i + 1  # not a regular expression after all: a division


def _resolve(importer, specifier):
    parts = []
    for part in (PurePosixPath(importer).parent / specifier).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _pack(rel, body):
    mimetype = mimetypes.guess_type(rel)[0] or "application/octet-stream"
    etag = hashlib.sha256(body).hexdigest()[:20]
    if not rel.endswith(COMPRESSIBLE) or len(body) < MIN_COMPRESS:
        return Asset(body, mimetype, etag)
    return Asset(
        body,
        mimetype,
        etag,
        br=brotli.compress(body, quality=11, mode=brotli.MODE_TEXT),
        gzip=gzip.compress(body, compresslevel=9, mtime=0),
    )
