"""Labels: a string, or a mapping of language code to string."""

from __future__ import annotations

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
                problems.add("SR208", f"the {k.text} text of a label must be text, found {describe(v)}", v,
                             f"{path}.{k.text}", "quote it if it holds a comma, colon or #")
            else:
                out.append((k.text, v.text))
        return Label(tuple(out))
    problems.add("SR208", f"a label is text or a mapping of language to text, found {describe(node)}", node, path,
                 "write label: 底薪 or label: {zh: 底薪, en: Base salary}")
    return None
