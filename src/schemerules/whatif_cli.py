"""The what-if commands of ``schemerules``: ``diff`` and ``sweep`` (with ``--target-total``: solve).

The main command line (:mod:`schemerules.cli`) adds them with :func:`add_parsers`; each command is a
function of the parsed arguments that prints its summary in ``--lang`` and returns the exit status:
0 every record was paid on every side, 2 some record failed on a side (as ``run``), 1 a scheme is invalid
(its problems are printed). Other mistakes (a records file that cannot be read, a malformed ``--vary``,
an output that cannot be written) raise a :class:`schemerules.Error`, which the main command prints; the
exit status is then 1.

::

    schemerules diff OLD.yaml NEW.yaml RECORDS [--set-old N=V] [--set-new N=V] [--params-old F] [--params-new F]
                     [--set N=V] [--params F] [--by FIELD] [--top N] [-o OUT.json|.csv|.xlsx|.html]
    schemerules sweep SCHEME RECORDS --vary NAME=FROM..TO/STEP [--vary NAME2=…] [-o OUT]
    schemerules sweep SCHEME RECORDS --vary NAME=FROM..TO --target-total AMOUNT [--tolerance T] [-o OUT]
"""

from __future__ import annotations

import sys

from .errors import SchemeError
from .messages import T, render
from .whatif import TOP, WhatIfError, compare, parse_vary, solve, sweep
from .whatif_output import FORMATS, format_of, text, write


def add_parsers(command, common, reading, setting, h) -> None:
    """Add ``diff`` and ``sweep`` to the command line: *command(name, parents, text)* makes a subcommand's
    parser, *common*, *reading* and *setting* are the shared option groups of :func:`schemerules.cli.parser`
    (--lang …; the records file options; --set and --params), *h(zh, en)* picks a help text."""
    d = command("diff", [common, reading, setting], h(
        "方案测算：比较两个方案（或同一方案的两组参数）对同一批记录的工资：每人的变化、合计、分组和分布",
        "what-if: compare the pay of two schemes (or one scheme with two sets of param values) over the same "
        "records: each record's change, totals, breakdown and distribution"))
    d.add_argument("old", metavar="OLD.yaml", help=h("旧方案", "the old scheme"))
    d.add_argument("new", metavar="NEW.yaml", help=h("新方案（可与旧方案是同一文件，用 --set-new 改参数）",
                                                     "the new scheme (may be the same file, with --set-new)"))
    d.add_argument("records", metavar="RECORDS", help=h("记录文件（两边读的是同一批记录）",
                                                        "the records file (both sides read the same records)"))
    d.add_argument("--set-old", action="append", metavar="NAME=VALUE", help=h(
        "只对旧方案设置参数值（可重复；--set 对两边都生效）",
        "set a param of the old scheme only (repeatable; --set applies to both sides)"))
    d.add_argument("--set-new", action="append", metavar="NAME=VALUE", help=h(
        "只对新方案设置参数值，如 sales_balance=600万（可重复）",
        "set a param of the new scheme only, e.g. sales_balance=600万 (repeatable)"))
    d.add_argument("--params-old", action="append", metavar="FILE", help=h(
        "旧方案的参数文件（可重复；--params 对两边都生效）",
        "a params file for the old scheme only (repeatable; --params applies to both sides)"))
    d.add_argument("--params-new", action="append", metavar="FILE", help=h(
        "新方案的参数文件（可重复）", "a params file for the new scheme only (repeatable)"))
    d.add_argument("--by", metavar="FIELD", help=h("按此输入项（如门店、岗位、等级）分组汇总",
                                                  "break the comparison down by this input (store, post, grade …)"))
    d.add_argument("--top", type=int, default=TOP, metavar="N", help=h(
        f"列出增加最多和减少最多的 N 人（默认 {TOP}）", f"list the N largest gains and losses (default {TOP})"))
    d.add_argument("-o", "--output", help=h("写到此文件：.json .csv .xlsx 或 .html（带图表的报告）",
                                            "write to this file: .json, .csv, .xlsx or .html (a report with charts)"))
    d.add_argument("--format", choices=FORMATS, help=h("输出格式（默认按 -o 的扩展名）",
                                                       "output format (default: from -o's extension)"))
    d.set_defaults(func=cmd_diff)

    s = command("sweep", [common, reading, setting], h(
        "方案测算：让一两个参数取一串值，看工资总额、平均和中位工资以及多发少发的人数；"
        "加 --target-total 则求使工资总额最接近目标的参数值",
        "what-if: vary one or two params over values and see the total payroll, mean and median pay and who is "
        "paid more or less; with --target-total, find the value that brings the total closest to a target"))
    s.add_argument("scheme")
    s.add_argument("records")
    s.add_argument("--vary", action="append", required=True, metavar="NAME=FROM..TO/STEP", help=h(
        "要变动的参数及取值：FROM..TO/STEP（数字写法同方案，如 500万..700万/20万、1%%..2%%/0.1%%），"
        "或 V1,V2,…；可给一到两次",
        "the param to vary and its values: FROM..TO/STEP (number text as in schemes: 500万..700万/20万, "
        "1%%..2%%/0.1%%) or V1,V2,…; once or twice"))
    s.add_argument("--target-total", metavar="AMOUNT", help=h(
        "求解：找出使工资总额最接近此金额的参数值（只能有一个 --vary，其 FROM..TO 是搜索范围，/STEP 是所需精度）",
        "solve: find the value of the one --vary param whose total payroll is closest to AMOUNT (FROM..TO is "
        "the search interval; /STEP, when given, the precision wanted)"))
    s.add_argument("--tolerance", metavar="VALUE", help=h(
        "求解的精度（默认：搜索范围的 1/8000）", "the precision of the value solved for (default: 1/8000 of the "
                                              "interval)"))
    s.add_argument("-o", "--output", help=h("写到此文件：.json .csv .xlsx 或 .html（带图表的报告）",
                                            "write to this file: .json, .csv, .xlsx or .html (a report with charts)"))
    s.add_argument("--format", choices=FORMATS, help=h("输出格式（默认按 -o 的扩展名）",
                                                       "output format (default: from -o's extension)"))
    s.set_defaults(func=cmd_sweep)


def _compile(path, args, sets, files, side=None):
    """The compiled scheme, or None after printing its problems (under the name of its side)."""
    from .cli import _print_problems, compile_with_settings
    try:
        return compile_with_settings(path, args, sets=sets, params_files=files)
    except SchemeError as e:
        if side is not None:
            print(render(T("{side} ({path}):", side=side, path=path), args.lang), file=sys.stderr)
        _print_problems(e, args.lang)
        return None


def _read(args) -> tuple:
    """(the records of the records file as a list — read once —, the source that names their lines)."""
    from .records import open_records
    source = open_records(args.records, args.input_format, encoding=args.encoding, delimiter=args.delimiter,
                          sheet=args.sheet, header_row=args.header_row)
    return list(source), source


def _inputs(args, paths, schemes) -> list:
    from .cli import _scheme_files
    return [args.records] + list(paths) + [f for s in schemes for f in _scheme_files(s)]


def _prepare_output(args, inputs) -> None:
    """Refuse a bad output (an input of the run, an unknown extension) before anything is computed."""
    if args.output:
        from .output import check_output
        format_of(args.output, args.format)
        check_output(args.output, inputs)


def _finish(args, result, inputs, source, count) -> None:
    from .cli import _accounting
    lang = args.lang
    if args.output == "-":              # standard output holds the file alone
        write(args.output, result, lang=lang, fmt_=args.format, inputs=inputs)
        return
    print(_accounting(source, count, lang))
    if args.output:
        write(args.output, result, lang=lang, fmt_=args.format, inputs=inputs)
        print(render(T("written to {path}", path=args.output), lang))


def cmd_diff(args) -> int:
    """``schemerules diff``: 0, 2 when some record failed on a side, 1 when a scheme is invalid."""
    old = _compile(args.old, args, (args.set or []) + (args.set_old or []),
                   (args.params or []) + (args.params_old or []), render(T("old scheme"), args.lang))
    new = _compile(args.new, args, (args.set or []) + (args.set_new or []),
                   (args.params or []) + (args.params_new or []), render(T("new scheme"), args.lang))
    if old is None or new is None:
        return 1
    inputs = _inputs(args, [args.old, args.new], [old, new])
    _prepare_output(args, inputs)
    records, source = _read(args)
    from .terminal import progress_bar
    with progress_bar(args.output != "-", args.lang) as bar:
        result = compare(old, new, records, by=args.by, top=args.top, locate=source.location, progress=bar)
    if not (args.output == "-"):
        print(text(result, args.lang, top=args.top))
    _finish(args, result, inputs, source, len(records))
    return 2 if result.failed else 0


def cmd_sweep(args) -> int:
    """``schemerules sweep`` (``--target-total``: solve): 0, 2 when some record failed, 1 when the scheme is
    invalid."""
    scheme = _compile(args.scheme, args, args.set or [], args.params or [])
    if scheme is None:
        return 1
    varies = [parse_vary(v) for v in args.vary]
    names = [v.name for v in varies]
    if len(set(names)) != len(names):
        raise WhatIfError(T("--vary names {name} twice", name=next(n for n in names if names.count(n) > 1)),
                          code="SR206", hint=T("give each param once"))
    inputs = _inputs(args, [args.scheme], [scheme])
    if args.target_total is not None:
        if len(varies) != 1:
            raise WhatIfError(T("--target-total solves for one param: give exactly one --vary"), code="SR203",
                              hint=T("for example --vary sales_balance=500万..700万 --target-total 50万"))
        v = varies[0]
        _prepare_output(args, inputs)
        records, source = _read(args)
        tolerance = args.tolerance if args.tolerance is not None else v.step
        result = solve(scheme, records, v.name, args.target_total, v.lo, v.hi, tolerance=tolerance,
                       locate=source.location)
        failed = result.failed
    else:
        for v in varies:
            if v.form == "interval":
                raise WhatIfError(T("--vary {name} gives an interval without a step; a sweep needs "
                                    "FROM..TO/STEP or a list of values", name=v.name), code="SR203",
                                  hint=T("for example --vary sales_balance=500万..700万/20万"))
        _prepare_output(args, inputs)
        records, source = _read(args)
        from .terminal import progress_bar
        with progress_bar(args.output != "-", args.lang, ("个值", " values")) as bar:
            result = sweep(scheme, records, {v.name: v.values for v in varies}, locate=source.location,
                           progress=bar)
        failed = result.base.failed or any(p.failed for p in result.points)
    if not (args.output == "-"):
        print(text(result, args.lang))
    _finish(args, result, inputs, source, len(records))
    return 2 if failed else 0


def main_for_tests(argv) -> int:
    """Run ``diff`` or ``sweep`` from *argv* as the ``schemerules`` command would, with the same options and
    the same handling of errors (for tests, and until :mod:`schemerules.cli` adds the commands itself)."""
    import argparse
    from .cli import LANGS, default_lang
    from .errors import Error
    from .records import FORMATS as RECORD_FORMATS
    argv = list(argv)
    asked = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), None)
    lang = asked if asked in LANGS else default_lang()

    def h(zh, en):
        return zh if lang == "zh" else en
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default=lang)
    common.add_argument("--include-root", metavar="DIR")
    setting = argparse.ArgumentParser(add_help=False)
    setting.add_argument("--set", action="append", metavar="NAME=VALUE")
    setting.add_argument("--params", action="append", metavar="FILE")
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument("--input-format", choices=RECORD_FORMATS)
    reading.add_argument("--encoding")
    reading.add_argument("--delimiter")
    reading.add_argument("--sheet")
    reading.add_argument("--header-row", type=int, metavar="N")
    p = argparse.ArgumentParser(prog="schemerules")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name, parents, text_):
        return sub.add_parser(name, parents=parents, help=text_, description=text_)
    add_parsers(command, common, reading, setting, h)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except Error as e:
        from .cli import print_error
        print_error(e, args.lang)
        return 1


__all__ = ["add_parsers", "cmd_diff", "cmd_sweep", "main_for_tests"]
