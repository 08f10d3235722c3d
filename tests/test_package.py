"""The built wheel is the whole app: installed into a fresh virtualenv, away from the
checkout, it runs the release step and serves the PWA and the API with gunicorn."""

import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("gembakit-*.whl"))


def test_the_wheel_holds_every_subpackage_migration_and_shell_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in (ROOT / "server").rglob("__init__.py"):
        if "__pycache__" not in init.parts:
            assert init.relative_to(ROOT).as_posix() in names, f"{init} is not in the wheel"
    for migration in (ROOT / "server" / "migrations").glob("[0-9]*.py"):
        assert migration.relative_to(ROOT).as_posix() in names
    for path in (ROOT / "pwa").rglob("*"):
        if path.is_file():
            assert f"server/webapp/{path.relative_to(ROOT / 'pwa').as_posix()}" in names


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_wheel_installed_in_a_fresh_venv_sets_up_and_serves_the_app(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # --no-compile: Python compiles what the app imports anyway; byte-compiling every
    # installed package up front was a good part of this test's time.
    subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "-q",
            "--no-compile",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    # No DATABASE_URL, no SECRET_KEY: the defaults live in the instance folder of the venv.
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "GEMBAKIT_ENV": "development",
        "ORIGIN": f"http://localhost:{port}",
        "HOME": str(tmp_path),
    }
    work = tmp_path / "elsewhere"
    work.mkdir()
    setup = subprocess.run(
        [str(venv / "bin" / "flask"), "--app", "server", "setup"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr
    assert f"http://localhost:{port}/setup/" in setup.stdout
    instance = venv / "var" / "server-instance"
    assert (instance / "gembakit.db").exists() and (instance / "secret_key").exists()

    server = subprocess.Popen(
        [
            str(venv / "bin" / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "server:create_app()",
        ],
        env=env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/healthz/ready", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert server.poll() is None, server.stdout.read().decode()
            assert time.monotonic() < deadline, "gunicorn did not come up"
            time.sleep(0.2)
        page = requests.get(f"{base}/", timeout=5)
        assert page.status_code == 200 and "<title>" in page.text
        for asset in ("/sw.js", "/js/app.js", "/manifest.webmanifest", "/css/app.css"):
            assert requests.get(f"{base}{asset}", timeout=5).status_code == 200, asset
        assert requests.get(f"{base}/api/openapi.json", timeout=5).json()["openapi"]
        assert requests.get(f"{base}/api/me", timeout=5).status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_instance_folder_comes_from_configuration(tmp_path, monkeypatch):
    from server import create_app

    monkeypatch.setenv("GEMBAKIT_INSTANCE_PATH", str(tmp_path / "plant"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ATTACHMENTS_DIR", raising=False)
    import click

    with click.Context(click.Command("setup")):  # as the release step loads it
        app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'plant' / 'gembakit.db'}"
    assert app.config["ATTACHMENTS_DIR"] == str(tmp_path / "plant" / "attachments")
    assert (tmp_path / "plant" / "secret_key").exists()
    from server.db import database

    if not database.is_closed():
        database.close()
    assert os.path.isdir(tmp_path / "plant")
