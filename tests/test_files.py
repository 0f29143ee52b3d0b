"""Atomic writes and the build lock."""

from __future__ import annotations

import os

import pytest

from handoutkit.errors import BuildLockedError
from handoutkit.files import build_lock, write_atomic


def test_write_replaces_the_file_in_one_step(tmp_path):
    target = tmp_path / "a" / "handout.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["handout.pdf"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"good")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_second_build_on_the_same_folder_is_refused_with_a_clear_error(tmp_path):
    with build_lock(tmp_path), pytest.raises(BuildLockedError) as caught, build_lock(tmp_path):
        pass
    assert "--out" in caught.value.fix
    with build_lock(tmp_path):  # released afterwards
        pass
