"""The desk's settings file shared by the window and the command line (core/store/desk_config.py):
saved whole and private, a password refused, a damaged file read as no settings (and left as
it was), and the name and store it holds used by `current_user` and `default_db_path` after
--db / $IMR_DESK_DB and before $IMR_DESK_USER / the login."""

from __future__ import annotations

import getpass
import json
import logging
import stat
from pathlib import Path

import pytest

from imr_desk.core.store import Store, default_db_path
from imr_desk.core.store.desk_config import (
    CONFIG_ENV,
    DeskConfig,
    config_path,
    read_desk_config,
    update_desk_config,
    write_desk_config,
)
from imr_desk.core.store.rows import USER_ENV, current_user, set_user_name
from tests.support.store_fixtures import add_letter, invented_letter


def test_settings_are_saved_whole_and_private_and_read_back(desk_config_file: Path) -> None:
    assert config_path() == desk_config_file and not desk_config_file.exists()
    assert read_desk_config() == DeskConfig()
    saved = write_desk_config(DeskConfig("  Dana   Reyes ", " postgresql://imr_desk@db.firm.example/imr_desk "))
    assert saved == desk_config_file
    assert json.loads(desk_config_file.read_text()) == {
        "user_name": "Dana Reyes", "store": "postgresql://imr_desk@db.firm.example/imr_desk"}
    assert stat.S_IMODE(desk_config_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(desk_config_file.parent.stat().st_mode) == 0o700
    assert read_desk_config() == DeskConfig("Dana Reyes", "postgresql://imr_desk@db.firm.example/imr_desk")
    assert update_desk_config(user_name="Ana Ruiz") == DeskConfig(
        "Ana Ruiz", "postgresql://imr_desk@db.firm.example/imr_desk")
    assert read_desk_config().user_name == "Ana Ruiz"
    assert [p.name for p in desk_config_file.parent.iterdir()] == ["desk.json"]  # no temporary left


def test_a_connection_string_with_a_password_is_refused_and_nothing_written(desk_config_file: Path) -> None:
    write_desk_config(DeskConfig("Dana Reyes", ""))
    before = desk_config_file.read_bytes()
    for dsn in ("postgresql://maria:s3cret@db/imr_desk", "host=db dbname=imr_desk password=s3cret"):
        with pytest.raises(ValueError, match="password"):
            update_desk_config(store=dsn)
    assert desk_config_file.read_bytes() == before


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe", b'{"user_name": 7, "store": null}'])
def test_a_damaged_file_counts_as_no_settings_and_is_left_as_it_was(
    desk_config_file: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    desk_config_file.parent.mkdir(parents=True)
    desk_config_file.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert read_desk_config() == DeskConfig()
        assert current_user() in (getpass.getuser(), "unknown")
    assert desk_config_file.read_bytes() == content
    if content != b'{"user_name": 7, "store": null}':
        assert str(desk_config_file) in caplog.text


def test_a_change_of_the_file_is_seen_by_the_next_read(desk_config_file: Path) -> None:
    write_desk_config(DeskConfig("Dana Reyes", ""))
    assert current_user() == "Dana Reyes"
    desk_config_file.write_text(json.dumps({"user_name": "Rosa Diaz, senior paralegal", "store": ""}))
    assert current_user() == "Rosa Diaz, senior paralegal"


def test_the_desks_name_comes_after_the_windows_and_before_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(USER_ENV, "From Environment")
    assert current_user() == "From Environment"
    write_desk_config(DeskConfig("Dana Reyes", ""))
    assert current_user() == "Dana Reyes"
    try:
        set_user_name("Set In This Process")
        assert current_user() == "Set In This Process"
    finally:
        set_user_name(None)
    monkeypatch.delenv(USER_ENV)
    write_desk_config(DeskConfig("", ""))
    assert current_user() in (getpass.getuser(), "unknown")


def test_the_desks_store_comes_after_the_environment_and_before_the_default_file(
    tmp_path: Path, tmp_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "chosen" / "cases.sqlite3"
    write_desk_config(DeskConfig("", str(chosen)))
    assert default_db_path() == tmp_store_path  # $IMR_DESK_DB first
    monkeypatch.delenv("IMR_DESK_DB")
    assert default_db_path() == chosen
    with Store() as store:
        add_letter(store, invented_letter())
    assert chosen.exists() and not tmp_store_path.exists()
    write_desk_config(DeskConfig("", ""))
    assert Path(default_db_path()).name == "imr-desk.sqlite3" and default_db_path() != chosen
    write_desk_config(DeskConfig("", "postgresql://imr_desk@db.firm.example/imr_desk"))
    assert str(default_db_path()) == "postgresql://imr_desk@db.firm.example/imr_desk"


def test_the_settings_file_can_be_named_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "shared" / "front-desk.json"
    monkeypatch.setenv(CONFIG_ENV, str(elsewhere))
    write_desk_config(DeskConfig("Front Desk", ""))
    assert json.loads(elsewhere.read_text())["user_name"] == "Front Desk"
