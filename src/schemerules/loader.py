"""Files → one merged model: the main file and everything it includes (spec §8)."""

from __future__ import annotations

from .messages import T, os_reason

import os
import posixpath
import stat

import attrs

from .errors import Span
from .model import TOP_KEYS, Header, read_header, read_inputs, read_params, read_rules
from .reader import M, Problems
from .yamltree import MAX_BYTES, Map, read_text

MAX_INCLUDES = 100


@attrs.frozen
class Sections:
    """What one load produced, before compilation."""

    header: Header
    inputs: dict
    params: dict
    rules: dict
    output: object            # the output M reader's node (or None)
    tests: object             # the tests node (or None)
    root: object              # the main file's tree
    base_dir: str
    includes: object          # the Includes that read the files (their texts, for rebuilding)
    main_key: str
    uses: object = None       # the uses node (extension, see uses.py), then the compiled used schemes
    tables: dict = attrs.Factory(dict)    # extension: {name: tables.Table}; their columns are among the inputs
    calendar: object = None   # extension: the employment.Calendar of the main file (or None)


class IncludeRefused(Exception):
    """An include that may not or cannot be read: the message never quotes the file's content."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


class Includes:
    """Where scheme files come from, and which of them may be read: the one include resolver.

    ``resolve(from_key, written)`` turns an include as written in the file whose key is *from_key* into
    the key of the file to read (or raises :class:`IncludeRefused`); ``read(key)`` gives its bytes.
    Every file read and every resolution is recorded, so that a compiled scheme can be rebuilt from the
    same texts (after pickling, on a machine without the files).
    """

    def __init__(self):
        self.texts: dict[str, bytes] = {}
        self.resolutions: dict[tuple, str] = {}

    def resolve(self, from_key: str, written: str) -> str:
        key = self._resolve(from_key, written)
        self.resolutions[(from_key, written)] = key
        return key

    def read(self, key: str) -> bytes:
        data = self._read(key)
        if len(data) > MAX_BYTES:
            raise OverflowError(len(data))
        self.texts[key] = data
        return data

    def shown(self, key: str) -> str:
        return key

    def _resolve(self, from_key, written):
        raise NotImplementedError

    def _read(self, key):
        raise NotImplementedError


class DiskIncludes(Includes):
    """Files on disk, inside *root* (symlinks resolved, then checked), regular files only."""

    def __init__(self, root: str):
        super().__init__()
        self.root = os.path.realpath(root)

    def main_key(self, path: str) -> str:
        """The key of the main file: its folder resolved, its own name as given."""
        return os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))

    def _resolve(self, from_key, written):
        target = os.path.realpath(os.path.join(os.path.dirname(from_key), written))
        if os.path.commonpath([target, self.root]) != self.root:
            raise IncludeRefused(T("include {written!r} leads outside the scheme's folder", written=written),
                                 T('included files must lie inside the folder of the main scheme (symbolic links are followed, then checked); copy the file there, or widen the root with include_root= (command line: --include-root)'))
        try:
            st = os.stat(target)
        except OSError:
            raise IncludeRefused(T('included file {written!r} does not exist', written=written),
                                 T('paths are relative to the including file')) from None
        if not stat.S_ISREG(st.st_mode):
            raise IncludeRefused(T('include {written!r} is not a regular file', written=written), T('include a .yaml scheme file'))
        return target

    def _read(self, key):
        return read_regular(key)

    def shown(self, key):
        rel = os.path.relpath(key)
        return key if rel.startswith("..") else rel


class MappingIncludes(Includes):
    """Included texts from a mapping of relative path to text (or bytes), or from a loader function
    ``loader(path) -> text | None``; paths never leave the mapping's root. No file is opened."""

    def __init__(self, texts=None, loader=None):
        super().__init__()
        self.given = texts if texts is not None else {}
        self.loader = loader

    def _resolve(self, from_key, written):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_key), written.replace("\\", "/")))
        if target == ".." or target.startswith("../") or target.startswith("/"):
            raise IncludeRefused(T('include {written!r} leads outside the given includes', written=written),
                                 T("included paths are relative and stay inside the mapping's root"))
        if self._lookup(target) is None:
            raise IncludeRefused(T('included file {written!r} is not among the given includes', written=written),
                                 T('add it to the includes mapping (or let the loader return its text)'))
        return target

    def _lookup(self, key):
        data = self.given.get(key)
        if data is None and self.loader is not None:
            data = self.loader(key)
        return data

    def _read(self, key):
        data = self._lookup(key)
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)


class NoIncludes(MappingIncludes):
    """No file access at all: any include is refused."""

    def _resolve(self, from_key, written):
        raise IncludeRefused(T('include {written!r} cannot be read: this scheme was loaded from text without an includes source', written=written), T('pass includes={path: text} or a loader to loads_scheme'))


class Replay(Includes):
    """The texts and resolutions recorded by an earlier load (rebuilding a pickled scheme)."""

    def __init__(self, texts: dict, resolutions: dict):
        super().__init__()
        self.given, self.table = texts, resolutions

    def _resolve(self, from_key, written):
        try:
            return self.table[(from_key, written)]
        except KeyError:
            raise IncludeRefused(T('include {written!r} was not part of the pickled scheme', written=written)) from None

    def _read(self, key):
        return self.given[key]


def read_regular(path: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (a FIFO or a device is refused: it may never end)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise IsADirectoryError(21, "not a regular file") if stat.S_ISDIR(st.st_mode) else \
            OSError(22, "not a regular file (a device, a pipe or a socket)")
    if st.st_size > MAX_BYTES:
        raise OverflowError(st.st_size)
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OverflowError(len(data))
    return data


def _read_problem(problems, e, shown):
    if isinstance(e, OverflowError):
        problems.add("SR105", T('the file is {size:,} bytes; a scheme may be at most {max_bytes:,}', size=e.args[0], max_bytes=MAX_BYTES),
                     Span(shown, 1, 1), "", T('split it into included files'))
    else:
        problems.add("SR106", T('cannot read the file: {value}', value=os_reason(e)), Span(shown, 1, 1), "",
                     T('check the path and that the file is readable'))


def scheme_shaped(tree, main: bool) -> bool:
    """True when a tree is a scheme file (main) or a scheme fragment (include): only then may problems
    quote its content. Anything else (a password file, an application's configuration) is never echoed."""
    if not isinstance(tree, Map):
        return False
    keys = set(tree.keys())
    return bool(keys & TOP_KEYS) if main else keys <= TOP_KEYS


def _content_free(problems: Problems, probs, tree, shown: str, what: str) -> None:
    """Report a file that is not a scheme without a word of its content."""
    first = min((p.span for p in probs if p.span), default=None) or Span(shown, 1, 1)
    problems.add("SR109", T('{what} is not a scheme file: its top level is not a mapping of scheme sections (schemerules, id, inputs, params, rules …)', what=what), Span(shown, first.line, first.col), "",
                 T('check that the path names a scheme; its content is not shown'))


def load_sections(path: str, text: str | None = None, includes: Includes | None = None,
                  main_key: str | None = None) -> tuple[Sections | None, Problems]:
    """Read *path* (or *text* shown as *path*) and its includes; return sections and problems."""
    problems = Problems()
    if includes is None:
        includes = DiskIncludes(os.path.dirname(os.path.abspath(path))) if text is None else NoIncludes()
    if main_key is None:
        main_key = includes.main_key(path) if isinstance(includes, DiskIncludes) else path
    if text is None:
        try:
            data = read_regular(path)
        except (OSError, OverflowError) as e:
            _read_problem(problems, e, path)
            return None, problems
        includes.texts[main_key] = data
    else:
        data = text
    tree, probs = read_text(data, path)
    if tree is None and not probs:
        problems.add("SR109", T('the file holds no scheme (it is empty or only comments)'), Span(path, 1, 1), "",
                     T('start with schemerules: 1 and id: …'))
        return None, problems
    if tree is not None and not scheme_shaped(tree, main=True):
        _content_free(problems, probs, tree, path, T('the file'))
        return None, problems
    problems.extend(probs)
    if tree is None:
        return None, problems
    top = M(problems, tree, "", T('a mapping at the top of the file'))
    if not top.ok:
        return None, problems
    header = read_header(problems, top, path)
    inputs = read_inputs(problems, top.map("inputs", what=T('a mapping of input name to input')), header.period)
    params = read_params(problems, top.map("params", what=T('a mapping of param name to value')))
    rules = read_rules(problems, top.map("rules", required=True, what=T('a mapping of rule name to rule')))
    from .tables import check_tables, read_tables
    tables, columns = read_tables(problems, top.map("tables", what=T("a mapping of table name to table")),
                                  header.period)
    from .employment import read_calendar
    calendar = read_calendar(problems, top.raw("calendar"), "calendar", includes, main_key)
    output = top.raw("output")
    tests = top.raw("tests")
    used = top.seq("uses", what=T('a list of used schemes, each {file: other.yaml, outputs: [rule, …]}'))
    included = top.seq("include", what=T('a list of file paths'))
    top.done(TOP_KEYS)
    base = os.path.dirname(os.path.abspath(path))
    if included is not None:
        merged_in: dict = {}
        merged_pa: dict = {}
        merged_ru: dict = {}
        _include(problems, included, "include", main_key, [main_key], {main_key}, merged_in, merged_pa,
                 merged_ru, header.period, includes)
        inputs = _merge(problems, merged_in, inputs, T("input"))
        rules = _merge(problems, merged_ru, rules, T("rule"))
        params = {**merged_pa, **params}          # the including file may override params
    if columns:
        inputs = _merge(problems, inputs, columns, T("input"))     # a table's columns are inputs of the scheme
        check_tables(problems, tables, inputs)
    _cross_section_duplicates(problems, inputs, params, rules)
    from .testing import check_tests
    check_tests(problems, tests)
    _drop_follow_on(problems)
    return Sections(header, inputs, params, rules, output, tests, tree, base, includes, main_key, used,
                    tables=tables, calendar=calendar), problems


def _merge(problems, first: dict, second: dict, what: str) -> dict:
    out = dict(first)
    for name, item in second.items():
        if name in out:
            problems.add("SR206", T('{what} {name} is defined twice (also in {file})', what=what, name=name, file=out[name].span.file), item.span,
                         item.path, T('rename one of them; only params may be overridden by the including file'))
        else:
            out[name] = item
    return out


def _include(problems, seq, path, from_key, chain, seen, inputs, params, rules, period, includes):
    for i, node in enumerate(seq.items):
        ipath = f"{path}[{i}]"
        text = getattr(node, "text", None)
        if not text or getattr(node, "is_null", True):
            problems.add("SR209", T('an include is a file path'), node, ipath)
            continue
        if os.path.isabs(text) or posixpath.isabs(text) or not text.endswith((".yaml", ".yml")):
            problems.add("SR209", T('include {text!r} must be a relative path to a .yaml file', text=text), node, ipath,
                         T('paths are relative to the including file'))
            continue
        try:
            target = includes.resolve(from_key, text)
        except IncludeRefused as e:
            problems.add("SR209", e.message, node, ipath, e.hint)
            continue
        if target in chain:
            names = [os.path.basename(c) for c in chain[chain.index(target):]] + [os.path.basename(target)]
            problems.add("SR209", T("include cycle: {files}", files=" → ".join(names)), node, ipath,
                         T('remove the include that leads back to a file already being read'))
            continue
        if target in seen:
            continue                                # a file reached twice is merged once
        if len(seen) >= MAX_INCLUDES:
            problems.add("SR215", T('more than {max_includes} included files', max_includes=MAX_INCLUDES), node, ipath)
            return
        seen.add(target)
        shown = includes.shown(target)
        try:
            data = includes.read(target)
        except (OSError, OverflowError) as e:
            _read_problem(problems, e, shown)
            continue
        tree, probs = read_text(data, shown)
        if tree is not None and not scheme_shaped(tree, main=False):
            _content_free(problems, probs, tree, shown, T('included file {text!r}', text=text))
            continue
        problems.extend(probs)
        if tree is None:
            continue
        top = M(problems, tree, "", T('a mapping at the top of the file'))
        if not top.ok:
            continue
        for k in ("schemerules", "id", "title", "company", "version", "currency", "rounding", "period", "output",
                  "tests"):
            top.raw(k)
        sub_in = read_inputs(problems, top.map("inputs"), period)
        sub_pa = read_params(problems, top.map("params"))
        sub_ru = read_rules(problems, top.map("rules"))
        nested = top.seq("include")
        if top.has("uses"):
            problems.add("SR209", T("uses: is written in the main scheme file, not in an included file"),
                         top.key_node("uses"), "uses", T("move uses: to the file that includes this one"))
        if top.has("calendar"):         # never ignored in silence: the days it holds change pay
            problems.add("SR209", T("calendar: is written in the main scheme file, not in an included file"),
                         top.key_node("calendar"), "calendar", T("move calendar: to the file that includes this one"))
        top.done(TOP_KEYS)
        if nested is not None:
            _include(problems, nested, "include", target, chain + [target], seen,
                     inputs, params, rules, period, includes)
        for store, new, what in ((inputs, sub_in, T("input")), (rules, sub_ru, T("rule")),
                                 (params, sub_pa, T("param"))):
            for name, item in new.items():
                if name in store:
                    problems.add("SR206", T('{what} {name} is defined twice (also in {file})', what=what, name=name, file=store[name].span.file),
                                 item.span, item.path, T('rename one of them'))
                else:
                    store[name] = item


def _cross_section_duplicates(problems, inputs, params, rules):
    seen: dict = {}
    for section, items in ((T("an input"), inputs), (T("a param"), params), (T("a rule"), rules)):
        for name, item in items.items():
            if name in seen:
                problems.add("SR206", T("{name} is both {seen} and {section}; names share one namespace", name=name, seen=seen[name],
                               section=section),
                             item.span, item.path, T('rename one of them'))
            else:
                seen[name] = section


def _drop_follow_on(problems: Problems) -> None:
    """Where reading refused a node (alias, tag), drop the structural problems it caused at that place."""
    codes = ("SR102", "SR103", "SR107")
    refused = {(p.span.file, p.path) for p in problems if p.code in codes and p.span}
    if refused:
        problems[:] = [p for p in problems if p.code in codes or not p.span
                       or (p.span.file, p.path) not in refused]
