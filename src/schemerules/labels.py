"""Labels: a string, or a mapping of language code to string."""

from __future__ import annotations

from .messages import T

import attrs

from .yamltree import Map, Scalar, describe


@attrs.frozen
class Label:
    texts: tuple          # ((lang, text), ...); lang "" for a plain string

    def get(self, lang: str = "zh", fallback: str = "") -> str:
        """The text in *lang*, falling back to zh, then en, then any, then *fallback*.

        >>> Label((("zh", "底薪"), ("en", "Base salary"))).get("en")
        'Base salary'
        >>> Label((("", "底薪"),)).get("en")
        '底薪'
        """
        d = dict(self.texts)
        for key in (lang, "zh", "en", ""):
            if d.get(key):
                return d[key]
        return next((t for _, t in self.texts if t), fallback)


def label_text(label: Label | None, lang: str, fallback: str) -> str:
    return label.get(lang, fallback) if label else fallback


def read_label(problems, node, path) -> Label | None:
    if isinstance(node, Scalar) and not node.is_null:
        return Label((("", node.text),))
    if isinstance(node, Map):
        out = []
        for k, v in node.items:
            if not isinstance(v, Scalar) or v.is_null:
                problems.add("SR208", T('the {text} text of a label must be text, found {found}', text=k.text, found=describe(v)), v,
                             f"{path}.{k.text}", T('quote it if it holds a comma, colon or #'))
            else:
                out.append((k.text, v.text))
        return Label(tuple(out))
    problems.add("SR208", T('a label is text or a mapping of language to text, found {found}', found=describe(node)), node, path,
                 T('write label: 底薪 or label: {zh: 底薪, en: Base salary}'))
    return None
