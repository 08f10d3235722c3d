"""How the server hands out the PWA shell."""
import shutil

import pytest

from server import pwa


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
    (shell / "js" / "today.js").write_text((shell / "js" / "today.js").read_text() + "\n// x\n")
    after = client.get("/sw.js").get_data(as_text=True)
    assert after != before
    assert after.split("const VERSION = '")[1].split("'")[0] != \
        before.split("const VERSION = '")[1].split("'")[0]


def test_the_service_worker_is_always_revalidated_and_may_control_the_whole_app(app):
    response = app.test_client().get("/sw.js")
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.mimetype == "text/javascript"
