"""How the server hands out the PWA shell."""

import gzip
import re
import shutil
import subprocess

import brotli
import pytest

from server import pwa
from server.assets import Shell


@pytest.fixture
def shell(tmp_path, monkeypatch):
    copy = tmp_path / "pwa"
    shutil.copytree(pwa.PWA_DIR, copy)
    monkeypatch.setattr(pwa, "PWA_DIR", copy)
    return copy


def test_any_change_to_the_shell_gives_the_service_worker_a_new_cache_name(app, shell):
    client = app.test_client()
    before = client.get("/sw.js").get_data(as_text=True)
    assert "const VERSION = '" in before and "-" in before.split("const VERSION = '")[1][:20]
    assert client.get("/sw.js").get_data(as_text=True) == before  # stable when nothing changed
    (shell / "js" / "domain" / "today-list.js").write_text(
        (shell / "js" / "domain" / "today-list.js").read_text() + "\n// x\n"
    )
    after = client.get("/sw.js").get_data(as_text=True)
    assert after != before
    assert (
        after.split("const VERSION = '")[1].split("'")[0]
        != before.split("const VERSION = '")[1].split("'")[0]
    )


def test_the_service_worker_is_always_revalidated_and_may_control_the_whole_app(app):
    response = app.test_client().get("/sw.js")
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.mimetype == "text/javascript"


# --- issue 10: a first load of at most 60 KB -----------------------------------------------------

BROTLI = {"Accept-Encoding": "gzip, deflate, br"}
GZIP = {"Accept-Encoding": "gzip"}
YEAR = "public, max-age=31536000, immutable"


def fingerprint(client):
    html = client.get("/").get_data(as_text=True)
    return re.search(r'src="/js/app\.js\?v=([0-9a-f]+)"', html).group(1)


def test_a_browser_that_accepts_brotli_gets_brotli_and_others_get_gzip_or_plain(app):
    client = app.test_client()
    plain = client.get("/js/data/store.js")
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    source = plain.get_data()
    br = client.get("/js/data/store.js", headers=BROTLI)
    assert br.headers["Content-Encoding"] == "br" and br.headers["Vary"] == "Accept-Encoding"
    assert brotli.decompress(br.get_data()) == source
    assert int(br.headers["Content-Length"]) == len(br.get_data()) < len(source) / 3
    gz = client.get("/js/data/store.js", headers=GZIP)
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.get_data()) == source
    assert br.headers["ETag"] != gz.headers["ETag"] != plain.headers["ETag"]  # one per encoding
    assert br.mimetype == "text/javascript"
    # The shell's HTML and CSS are compressed too; a PNG is already compressed.
    assert client.get("/", headers=BROTLI).headers["Content-Encoding"] == "br"
    assert client.get("/css/app.css", headers=BROTLI).headers["Content-Encoding"] == "br"
    icon = client.get("/icons/icon-192.png", headers=BROTLI)
    assert "Content-Encoding" not in icon.headers and icon.mimetype == "image/png"


def test_a_revalidated_file_that_did_not_change_answers_304_without_a_body(app):
    client = app.test_client()
    for path in ("/", "/sw.js", "/js/app.js", "/css/app.css", "/manifest.webmanifest"):
        first = client.get(path, headers=BROTLI)
        again = client.get(path, headers={**BROTLI, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path
        assert again.get_data() == b"" and again.headers["ETag"] == first.headers["ETag"]
        # A copy cached in another encoding is the same content: still not modified.
        other = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert other.status_code == 304, path
        changed = client.get(path, headers={**BROTLI, "If-None-Match": '"0123456789abcdef0123"'})
        assert changed.status_code == 200 and changed.get_data() == first.get_data()


def test_fingerprinted_files_are_cached_for_a_year_and_entry_points_never(app):
    client = app.test_client()
    version = fingerprint(client)
    for path in ("/js/app.js", "/js/views/today.js", "/css/app.css", "/icons/icon-192.png"):
        assert client.get(f"{path}?v={version}").headers["Cache-Control"] == YEAR, path
        # Without the fingerprint, or with an old one, the URL promises nothing.
        assert client.get(path).headers["Cache-Control"] == "no-cache", path
        assert client.get(f"{path}?v=0ld0ld0ld0ld").headers["Cache-Control"] == "no-cache", path
    for path in ("/", "/index.html", "/sw.js", "/manifest.webmanifest", "/observe"):
        assert client.get(f"{path}?v={version}").headers["Cache-Control"] == "no-cache", path
    # The shell's files neither renew nor depend on the session cookie.
    assert "Set-Cookie" not in client.get(f"/js/app.js?v={version}").headers
    assert "Cookie" not in client.get(f"/js/app.js?v={version}").headers.get("Vary", "")


def test_every_url_of_a_version_names_that_version_and_the_critical_path_is_preloaded(app):
    client = app.test_client()
    version = fingerprint(client)
    html = client.get("/").get_data(as_text=True)
    assert f'href="/css/app.css?v={version}"' in html
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    assert f"/js/data/api.js?v={version}" in preloaded and f"/js/ui/dom.js?v={version}" in preloaded
    # Views are loaded when their route is first shown: none is on the critical path.
    assert not [url for url in preloaded if "/views/" in url]
    app_js = client.get("/js/app.js").get_data(as_text=True)
    assert f"from'./data/api.js?v={version}'" in app_js.replace(" ", "")
    assert f"import('./views/today.js?v={version}')" in client.get("/js/router.js").get_data(
        as_text=True
    )
    assert not re.search(r"""['"]\.{1,2}/[^'"?]+\.js['"]""", app_js), "an unpinned import"
    worker = client.get("/sw.js").get_data(as_text=True)
    assert f"const FINGERPRINT = '{version}';" in worker
    manifest = client.get("/manifest.webmanifest").get_json()
    assert all(icon["src"].endswith(f"?v={version}") for icon in manifest["icons"])


def test_a_change_to_one_module_gives_every_url_a_new_fingerprint(app, shell):
    client = app.test_client()
    before = fingerprint(client)
    (shell / "js" / "ui" / "dom.js").write_text(
        (shell / "js" / "ui" / "dom.js").read_text() + "\n// next\n"
    )
    after = fingerprint(client)  # index.html is revalidated: it notices the change
    assert after != before
    assert f"./data/api.js?v={after}" in client.get("/js/app.js").get_data(as_text=True)


def test_javascript_and_css_are_served_minified(app):
    client = app.test_client()
    source = (pwa.PWA_DIR / "js" / "app.js").read_text()
    served = client.get("/js/app.js").get_data(as_text=True)
    assert len(served) < 0.8 * len(source)
    assert "// Gembakit's entry point" not in served  # comments go
    css = client.get("/css/app.css").get_data(as_text=True)
    assert len(css) < 0.85 * len((pwa.PWA_DIR / "css" / "app.css").read_text())


def test_every_served_module_is_still_valid_javascript(tmp_path):
    """The minifier must keep template literals, regular expressions and ES2015+ syntax:
    Node 20 checks each module exactly as the server serves it."""
    node = shutil.which("node")
    assert node, "Node is needed to check the served modules"
    shell = Shell(pwa.PWA_DIR)
    modules = sorted(rel for rel in shell if rel.endswith(".js"))
    assert len(modules) > 30
    for rel in modules:
        target = tmp_path / (rel.replace("/", "__") + (".mjs" if rel != "sw.js" else ""))
        target.write_bytes(shell.get(rel).body)
        checked = subprocess.run([node, "--check", str(target)], capture_output=True, text=True)
        assert checked.returncode == 0, f"{rel} no longer parses once minified:\n{checked.stderr}"


def test_minifying_keeps_template_literals_and_regular_expressions_intact(tmp_path):
    """What the app relies on, run in Node before and after the minifier."""
    source = (
        "const n = 2;\n"
        "const say = `${n} photos // not a comment /* nor this */ ${`nested ${n}`}`;\n"
        "const who = 'Lee';\n"
        "const title = `Check-in ratings${who ? ` for ${who}` : ''}: ${n} ${n === 1 ? 'one' : 'two'}`;\n"
        "const block = `line one\n    indented line`;\n"
        "const rx = /^\\/(invite|setup|recovery)\\/([^/]+)$/; // a comment\n"
        "const path = '/invite/abc'.match(rx)[2];\n"
        "const halves = 10 / n / 5;\n"
        "console.log(JSON.stringify([say, title, block, path, halves, 'a  b', /\\s+/g.test(' ')]));\n"
    )
    shell_dir = tmp_path / "shell" / "js"
    shell_dir.mkdir(parents=True)
    (shell_dir / "probe.js").write_text(source)
    (tmp_path / "original.mjs").write_text(source)
    (tmp_path / "minified.mjs").write_bytes(Shell(tmp_path / "shell").get("js/probe.js").body)
    outputs = [
        subprocess.run(
            ["node", str(tmp_path / name)], capture_output=True, text=True, check=True
        ).stdout
        for name in ("original.mjs", "minified.mjs")
    ]
    assert outputs[0] == outputs[1]
    assert '"2 photos // not a comment /* nor this */ nested 2"' in outputs[0]
    assert '"Check-in ratings for Lee: 2 two"' in outputs[0]  # rjsmin alone drops that space


def test_signed_out_visitors_are_told_so_without_an_error_status(app, new_person):
    client = app.test_client()
    answer = client.get("/api/session")
    assert answer.status_code == 200 and answer.get_json() == {"signedIn": False}
    assert answer.headers["Cache-Control"] == "no-store"
    assert client.get("/api/me").status_code == 401  # GET /api/me keeps its contract

    coach = new_person("Carla Coach")
    state = coach.get("/api/session")
    assert state.status_code == 200 and state.get_json()["signedIn"] is True
    assert state.get_json()["me"] == coach.get("/api/me").get_json()  # one round trip, same profile


def test_a_french_browser_gets_a_french_manifest_and_a_page_without_script_speaks_both(app):
    """§104: the page links the manifest of its language; <noscript> holds both languages."""
    client = app.test_client()
    version = fingerprint(client)
    answer = client.get("/manifest.fr.webmanifest")
    assert answer.status_code == 200 and answer.mimetype == "application/manifest+json"
    assert answer.headers["Cache-Control"] == "no-cache"  # like the English one: never stale
    en, fr = client.get("/manifest.webmanifest").get_json(), answer.get_json()
    assert (en["lang"], fr["lang"]) == ("en", "fr")
    assert (
        fr["description"] == "Un carnet de coaching pour les managers lean, qui marche hors ligne."
    )
    # One app in two languages: the same id, name, start URL, colours and (fingerprinted) icons.
    same = {k: v for k, v in en.items() if k not in ("description", "lang")}
    assert {k: fr[k] for k in same} == same
    assert all(icon["src"].endswith(f"?v={version}") for icon in fr["icons"])

    html = client.get("/").get_data(as_text=True)
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S).group(1)
    assert '<p class="noscript" lang="en">Gembakit needs JavaScript to run.</p>' in noscript
    assert (
        '<p class="noscript" lang="fr">Gembakit a besoin de JavaScript pour fonctionner.</p>'
        in (noscript)
    )


def test_every_module_of_the_app_is_in_the_service_workers_shell_so_it_opens_offline():
    """A module missing from sw.js's list is fetched from the network the first time a view
    imports it: offline, that view fails to open (a new domain/numbers.js did, once)."""
    listed = set(re.findall(r"'(/js/[^']+\.js)'", (pwa.PWA_DIR / "sw.js").read_text()))
    modules = {
        "/" + str(path.relative_to(pwa.PWA_DIR)) for path in (pwa.PWA_DIR / "js").rglob("*.js")
    }
    assert modules - listed == set()
