"""The UI is Simplified Chinese first: the zh_Hans catalogue must be complete."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _untranslated(path: Path) -> list[str]:
    catalogue = polib.pofile(str(path))
    return [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values())))
    ]


def test_every_message_of_the_catalogue_is_translated():
    assert _untranslated(PO) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_message_in_the_code_is_in_the_catalogue(tmp_path, monkeypatch):
    # given: a copy of the code and its catalogue (makemessages writes where it runs)
    tree = tmp_path / "kefu"
    shutil.copytree(
        settings.BASE_DIR, tree, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo")
    )
    locale = tree / "locale"
    monkeypatch.chdir(tree)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [locale])
    # when
    call_command(
        "makemessages", locale=["zh_Hans"], ignore_patterns=["node_modules", ".venv"], verbosity=0
    )
    # then
    assert _untranslated(locale / "zh_Hans" / "LC_MESSAGES" / "django.po") == []
