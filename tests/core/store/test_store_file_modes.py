"""A store copied back with `cp` (mode 0644, its `-wal` too) is made private again when
imr-desk opens it: the store holds medical records, readable by its owner only."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from imr_desk.core.store import Store

needs_posix = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@needs_posix
def test_a_store_restored_with_cp_is_tightened_on_open(tmp_path: Path, corpus_dir: Path) -> None:
    original = tmp_path / "store.sqlite3"
    with Store(original) as store:
        store.import_file(corpus_dir / "dwc-2016" / "CM16-0221706.pdf")
        restored = tmp_path / "restored.sqlite3"
        shutil.copyfile(original, restored)  # as `cp` makes it: the umask's mode
        wal = Path(f"{original}-wal")
        if wal.exists():
            shutil.copyfile(wal, f"{restored}-wal")
    os.chmod(restored, 0o644)
    restored_wal = Path(f"{restored}-wal")
    if restored_wal.exists():
        os.chmod(restored_wal, 0o644)
    with Store(restored) as store:
        assert store.count() == 1
        for companion in (restored, restored_wal, Path(f"{restored}-shm")):
            if companion.exists():
                assert mode(companion) == 0o600, companion.name


@needs_posix
def test_a_new_store_and_its_companions_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    old_umask = os.umask(0o022)
    try:
        with Store(path):
            companions = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
            assert companions and all(mode(p) == 0o600 for p in companions)
    finally:
        os.umask(old_umask)
