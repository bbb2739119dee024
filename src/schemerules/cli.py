"""The ``schemerules`` command: check, test and run schemes.

Exit status: 0 success; 1 a scheme is invalid or a test failed; 2 some
records failed (``run``). User mistakes never print a Python traceback.
"""

from __future__ import annotations

import argparse
import sys

from . import load_scheme
from .codes import describe
from .errors import Error, SchemeError
from .output import Tally, summary, table, write_csv, write_json
from .records import FORMATS, read_records
from .testing import run_files


def _print_problems(e: SchemeError, lang: str = "en") -> None:
    for p in e.problems:
        print(p.render(lang), file=sys.stderr)
    n = len(e.problems)
    print(f"共 {n} 个问题" if lang == "zh" else f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)


def cmd_check(args) -> int:
    status = 0
    for path in args.files:
        try:
            scheme = load_scheme(path)
        except SchemeError as e:
            _print_problems(e, args.lang)
            status = 1
        else:
            print(f"{path}: ok ({scheme.id}, {len(scheme.inputs)} inputs, {len(scheme.rules)} rules)")
    return status


def cmd_test(args) -> int:
    outcomes, broken = run_files(args.paths, load_scheme)
    for o in outcomes:
        if not o.passed or args.verbose:
            mark = "PASS" if o.passed else "FAIL"
            print(f"{mark} {o.file}:{o.line} {o.name}")
            for f in o.failures:
                print(f"    {f}")
    for path, e in broken:
        print(f"ERROR {path}: the scheme cannot be loaded")
        if isinstance(e, SchemeError):
            for p in e.problems:
                print("    " + p.render().replace("\n", "\n    "))
        else:
            print(f"    {e}")
    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed + len(broken)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def cmd_run(args) -> int:
    scheme = _load(args.scheme, args.lang)
    if scheme is None:
        return 1
    stream = scheme.evaluate_iter(read_records(args.records, args.input_format))
    if args.explain:
        if not args.output:
            print("error: --explain writes beside the output file; give -o OUT", file=sys.stderr)
            return 1
        stream = _explaining(stream, args.output + ".explain.json")
    tally = Tally(stream, args.rows)
    if args.output:
        fmt = args.format or ("json" if args.output.endswith(".json") else "csv")
        (write_json if fmt == "json" else write_csv)(args.output, scheme, tally)
    else:
        tally.drain()
    if not args.quiet:
        print(table(scheme, tally.head, args.lang, args.rows, tally.total))
        for r in tally.failures:
            zh = f"（{describe(r.error.code, 'zh')}）" if args.lang == "zh" else ""
            print(f"  {r.error}{zh}", file=sys.stderr)
        if tally.failed > len(tally.failures):
            print(f"  … {tally.failed - len(tally.failures)} more failed records (see the output file)",
                  file=sys.stderr)
    print(summary(tally.total, tally.failed, args.lang))
    if args.output:
        print(("结果已写入 " if args.lang == "zh" else "results written to ") + args.output)
    return 2 if tally.failed else 0


def _explaining(results, path):
    """Pass results through while writing their traces, one JSON object per line, atomically."""
    import json
    from .output import atomic_file
    with atomic_file(path) as f:
        for r in results:
            f.write(json.dumps(r.explain().to_dict(), ensure_ascii=False) + "\n")
            yield r


def _load(path, lang="en"):
    """The compiled scheme, or None after printing its problems."""
    try:
        return load_scheme(path)
    except SchemeError as e:
        _print_problems(e, lang)
        return None


def cmd_explain(args) -> int:
    scheme = _load(args.scheme, args.lang)
    if scheme is None:
        return 1
    results = scheme.evaluate_batch(read_records(args.records, args.input_format))
    if args.id:
        wanted = set(args.id)
        chosen = [r for r in results if r.record_id in wanted]
        missing = wanted - {r.record_id for r in chosen}
        if missing:
            print(f"error: no record with id {', '.join(sorted(missing))}", file=sys.stderr)
            return 1
    else:
        chosen = results
    traces = [r.explain() for r in chosen]
    if args.format == "json":
        import json
        text = json.dumps([t.to_dict() for t in traces], ensure_ascii=False, indent=1) + "\n"
    elif args.format == "html":
        from .render.html import trace_html
        text = trace_html(traces, args.lang)
    else:
        text = "\n".join(t.to_text(args.lang) for t in traces)
    if args.output:
        from .output import atomic_writer
        atomic_writer(args.output, lambda f: f.write(text))
        print(("已写入 " if args.lang == "zh" else "written to ") + args.output)
    else:
        sys.stdout.write(text)
    return 0 if all(r.ok for r in chosen) else 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="schemerules", description="Pay schemes as YAML: check, test and run them.")
    p.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check scheme files; print every problem")
    c.add_argument("files", nargs="+")
    c.add_argument("--lang", choices=("zh", "en"), default="en", help="add Chinese descriptions (zh)")
    c.set_defaults(func=cmd_check)
    t = sub.add_parser("test", help="run the tests inside scheme files (FILE or DIR)")
    t.add_argument("paths", nargs="+")
    t.add_argument("-v", "--verbose", action="store_true", help="list passing tests too")
    t.set_defaults(func=cmd_test)
    r = sub.add_parser("run", help="evaluate a scheme over a file of records")
    r.add_argument("scheme")
    r.add_argument("records")
    r.add_argument("-o", "--output", help="write every record's values or error here (CSV or JSON)")
    r.add_argument("--format", choices=("csv", "json"), help="output format (default: from -o's extension)")
    r.add_argument("--input-format", choices=FORMATS, help="records format (default: from the extension)")
    r.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels and messages")
    r.add_argument("--rows", type=int, default=30, help="rows of the table to print")
    r.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    r.add_argument("--explain", action="store_true",
                   help="also write every record's trace as JSON beside the output (OUT.explain.json)")
    r.set_defaults(func=cmd_run)
    x = sub.add_parser("explain", help="explain records: payslip lines, total and the reasoning of every rule")
    x.add_argument("scheme")
    x.add_argument("records")
    x.add_argument("--id", action="append", help="explain only this record id (repeatable)")
    x.add_argument("--lang", choices=("zh", "en"), default="zh")
    x.add_argument("--format", choices=("text", "json", "html"), default="text")
    x.add_argument("-o", "--output", help="write here instead of the terminal")
    x.add_argument("--input-format", choices=FORMATS, help="records format (default: from the extension)")
    x.set_defaults(func=cmd_explain)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Error as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; no output file was written half-way", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
