"""One configuration table (server/config.py SETTINGS): every default lives there, the
environment overrides it, and the README's table tells an operator the truth about both."""

import re
from pathlib import Path

from server import create_app
from server.config import DEFAULTS, SETTINGS, from_environment

README = Path(__file__).resolve().parent.parent / "README.md"
# Read by gunicorn.conf.py and by the app factory before any setting: not app settings.
OUTSIDE_THE_TABLE = {"WEB_CONCURRENCY", "GUNICORN_THREADS", "GEMBAKIT_INSTANCE_PATH"}


def _readme_rows():
    """{variable: default column} of the README's configuration table."""
    section = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for variable in re.findall(r"`([A-Z_]+)`", cells[0]):
                rows[variable] = cells[2]
    return rows


def test_the_readme_lists_every_variable_the_app_reads_and_no_other():
    variables = {s.variable for s in SETTINGS if s.variable}
    assert set(_readme_rows()) == variables | OUTSIDE_THE_TABLE


def test_the_readme_states_each_default_the_table_gives():
    rows = _readme_rows()
    for setting in SETTINGS:
        if setting.variable and setting.local is None and setting.default not in ("", False):
            assert str(setting.default) in rows[setting.variable], setting.name


def test_an_operator_s_environment_overrides_the_table_and_unset_variables_keep_defaults(
    monkeypatch, tmp_path
):
    for setting in SETTINGS:
        if setting.variable:
            monkeypatch.delenv(setting.variable, raising=False)
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", "1048576")
    monkeypatch.setenv("ORIGIN", "https://coach.example.com/")
    monkeypatch.setenv("SECRET_KEY", "")
    found = from_environment(tmp_path)
    assert found["ATTACHMENT_MAX_BYTES"] == 1048576
    assert found["ORIGIN"] == "https://coach.example.com"
    assert found["COACH_LOAD_CAP"] == DEFAULTS["COACH_LOAD_CAP"] == 6
    assert found["LOG_FORMAT"] == "json"
    assert found["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()
    assert found["ATTACHMENTS_DIR"] == str(tmp_path / "attachments")


def test_a_developer_s_machine_logs_text(monkeypatch, tmp_path):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.setenv("GEMBAKIT_ENV", "development")
    assert from_environment(tmp_path)["LOG_FORMAT"] == "text"


def test_a_test_s_config_starts_from_the_same_table(tmp_path, monkeypatch):
    monkeypatch.setenv("GEMBAKIT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}", "SECRET_KEY": "k", "AUTO_MIGRATE": True}
    )
    for name, default in DEFAULTS.items():
        if name not in ("AUTO_MIGRATE",):
            assert app.config[name] == default, name
    assert app.config["ATTACHMENTS_DIR"] == str(Path(app.instance_path) / "attachments")
