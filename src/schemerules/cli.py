"""The ``schemerules`` command: check, test, run and explain schemes.

Exit status: 0 success; 1 a scheme is invalid, a file cannot be read or
written, a test failed, or ``run --strict`` refused the batch; 2 some
records failed (``run``, ``explain``). User mistakes never print a Python
traceback (``--debug`` shows them for internal errors).

The language of messages and labels is ``--lang``, else the environment
variable ``SCHEMERULES_LANG``, else the locale (``zh_*`` → Chinese), else
English — the same for every command.
"""

from __future__ import annotations

import argparse
import locale
import os
import signal
import sys


from .messages import T, render
from .errors import Error, SchemeError
from .output import Tally, opened, output_format, summary, table, write_csv, write_json
from .records import FORMATS, open_records
from .testing import run_files

LANGS = ("zh", "en")


def default_lang(environ=None) -> str:
    """SCHEMERULES_LANG, else the locale (zh_* → zh), else en."""
    environ = os.environ if environ is None else environ
    lang = environ.get("SCHEMERULES_LANG", "").strip().lower()
    if lang in LANGS:
        return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def _say(lang, zh, en):
    return zh if lang == "zh" else en


def print_error(e, lang: str) -> None:
    """A schemerules.Error on standard error, in *lang*, starting "error:" (错误：) once."""
    text = e.render(lang) if hasattr(e, "render") else str(e)
    print(text if text.startswith(("error", "错误")) else _say(lang, f"错误：{text}", f"error: {text}"), file=sys.stderr)


def _print_problems(e: SchemeError, lang: str) -> None:
    for p in e.problems:
        print(p.render(lang), file=sys.stderr)
    n = len(e.problems)
    print(_say(lang, f"共 {n} 个问题", f"{n} problem{'s' if n != 1 else ''} found"), file=sys.stderr)


def compile_with_settings(path, args, sets=None, params_files=None, strict=False):
    """The compiled scheme with the params of --params and --set (or of *sets* and *params_files*); raise one
    SchemeError with every problem of the scheme and of the values set (and its warnings, when *strict*)."""
    from .compiler import compile_file
    from .loader import DiskIncludes
    from .reader import Problems
    from .settings import from_assignment, from_file
    problems = Problems()
    settings = []
    for f in (getattr(args, "params", None) or []) if params_files is None else params_files:
        settings += from_file(f, problems)                 # files first: a --set wins over a file
    for i, text in enumerate((getattr(args, "set", None) or []) if sets is None else sets, 1):
        s = from_assignment(text, problems, i)
        if s is not None:
            settings.append(s)
    root = getattr(args, "include_root", None)
    root = root if root is not None else os.path.dirname(os.path.abspath(path))
    return compile_file(str(path), None, DiskIncludes(root), None, tuple(settings), problems, strict)


def _load(path, args, sets=None, params_files=None, strict=False):
    """The compiled scheme (see compile_with_settings), or None after printing its problems."""
    try:
        return compile_with_settings(path, args, sets, params_files, strict)
    except SchemeError as e:
        _print_problems(e, args.lang)
        return None


def _scheme_files(scheme) -> list[str]:
    """The files a compiled scheme was read from (for refusing to write over them)."""
    return [k for k in scheme._origin[3] if os.path.isabs(k)]


def _open_records(args):
    """The records file of a run: one source, read once by the survey and again by the evaluation (so that it
    knows where every record is before the first is paid)."""
    return open_records(args.records, args.input_format, encoding=args.encoding, delimiter=args.delimiter,
                        sheet=args.sheet, header_row=args.header_row)


def cmd_check(args) -> int:
    status = 0
    for path in args.files:
        scheme = _load(path, args, strict=args.strict)
        if scheme is None:
            status = 1
        else:
            for w in scheme.warnings:           # found at load; --strict makes them problems (SR7xx)
                print(w.render(args.lang), file=sys.stderr)
            print(_say(args.lang, f"{path}：通过（{scheme.id}，{len(scheme.inputs)} 个输入项，{len(scheme.rules)} 条规则）",
                       f"{path}: ok ({scheme.id}, {len(scheme.inputs)} inputs, {len(scheme.rules)} rules)"))
    return status


def cmd_test(args) -> int:
    outcomes, broken = run_files(args.paths, lambda p: compile_with_settings(p, args))
    for o in outcomes:
        if not o.passed or args.verbose:
            mark = "PASS" if o.passed else "FAIL"
            print(f"{mark} {o.file}:{o.line} {o.name}")
            for f in o.failures:
                print(f"    {render(f, args.lang)}")
    for path, e in broken:
        print(_say(args.lang, f"ERROR {path}：方案无法加载", f"ERROR {path}: the scheme cannot be loaded"))
        if isinstance(e, SchemeError):
            for p in e.problems:
                print("    " + p.render(args.lang).replace("\n", "\n    "))
        else:
            print(f"    {render(e, args.lang)}")
    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed + len(broken)
    print(_say(args.lang, f"{passed} 个通过，{failed} 个失败", f"{passed} passed, {failed} failed"))
    return 0 if failed == 0 else 1


def cmd_run(args) -> int:
    try:
        return _run(args)
    finally:
        ahead = getattr(args, "columnar_ahead", None)       # results staged by the survey and never used
        if ahead is not None:
            args.columnar_ahead = None
            ahead.discard()
        if getattr(args, "columnar", False) and getattr(args, "standalone", False) \
                and not (getattr(args, "workers", None) or getattr(args, "dask", None)):    # Dask ends its own way
            _RUN_DONE["columnar"] = True


def _run(args) -> int:
    scheme = _load(args.scheme, args)
    if scheme is None:
        return 1
    args.columnar = False
    engine = getattr(args, "engine", "auto")
    if engine != "scalar":
        from .columnar_run import refusal
        why = refusal(args, scheme)
        if why is not None and engine == "vector":
            print(render(T("error: --engine vector cannot run this: {reason}", reason=why), args.lang),
                  file=sys.stderr)
            return 1
        args.columnar = why is None                 # column by column (columnar_run.py): the same bytes out
    if getattr(args, "workers", None) or getattr(args, "dask", None):
        from .dask_cli import run_distributed
        return run_distributed(args, scheme)
    lang = args.lang
    inputs = [args.records, args.scheme] + _scheme_files(scheme)
    if args.output:
        from .output import check_output
        check_output(args.output, inputs)
        if args.explain:
            check_output(args.output + ".explain.json", inputs)
    source = _open_records(args)
    survey = None
    if args.strict or scheme.id_field is not None:
        if args.columnar:
            from .columnar_run import survey as columnar_survey
            survey = columnar_survey(scheme, source, args, inputs)
        else:
            survey = scheme.survey(source)          # one pass, paying no one: duplicates and unread fields
        from .supplements_cli import survey_with_tables
        survey = survey_with_tables(args, scheme, survey)      # extension: what --table gives is not missing
        if args.strict and not survey.fields.clean:
            for line in survey.fields.lines(scheme, lang):
                print(_say(lang, f"错误：{line}", f"error: {line}"), file=sys.stderr)
            print(_say(lang, "错误[SR510] --strict：记录与方案的输入项不完全对应，未计算任何记录",
                       "error[SR510] --strict: the records do not match the scheme's inputs; nobody was paid"),
                  file=sys.stderr)
            return 1
    from .fields import FieldTally
    from .terminal import progress_bar
    tally_fields = FieldTally(scheme.fields)
    if args.explain and not args.output:
        print(_say(lang, "错误：--explain 写在结果文件旁边，请给出 -o OUT",
                   "error: --explain writes beside the output file; give -o OUT"), file=sys.stderr)
        return 1
    steps = scheme._staged and not args.columnar          # the staged evaluator counts records × stages
    with progress_bar(not args.quiet, lang, ("步", " steps") if steps else ("条", " records")) as bar:
        tally = _evaluate(args, scheme, source, survey, tally_fields, inputs, bar)
    return _report(args, scheme, source, survey, tally_fields, tally)


def _evaluate(args, scheme, source, survey, tally_fields, inputs, bar) -> Tally:
    """Evaluate the records and write the output file (the part a progress bar follows)."""
    lang = args.lang
    if getattr(args, "columnar", False):
        if scheme._staged:                                   # the whole file in columns (population_run.py)
            from .population_run import evaluate
        else:
            from .columnar_run import evaluate
        return evaluate(args, scheme, source, survey, tally_fields, inputs, bar)
    from .supplements_cli import open_supplements
    args.supplements = open_supplements(args, scheme)        # extensions: group tables, manual adjustments
    stream = scheme.evaluate_iter(source, survey=survey, locate=source.location, tally=tally_fields, progress=bar,
                                  supplements=args.supplements)
    if args.supplements is not None:
        stream = args.supplements.watch(stream)
    if args.explain:
        stream = _explaining(stream, args.output + ".explain.json", inputs)
    tally = Tally(stream, args.rows)
    if args.output:
        fmt = args.format or output_format(args.output)
        if fmt == "json":
            write_json(args.output, scheme, tally, locate=source.location, inputs=inputs, lang=lang)
        elif fmt == "xlsx":
            from .workbook import write_xlsx
            write_xlsx(args.output, scheme, tally, locate=source.location, inputs=inputs, lang=lang,
                       header=args.header or "labels")
        else:
            write_csv(args.output, scheme, tally, locate=source.location, inputs=inputs, lang=lang,
                      labels=args.header == "labels")
    else:
        tally.drain()
    return tally


def _report(args, scheme, source, survey, tally_fields, tally) -> int:
    """What a run prints on the terminal once every record is evaluated."""
    lang = args.lang
    if not args.quiet:
        print(table(scheme, tally.head, lang, args.rows, tally.total))
        for r in tally.failures:
            where = source.location(r.position)
            where = f"{render(where, lang)}{'：' if lang == 'zh' else ': '}" if where else ""
            print(f"  {where}{r.error.render(lang)}", file=sys.stderr)
        if tally.failed > len(tally.failures):
            more = tally.failed - len(tally.failures)
            print(_say(lang, f"  … 另有 {more} 条失败记录（见结果文件）",
                       f"  … {more} more failed records (see the output file)"), file=sys.stderr)
    ends = getattr(source, "_ends", None)          # a CSV source knows which records span lines: only those
    spanning = [s for s in (source.line_span(p) for p in (sorted(ends) if ends is not None else range(tally.total))
                            if p < tally.total) if s and s[1] > s[0]]
    if spanning:
        shown = ", ".join(render(T("lines {first}–{last}", first=a, last=b), lang) for a, b in spanning[:5])
        print(render(T("warning: {count} records span several lines (a quoted cell with a line break, or a stray "
                       "quote that closes later): {lines}", count=len(spanning),
                       lines=shown + (" …" if len(spanning) > 5 else "")), lang), file=sys.stderr)
    report = survey.fields if survey is not None else tally_fields.report()
    for line in report.lines(scheme, lang):
        print(_say(lang, f"注意：{line}", f"warning: {line}"), file=sys.stderr)
    refused = 0
    if getattr(args, "supplements", None) is not None:
        from .supplements_cli import print_report, write_adjustments
        refused = print_report(args.supplements, lang)
        if args.output and args.output != "-" and args.supplements.rows is not None:
            write_adjustments(args.output + ".adjustments.csv", args.supplements.report(),
                              [args.records, args.scheme, args.adjustments] + _scheme_files(scheme), lang)
            print(_say(lang, "手工调整清单已写入 ", "adjustments written to ") + args.output + ".adjustments.csv")
    print(summary(tally.total, tally.failed, lang))
    if scheme.overridden:
        from .render.payslip import whatif
        from .trace import overridden_of
        print(whatif(overridden_of(scheme), lang))
    print(_accounting(source, tally.total, lang))
    if args.output and args.output != "-":
        print(_say(lang, "结果已写入 ", "results written to ") + args.output)
    return 2 if tally.failed or refused else 0


def _accounting(source, records: int, lang: str) -> str:
    """Every line (or sheet row) of the records file, accounted for."""
    st = source.stats
    if source.format in ("xlsx", "xls", "ods"):
        sheet = getattr(source, "sheet", None) or ""
        return _say(lang, f"读取 {source.path}（工作表 {sheet}）：共 {st.lines} 行 = 表头 {st.header_lines} 行 + 记录 "
                    f"{st.data_lines} 行（{records} 条记录）+ 空行 {st.blank_lines} 行",
                    f"read {source.path} (sheet {sheet}): {st.lines} rows = {st.header_lines} header + "
                    f"{st.data_lines} in {records} records + {st.blank_lines} blank")
    if source.format != "csv":
        return _say(lang, f"读取 {source.path}：{records} 条记录", f"read {source.path}: {records} records")
    return _say(lang, f"读取 {source.path}：共 {st.lines} 行 = 表头 {st.header_lines} 行 + 记录 {st.data_lines} 行"
                f"（{records} 条记录）+ 空行 {st.blank_lines} 行",
                f"read {source.path}: {st.lines} lines = {st.header_lines} header + {st.data_lines} in "
                f"{records} records + {st.blank_lines} blank")


def _explaining(results, path, inputs):
    """Pass results through while writing their traces, one JSON object per line, atomically."""
    import json
    with opened(path, inputs) as f:
        for r in results:
            f.write(json.dumps(r.explain().to_dict(), ensure_ascii=False) + "\n")
            yield r


def cmd_explain(args) -> int:
    scheme = _load(args.scheme, args)
    if scheme is None:
        return 1
    source = _open_records(args)
    from .supplements_cli import open_supplements
    results = scheme.evaluate_batch(source, locate=source.location, supplements=open_supplements(args, scheme))
    if args.id:
        wanted = set(args.id)
        chosen = [r for r in results if r.record_id in wanted]
        missing = wanted - {r.record_id for r in chosen}
        if missing:
            print(_say(args.lang, f"错误：没有工号为 {', '.join(sorted(missing))} 的记录",
                       f"error: no record with id {', '.join(sorted(missing))}"), file=sys.stderr)
            return 1
    else:
        chosen = results
    traces = [r.explain() for r in chosen]
    fmt = args.format or _format_of(args.output)
    if args.split and not args.output:
        print(_say(args.lang, "错误：--split 需要 -o 目录", "error: --split needs -o FOLDER"), file=sys.stderr)
        return 1
    if args.output:
        from .payslips import write_payslips
        paths = write_payslips(traces, args.output, fmt=fmt, lang=args.lang, view=args.view, split=args.split,
                               company=args.company, inputs=[args.records, args.scheme] + _scheme_files(scheme))
        if args.output != "-":
            where = args.output if not args.split else f"{args.output} ({len(paths)})"
            print(_say(args.lang, "已写入 ", "written to ") + where)
    elif fmt == "pdf":
        print(_say(args.lang, "错误：PDF 需要 -o 文件", "error: PDF needs -o FILE"), file=sys.stderr)
        return 1
    else:
        from .payslips import write_payslips
        write_payslips(traces, "-", fmt=fmt, lang=args.lang, view=args.view, company=args.company)
    return 0 if all(r.ok for r in chosen) else 2


def cmd_schema(args) -> int:
    """Print the JSON Schema of the scheme language (generated from the kinds; see language_schema.py)."""
    from .language_schema import schema_json
    sys.stdout.write(schema_json())
    return 0


def _format_of(path) -> str:
    ext = os.path.splitext(path or "")[1].lower()
    return {".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json"}.get(ext, "text")


def parser(lang: str | None = None) -> argparse.ArgumentParser:
    lang = lang or default_lang()

    def h(zh, en):
        return zh if lang == "zh" else en

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default=lang,
                        help=h("信息和标签的语言（默认：SCHEMERULES_LANG，否则按系统语言环境）",
                               "language of messages and labels (default: SCHEMERULES_LANG, else the locale)"))
    common.add_argument("--include-root", metavar="DIR",
                        help=h("被引用（include）的文件必须位于此目录内（默认：主方案所在目录）",
                               "included files must lie inside this folder (default: the main scheme's folder)"))
    setting = argparse.ArgumentParser(add_help=False)
    setting.add_argument("--set", action="append", metavar="NAME=VALUE", help=h(
        "测算：用此值代替方案中的参数（数字写法同方案，如 600万、1.2%%；可重复）",
        "what-if: use this value instead of the scheme's param (number text as in schemes: 600万, 1.2%%; "
        "repeatable)"))
    setting.add_argument("--params", action="append", metavar="FILE", help=h(
        "测算：从 YAML 文件读取多个参数值（写法同方案的 params:；--set 优先）",
        "what-if: param values from a YAML file (written like a scheme's params:; --set wins)"))
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument("--input-format", choices=FORMATS,
                         help=h("记录文件格式（默认按扩展名）", "records format (default: from the extension)"))
    reading.add_argument("--encoding", help=h("CSV 编码（默认自动识别 UTF-8 / GB18030）",
                                              "CSV encoding (default: detected, UTF-8 or GB18030)"))
    reading.add_argument("--delimiter", help=h("CSV 分隔符（默认按表头识别：, ; 制表符 |）",
                                               "CSV delimiter (default: detected from the header: , ; tab |)"))
    reading.add_argument("--sheet", help=h("工作簿中要读取的工作表（默认第一个可见的工作表）",
                                           "the sheet of a workbook to read (default: the first visible sheet)"))
    reading.add_argument("--header-row", type=int, metavar="N", help=h(
        "工作簿中表头所在的行号（默认第一个非空行）", "the row of a workbook that holds the header (default: the first "
                                                    "non-empty row)"))

    p = argparse.ArgumentParser(prog="schemerules", description=h(
        "用 YAML 写薪酬方案：检查、测试、计算、解释。", "Pay schemes as YAML: check, test, run and explain them."))
    p.add_argument("--debug", action="store_true", help=h("内部错误时显示 Python 调用栈",
                                                          "show Python tracebacks of internal errors"))
    sub = p.add_subparsers(dest="command", required=True)

    def command(name, parents, text):
        return sub.add_parser(name, parents=parents, help=text, description=text)

    c = command("check", [common, setting], h("检查方案文件，列出全部问题",
                                                         "check scheme files; print every problem"))
    c.add_argument("files", nargs="+")
    c.add_argument("--strict", action="store_true", help=h(
        "把警告（SR7xx：记录可能因此失败的地方）也当作错误", "treat warnings (SR7xx: places a record could fail on) as "
                                                          "errors"))
    c.set_defaults(func=cmd_check)
    t = command("test", [common, setting], h("运行方案文件中的测试（文件或目录）",
                                                        "run the tests inside scheme files (FILE or DIR)"))
    t.add_argument("paths", nargs="+")
    t.add_argument("-v", "--verbose", action="store_true", help=h("也列出通过的测试", "list passing tests too"))
    t.set_defaults(func=cmd_test)
    r = command("run", [common, reading, setting], h("对记录文件计算方案",
                                                                "evaluate a scheme over a file of records"))
    r.add_argument("scheme")
    r.add_argument("records")
    r.add_argument("-o", "--output", help=h("把每条记录的结果或错误写到此文件（CSV 或 JSON；- 为标准输出）",
                                            "write every record's values or error here (CSV or JSON; - for stdout)"))
    r.add_argument("--format", choices=("csv", "json", "xlsx"), help=h("输出格式（默认按 -o 的扩展名）",
                                                                      "output format (default: from -o's extension)"))
    r.add_argument("--header", choices=("names", "labels"), help=h(
        "表头用输入项和规则的名称还是标签（按 --lang）；默认 CSV 用名称，xlsx 用标签",
        "header: input and rule names, or their labels in the --lang language (default: names in CSV, labels "
        "in xlsx)"))
    r.add_argument("--rows", type=int, default=30, help=h("表格显示的行数", "rows of the table to print"))
    r.add_argument("-q", "--quiet", action="store_true", help=h("只打印汇总", "print only the summary"))
    r.add_argument("--strict", action="store_true", help=h(
        "有未读取的字段或没有记录提供的可选输入项时，拒绝整批（不计算任何记录）",
        "refuse the batch (pay nobody) when a field is not read or an optional input is in no record"))
    r.add_argument("--explain", action="store_true", help=h(
        "同时把每条记录的计算过程写成 JSON（OUT.explain.json）",
        "also write every record's trace as JSON beside the output (OUT.explain.json)"))
    r.add_argument("--engine", choices=("auto", "scalar", "vector"), default="auto", help=h(
        "计算方式：auto（默认：方案和选项允许时按列计算，否则逐条）、scalar（逐条）、vector（按列，不支持时报错）；结果完全相同",
        "how to evaluate: auto (default: column by column when the scheme and options allow, else record by "
        "record), scalar (record by record), vector (column by column, or an error); the output is the same"))
    from .supplements_cli import add_arguments as add_supplements
    add_supplements(r, h)                   # extensions: --table, --adjustments
    from .dask_cli import add_run_options as add_dask
    add_dask(r, h)                          # --workers N, --dask ADDRESS (schemerules[dask])
    r.set_defaults(func=cmd_run)
    x = command("explain", [common, reading, setting], h(
        "解释记录：工资条各项、合计及每条规则的计算过程",
        "explain records: payslip lines, total and the reasoning of every rule"))
    x.add_argument("scheme")
    x.add_argument("records")
    x.add_argument("--id", action="append", help=h("只解释此工号（可重复）", "explain only this record id (repeatable)"))
    x.add_argument("--format", choices=("text", "json", "html", "pdf"),
                   help=h("输出格式（默认按 -o 的扩展名，否则为文本）", "format (default: from -o's extension, else text)"))
    x.add_argument("--view", choices=("employee", "auditor"), default="employee", help=h(
        "员工版（工资条和通俗的说明，默认）或审核版（每条公式和输入）",
        "employee (the payslip and plain explanations, default) or auditor (every formula and input)"))
    x.add_argument("--company", help=h("工资条抬头的公司名称（代替方案中的 company:）",
                                       "the company on the payslip header (instead of the scheme's company:)"))
    x.add_argument("--split", action="store_true", help=h("每名员工一个文件，写到 -o 指定的目录（按工号和期间命名）",
                                                          "one file per employee in the -o folder, named by id and "
                                                          "period"))
    x.add_argument("-o", "--output", help=h("写到此文件（或 --split 时的目录）而不是终端",
                                            "write here (a folder with --split) instead of the terminal"))
    add_supplements(x, h)
    x.set_defaults(func=cmd_explain)
    sc = command("schema", [common], h("打印方案语言的 JSON Schema（供编辑器补全、悬停说明和检查）",
                                       "print the JSON Schema of the scheme language (for editors: completion, "
                                       "hover, checks)"))
    sc.set_defaults(func=cmd_schema)
    from .whatif_cli import add_parsers as add_whatif
    add_whatif(command, common, reading, setting, h)
    from .curves_cli import add_parser as add_plot
    add_plot(command, common, setting, h)
    from .service import add_arguments, cmd_serve
    sv = command("serve", [common], h("通过 HTTP 提供目录中的方案（需要 schemerules[serve]）",
                                      "serve the schemes of a folder over HTTP (needs schemerules[serve])"))
    add_arguments(sv, lang)
    sv.set_defaults(func=cmd_serve)
    return p


def _terminate(signum, frame):
    raise SystemExit(128 + signum)          # unwinds like Ctrl-C: temporary files are removed


def console() -> int:
    """The ``schemerules`` command (its console script, ``python -m schemerules``): :func:`main` in a process of
    its own, which lets the columnar run keep pyarrow from importing pandas (see
    ``columnar_run.arrow_without_pandas``), and end without tearing the interpreter down after a columnar run
    (0.2–0.4 s freeing pyarrow's and numpy's objects for a process that ends anyway: its files are closed, its
    threads done, nothing is registered to run at exit)."""
    code = main(standalone=True)
    if _RUN_DONE.get("columnar"):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    return code


_RUN_DONE: dict = {}        # {"columnar": True} once a columnar run of this process has ended


def main(argv=None, standalone: bool = False) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")     # a lone surrogate in data never crashes a print
        except (AttributeError, ValueError):
            pass
    argv = sys.argv[1:] if argv is None else list(argv)
    asked = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), None)
    asked = asked or next((a.split("=", 1)[1] for a in argv if a.startswith("--lang=")), None)
    args = parser(asked if asked in LANGS else None).parse_args(argv)    # --help in the language asked for
    args.standalone = standalone
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:                       # not the main thread: leave signals alone
        pass
    try:
        return args.func(args)
    except Error as e:
        print_error(e, args.lang)
        return 1
    except KeyboardInterrupt:
        print(_say(args.lang, "已中断；没有写出不完整的结果文件", "interrupted; no output file was written half-way"),
              file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(console())
