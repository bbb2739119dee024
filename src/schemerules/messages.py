"""Messages in Chinese and English: one template per message, with named parameters.

Every message and hint schemerules shows is made with :func:`T`::

    T("unknown name {name}", name="grdae")

The English template is the message's key; :data:`ZH` (``messages_zh.py``)
holds its Chinese template with the same parameters. The result is a
:class:`Msg`: a ``str`` whose text is the English rendering (so code and
tests that treat messages as text keep working), which renders in any
language with :meth:`Msg.render`. Parameters may themselves be messages
(``T("expected {what}", what=T("a mapping"))``); they render in the same
language. A test checks that every template in the source has a Chinese
template with the same placeholders.

>>> m = T("unknown name {name}", name="grdae")
>>> str(m), m.render("zh")
('unknown name grdae', '未知的名称 grdae')
"""

from __future__ import annotations

import string

LANGS = ("zh", "en")


class Msg(str):
    """A message: its English text, and the template and parameters to render it in another language."""

    def __new__(cls, text: str, template: str | None = None, params: dict | None = None):
        m = super().__new__(cls, text)
        m.template = template if template is not None else text
        m.params = params or {}
        return m

    def render(self, lang: str = "en") -> str:
        """The message in *lang* (``zh`` or ``en``); English where a translation is missing."""
        if lang != "zh":
            return str(self)
        return _format(ZH.get(self.template, self.template), self.params, lang)

    def __reduce__(self):
        return Msg, (str(self), self.template, self.params)


def T(template: str, **params) -> Msg:
    """A message from its English *template* and named *params* (``{name}``, ``{value!r}``)."""
    return Msg(_format(template, params, "en"), template, params)


def render(text, lang: str = "en") -> str:
    """Any message (or error, or plain text) in *lang*."""
    if text is None:
        return ""
    return text.render(lang) if hasattr(text, "render") and not isinstance(text, type) else str(text)


def _format(template: str, params: dict, lang: str) -> str:
    if not params:
        return template
    values = {k: (v.render(lang) if hasattr(v, "render") and not isinstance(v, type) else v)
              for k, v in params.items()}
    return template.format(**values)


def placeholders(template: str) -> set[str]:
    """The named parameters of a template (with their conversion, e.g. ``name!r``)."""
    out = set()
    for _, field, _, conversion in string.Formatter().parse(template):
        if field is not None:
            out.add(field + (f"!{conversion}" if conversion else ""))
    return out


_ERRNO = {
    "ENOENT": T("no such file or folder"), "EACCES": T("permission denied"), "EPERM": T("operation not permitted"),
    "ENOSPC": T("no space left on the disk"), "EISDIR": T("it is a folder"),
    "ENOTDIR": T("a part of the path is not a folder"), "EEXIST": T("the file exists"),
    "EROFS": T("the file system is read-only"), "ENAMETOOLONG": T("the name is too long"),
    "EPIPE": T("the program reading the output stopped (a closed pipe)"),
}


def os_reason(e: OSError):
    """The reason of an operating-system error, as a message (the system's own text where we have none)."""
    import errno
    name = errno.errorcode.get(getattr(e, "errno", None) or 0)
    if name in _ERRNO:
        return _ERRNO[name]
    return str(e.strerror or e)


from .messages_zh import ZH  # noqa: E402  (the catalogue imports nothing from here)
