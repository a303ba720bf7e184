"""Configuration is read in order: defaults, instance/config.py, NSC_* variables, test mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from nsc_library import create_app


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("NSC_INSTANCE_PATH", str(folder))
    for name in ("NSC_DATABASE_URL", "NSC_INDEX_DIR", "NSC_SECRET_KEY", "NSC_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_defaults_live_in_the_instance_folder(instance: Path) -> None:
    app = create_app()
    assert Path(app.instance_path) == instance.resolve()
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance.resolve() / 'nsc_library.sqlite3'}"
    assert app.config["INDEX_DIR"] == str(instance.resolve() / "index")


def test_instance_config_overrides_defaults(instance: Path) -> None:
    (instance / "config.py").write_text("PUBLIC_URL = 'https://from-instance.example.org'\n")
    assert create_app().config["PUBLIC_URL"] == "https://from-instance.example.org"


def test_environment_overrides_instance_config(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (instance / "config.py").write_text("PUBLIC_URL = 'https://from-instance.example.org'\n")
    monkeypatch.setenv("NSC_PUBLIC_URL", "https://from-env.example.org")
    monkeypatch.setenv("NSC_INDEX_DIR", "/srv/index")
    app = create_app()
    assert app.config["PUBLIC_URL"] == "https://from-env.example.org"
    assert app.config["INDEX_DIR"] == "/srv/index"


def test_test_mapping_overrides_environment(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NSC_PUBLIC_URL", "https://from-env.example.org")
    app = create_app({"PUBLIC_URL": "https://from-test.example.org"})
    assert app.config["PUBLIC_URL"] == "https://from-test.example.org"


def test_database_url_from_environment(instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{instance / 'other.sqlite3'}"
    monkeypatch.setenv("NSC_DATABASE_URL", url)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


def test_secret_key_is_generated_once_and_kept_private(instance: Path) -> None:
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    key_file = instance / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 64
    assert key_file.stat().st_mode & 0o077 == 0


def test_secret_key_from_environment_is_not_written(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NSC_SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    assert not (instance / "secret_key").exists()
