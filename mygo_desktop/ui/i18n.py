"""Bilingual UI strings: Traditional Chinese (Taiwan) first, English available.

Strings are written in pairs at the call site, ``tr("設定", "Settings")``, so each text and its
translation stay together; the language is chosen once from the settings at start-up.
"""

from __future__ import annotations

_language = "zh_TW"


def set_language(language: str) -> None:
    global _language
    _language = "en" if language == "en" else "zh_TW"


def language() -> str:
    return _language


def tr(zh_tw: str, en: str) -> str:
    return en if _language == "en" else zh_tw
