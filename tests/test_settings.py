from dataclasses import fields

import pytest

from newsledger.settings import SETTINGS, Settings, check_declared


def test_every_setting_is_declared_with_help():
    check_declared()
    assert all(s.help.strip() for s in SETTINGS)
    assert {s.name for s in SETTINGS} == {f.name for f in fields(Settings)}


def test_with_returns_a_changed_copy():
    base = Settings()
    changed = base.with_(batch_size=4)
    assert changed.batch_size == 4 and base.batch_size == 32
    with pytest.raises(Exception):
        base.batch_size = 3  # frozen
