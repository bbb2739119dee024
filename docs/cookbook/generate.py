"""Write docs/cookbook/*.md from the schemes in schemes/ (run: python docs/cookbook/generate.py).

Each page: what the source says (the rules' notes quote it), how the scheme
expresses it (its rules), its assumptions (params marked so), its tests, and
a sample payslip explained from the scheme's example file. A test checks the
pages are up to date.
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from schemerules import load_scheme  # noqa: E402
from schemerules.records import read_records  # noqa: E402
from schemerules.testing import run_scheme_tests  # noqa: E402

HERE = pathlib.Path(__file__).parent
SEEDS = {
    "store_manager_ksf": "S1", "appliance_retail_ksf": "S2", "year_end_bonus_coefficients": "S3",
    "customer_service_kpi": "S4", "grade_bands_forced_distribution": "S5", "monthly_pay_designers_promoters": "S6",
    "designer_kpi_sheet": "S6", "customer_service_monthly_sheet": "S6", "sales_rep_monthly_pay": "S7",
    "field_service_sheet": "S7", "regional_manager_sheet": "S7", "profit_share_by_post": "S8",
    "profit_share_net_profit": "S8", "customer_service_chat_quality": "S9", "customer_service_team_template": "S9",
    "call_centre_attendance": "S10", "call_centre_levels": "S10", "public_commission_pool": "S11",
    "ranking_reward": "S12", "operations_scorecard": "S13", "network_sales_grades": "S14",
    "network_sales_task_pay": "S14", "piece_value_pay": "S15", "jade_store_promotion_kpi": "Rev.",
    "designer_monthly_pay": "S6",
}
# Which sheet of which source document (000 … 004, see /work/shared/spec/SEED-SCHEMES.md) each file expresses.
SOURCES = {
    "store_manager_ksf": "000, KSF pay article: the store manager's KSF",
    "appliance_retail_ksf": "000, KSF pay article: the appliance retailer's output-value salary",
    "year_end_bonus_coefficients": "000, year-end bonus article: the four coefficients",
    "customer_service_kpi": "000 篇2 and 003: the customer-service monthly KPI sheet, its levels and awards",
    "grade_bands_forced_distribution": "000 篇5 and 003: annual grade bands, forced distribution and mid-year review",
    "monthly_pay_designers_promoters": "002: the monthly pay rule for designers, promoters and customer service",
    "designer_kpi_sheet": "002: the designer (美工) KPI sheet",
    "customer_service_monthly_sheet": "002: the customer-service weighted sheet (its 10-point attendance item)",
    "sales_rep_monthly_pay": "004: the sales representative's daily-work sheet, monthly score and pay",
    "field_service_sheet": "004: the field-service representative's sheet",
    "regional_manager_sheet": "004: the regional manager's sheet",
    "profit_share_by_post": "001: store profit share, the 1%-of-revenue reading",
    "profit_share_net_profit": "001: store performance pay, the source's net-profit formula",
    "customer_service_chat_quality": "001: the customer-service chat-quality sheet",
    "customer_service_team_template": "001: the customer-service team template (基础 35 + (25) + 能力/业绩 40)",
    "call_centre_attendance": "004, call-centre manual: monthly attendance vetoes",
    "call_centre_levels": "004, call-centre manual: level promotions",
    "public_commission_pool": "000 篇4 and 003: public commission pool and streaks",
    "ranking_reward": "000 篇1: monthly ranking reward",
    "operations_scorecard": "001: the operations specialist's scorecard",
    "network_sales_grades": "001: network sales grades",
    "network_sales_task_pay": "001: network sales task-coefficient pay",
    "piece_value_pay": "000: PPV piece-value pay",
    "jade_store_promotion_kpi": "001: the jade (翡翠) store's 运营推广 KPI sheet",
    "designer_monthly_pay": "002: the designer's monthly pay, scored by the designer (美工) sheet it uses",
}


def label(lab, lang, fallback):
    return lab.get(lang, fallback) if lab else fallback


def page(path: pathlib.Path) -> str:
    scheme = load_scheme(path)
    name = path.stem
    zh, en = label(scheme.title, "zh", scheme.id), label(scheme.title, "en", scheme.id)
    out = [f"# {SEEDS.get(name, '')} {zh} · {en}".replace("#  ", "# "), "",
           f"Source: {SOURCES.get(name, 'not a seed scheme')}", "",
           f"File: `schemes/{path.name}` · example records: `examples/{name}.csv`", ""]
    uses = sorted({line.split("file:", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
                   if line.strip().startswith("- file:")})
    if uses:
        out += ["Uses (its outputs are computed for every record): " + ", ".join(f"`schemes/{u}`" for u in uses), ""]
    folder = ROOT / "examples" / name
    extra = []
    if scheme.tables:
        extra += [f"Group table `{t}` ({label(tab.label, 'zh', t)}): one row per "
                  f"{' and '.join(tab.key)}, columns {', '.join(f'`{c}`' for c in tab.columns)}"
                  + (f" — example `examples/{name}/{t}.csv`" if (folder / f"{t}.csv").exists() else "")
                  for t, tab in scheme.tables.items()]
    adjustable = [n for n in scheme.rules if "adjust:" in _body(path, n)]
    if adjustable:
        extra += [f"Manual adjustments (reason and approver, bounded by the scheme) to: "
                  + ", ".join(f"`{n}`" for n in adjustable)
                  + (f" — example `examples/{name}/adjustments.csv`" if (folder / "adjustments.csv").exists() else "")]
    if extra:
        out += [f"* {x}" for x in extra] + [""]
    quotes = [(n, label(r.note, "zh", "")) for n, r in scheme.rules.items() if r.note]
    quotes += [(n, label(i.note, "zh", "")) for n, i in scheme.inputs.items() if i.note]
    if quotes:
        out += ["## What the source says", ""]
        out += [f"* **{n}** — {q.strip()}" for n, q in quotes]
        out.append("")
    out += ["## How the scheme expresses it", "", "| rule | 中文 | English | kind |", "| --- | --- | --- | --- |"]
    for n, r in scheme.rules.items():
        out.append(f"| `{n}` | {label(r.label, 'zh', n)} | {label(r.label, 'en', n)} | {r.kind} |")
    out.append("")
    env_params = scheme._env.params
    assumptions = [(n, p, label(p.note, "zh", "")) for n, p in env_params.items() if p.note]
    assumptions = [a for a in assumptions if "Assumption" in a[2]]
    if assumptions:
        out += ["## Assumptions (params a consultant can change)", ""]
        out += [f"* `{n}` = {p.value} — {label(p.label, 'zh', n)}: {note}" for n, p, note in assumptions]
        out.append("")
    outcomes = run_scheme_tests(scheme)
    out += ["## Tests in the file", ""]
    out += [f"* {'✔' if o.passed else '✘'} {o.name}" for o in outcomes]
    out.append("")
    example = ROOT / "examples" / f"{name}.csv"
    if example.exists():
        results = scheme.evaluate_batch(read_records(str(example)))
        sample = next((r for r in results if r.ok), None)
        if sample is not None:
            out += ["## Sample payslip", "", f"The first record of `examples/{name}.csv`, explained:", "", "```text",
                    sample.explain().to_text("zh", "auditor").rstrip(), "```", ""]
        out += ["## Run it", "", "```sh",
                f"schemerules run schemes/{path.name} examples/{name}.csv -o out/{name}.csv",
                f"schemerules explain schemes/{path.name} examples/{name}.csv --id {results[0].record_id} --format html "
                f"-o out/{name}.html"]
        if (folder / "staff.csv").exists():
            opts = "".join(f" --table {t}=examples/{name}/{t}.csv" for t in scheme.tables if (folder / f"{t}.csv").exists())
            if (folder / "adjustments.csv").exists():
                opts += f" --adjustments examples/{name}/adjustments.csv"
            also = " and the manual adjustments" if (folder / "adjustments.csv").exists() else ""
            out += [f"# the same records, the group table{'s' if len(scheme.tables) > 1 else ''}{also} beside "
                    f"the staff file", f"schemerules run schemes/{path.name} examples/{name}/staff.csv{opts}"]
        out += ["```", ""]
    return "\n".join(out)


def _body(path: pathlib.Path, rule: str) -> str:
    """The YAML text of one rule of the file (the lines under `  rule:` up to the next rule)."""
    lines, body, inside = path.read_text("utf-8").splitlines(), [], False
    for line in lines:
        if line.startswith(f"  {rule}:"):
            inside = True
        elif inside and (line.startswith("  ") and not line.startswith("   ") or not line.startswith(" ")):
            break
        if inside:
            body.append(line)
    return "\n".join(body)


def pages() -> dict[str, str]:
    out = {}
    for path in sorted((ROOT / "schemes").glob("*.yaml")):
        out[f"{path.stem}.md"] = page(path)
    index = ["# Cookbook", "", "The seed schemes of the source documents, as shipped in `schemes/`. Each page quotes the",
             "source, lists the rules and assumptions, and shows a payslip explained from the example data.", "",
             "| seed | scheme | 中文 | source and sheet |", "| --- | --- | --- | --- |"]
    for path in sorted((ROOT / "schemes").glob("*.yaml"), key=lambda p: (int(SEEDS.get(p.stem, "S99")[1:]) if SEEDS.get(p.stem, "S99")[1:].isdigit() else 98, p.stem)):
        s = load_scheme(path)
        index.append(f"| {SEEDS.get(path.stem, '')} | [{label(s.title, 'en', s.id)}]({path.stem}.md) | "
                     f"{label(s.title, 'zh', s.id)} | {SOURCES.get(path.stem, '')} |")
    index += ["", "Shared pieces, included by the schemes that use them: `schemes/common/attendance.yaml` (source "
              "002's attendance-bonus rules), `schemes/common/monthly_pay_002.yaml` (source 002's attendance and "
              "performance bonuses) and `schemes/common/grade_coefficients.yaml` (grade coefficients).",
              "Why some seeds are several files: [../decisions/two-file-seeds.md](../decisions/two-file-seeds.md).",
              "Which seed rules are covered, which are not and why: "
              "[../decisions/seed-coverage.md](../decisions/seed-coverage.md).", ""]
    out["index.md"] = "\n".join(index)
    return out


if __name__ == "__main__":
    for name, text in pages().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/cookbook/{name}")
