"""``schemerules plot``: a payout curve (:mod:`.curves`) to SVG or PNG, from the command line.

::

    schemerules plot schemes/appliance_retail_ksf.yaml sales_ksf --vary sales=300万..800万 \\
        --fix store=西湖店 --fix wage_cost_ratio=26% -o ksf.svg

RULE may be ``total`` (the scheme's total rule), and several rules share one chart. ``--set`` and
``--params`` change param values first (what-if). Exit status 0 when the file was written, 1 otherwise
(the scheme is invalid, the curve cannot be drawn as asked, or the file cannot be written).
"""

from __future__ import annotations

import os
import sys

from .errors import Error, SchemeError
from .messages import T, render

FORMATS = {".svg": "svg", ".png": "png"}


def add_parser(command, common, setting, h):
    """Add ``plot`` with *command(name, parents, text)* of :func:`schemerules.cli.parser`."""
    p = command("plot", [common, setting], h(
        "画薪酬曲线：一条规则（或合计）随一个输入项变化（SVG/PNG，用于方案建议书）",
        "draw a payout curve: how a rule (or the total) moves with one input (SVG/PNG, for a proposal)"))
    p.add_argument("scheme")
    p.add_argument("rules", nargs="+", metavar="RULE", help=h(
        "要画的规则（可多个；total 表示方案的合计规则）", "the rules to draw (several share a chart; total is the "
                                                          "scheme's total rule)"))
    p.add_argument("--vary", required=True, metavar="INPUT=FROM..TO", help=h(
        "横轴：变化的输入项及其范围，数字写法同方案（如 sales=300万..800万、wage_cost_ratio=20%%..32%%）",
        "the x axis: the input that varies and its range, number text as in schemes (sales=300万..800万, "
        "wage_cost_ratio=20%%..32%%)"))
    p.add_argument("--fix", action="append", metavar="INPUT=VALUE", help=h(
        "其他输入项的取值（可重复；没有默认值的输入项必须给出）",
        "the value of another input (repeatable; every input without a default needs one)"))
    p.add_argument("--points", type=int, metavar="N", help=h(
        "初始网格的区间数（默认 240；跳变和拐点会另外精确定位）",
        "intervals of the first grid (default 240; jumps and kinks are located exactly besides)"))
    p.add_argument("-o", "--output", required=True, metavar="OUT.svg|OUT.png", help=h(
        "写到此文件（.svg 或 .png）", "write to this file (.svg or .png)"))
    p.set_defaults(func=cmd_plot)
    return p


def cmd_plot(args) -> int:
    """Draw the curve asked for by *args* and write it; 0 on success, 1 after printing why not."""
    from .cli import compile_with_settings
    from .curves import CurveError, curve, parse_fix, parse_range
    from .output import check_output, opened
    lang = getattr(args, "lang", None) or "en"
    try:
        ext = os.path.splitext(args.output)[1].lower()
        fmt = FORMATS.get(ext)
        if fmt is None:
            raise CurveError(T("the output {path} is neither .svg nor .png", path=args.output),
                             T("write -o curve.svg (for documents and the web) or -o curve.png"), code="SR508")
        name, lo, hi = parse_range(args.vary)
        fix = parse_fix(args.fix)
        try:
            scheme = compile_with_settings(args.scheme, args)
        except SchemeError as e:
            for p in e.problems:
                print(p.render(lang), file=sys.stderr)
            return 1
        inputs = [args.scheme] + [k for k in scheme._origin[3] if os.path.isabs(k)]
        check_output(args.output, inputs)                  # before the work: refuse to write over the scheme
        c = curve(scheme, args.rules, name, lo, hi, fix=fix, points=args.points)
        data = c.to_svg(lang) if fmt == "svg" else c.to_png(lang)
        with opened(args.output, inputs) as f:
            if isinstance(data, bytes):
                f.flush()
                f.buffer.write(data)
            else:
                f.write(data)
    except Error as e:
        print(e.render(lang) if hasattr(e, "render") else str(e), file=sys.stderr)
        return 1
    print(render(T("written to {path} ({count} evaluations, {jumps} jumps)", path=args.output,
                   count=c.evaluations, jumps=len(c.jumps)), lang))
    for f in c.failures:
        print(render(T("records fail from {lo} to {hi}: {code} {message}", lo=f"{f.lo:f}", hi=f"{f.hi:f}",
                       code=f.code, message=render(f.message, lang)), lang), file=sys.stderr)
    if not c.complete:
        print(render(T("warning: the evaluation budget ran out; parts of the curve are drawn from the points found"),
                     lang), file=sys.stderr)
    return 0
