"""Word compatibility of the written documents: current Word (2013 and later), not Word 2010.

python-docx's template (and many reference documents saved by old Word) declare
``compatibilityMode`` 14, so current Word opens every file in Compatibility Mode, with the
title bar saying so and some layout rules of Word 2010. The base document declares 15, the
mode of every Word since 2013; the other compatibility settings are kept as they are.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

#: Word 2013 and every later Word (2016, 2019, 2021, 365) write mode 15.
CURRENT_WORD = "15"
_URI = "http://schemas.microsoft.com/office/word"
# Where w:compat may stand in w:settings (CT_Settings is a sequence): before these elements.
_AFTER_COMPAT = ("w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                 "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                 "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                 "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                 "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                 "w:listSeparator")


def declare_current_word(settings: Any) -> None:
    """Set ``compatibilityMode`` to current Word in a ``w:settings`` element."""
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = settings.makeelement(qn("w:compat"), {})
        following = next((e for e in settings if e.tag in {_qn(t) for t in _AFTER_COMPAT}),
                         None)
        if following is None:
            settings.append(compat)
        else:
            following.addprevious(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), CURRENT_WORD)
            return
    compat.append(compat.makeelement(qn("w:compatSetting"), {
        qn("w:name"): "compatibilityMode", qn("w:uri"): _URI, qn("w:val"): CURRENT_WORD}))


def _qn(tag: str) -> str:
    if tag.startswith("sl:"):
        return "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}" + tag[3:]
    return qn(tag)
