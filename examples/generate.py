"""Generate the example record files in examples/ (seeded: the same files every time).

    python examples/generate.py

One CSV per scheme in schemes/, named like it; figures are synthetic but
shaped like the seed schemes' worked examples, with teams and months where
the scheme needs them. A file made to show failed records says so in its name.
A scheme with group tables also gets a folder of its name holding the same
records as staff.csv, one CSV per table (run --table NAME=FOLDER/NAME.csv)
and, where the scheme has manual adjustments, adjustments.csv.
"""

from __future__ import annotations

import csv
import pathlib
import random
from decimal import Decimal

HERE = pathlib.Path(__file__).parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红鹏飞鑫宇晨欣怡婷浩然子轩梓涵"
STORES = ["西湖店", "滨江店", "萧山店", "余杭店", "拱墅店", "上城店"]
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def people(rng, n, prefix):
    return [(f"{prefix}{i:04d}", person(rng)) for i in range(1, n + 1)]


def d(x, places=2):
    return f"{Decimal(str(x)).quantize(Decimal(1).scaleb(-places))}"


def pct(x, places=2):
    return f"{x * 100:.{places}f}%"


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def write(name, header, rows):
    (HERE / f"{name}.csv").parent.mkdir(exist_ok=True)
    with (HERE / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def appliance_retail_ksf(rng):
    rows = []
    for i, (eid, nm) in enumerate(people(rng, 120, "K")):
        sales = max(800_000, int(rng.gauss(5_100_000, 600_000)))
        ratio = clip(rng.gauss(0.26, 0.015), 0.18, 0.40)
        rows.append([eid, nm, STORES[i % len(STORES)], "2025-03", sales, pct(ratio)])
    write("appliance_retail_ksf", ["employee_id", "name", "store", "month", "sales", "wage_cost_ratio"], rows)


def store_manager_ksf(rng):
    rows = []
    for i, (eid, nm) in enumerate(people(rng, 60, "M")):
        rows.append([eid, nm, STORES[i % len(STORES)], "2025-04", max(300_000, int(rng.gauss(1_020_000, 90_000))),
                     d(clip(rng.gauss(305, 40), 120, 600)), pct(clip(rng.gauss(0.031, 0.006), 0.005, 0.09)),
                     pct(clip(rng.gauss(0.2, 0.01), 0.15, 0.26))])
    write("store_manager_ksf", ["employee_id", "name", "store", "month", "revenue", "avg_order_value", "conversion",
                                "cost_ratio"], rows)


GRADES = ["不合格", "合格", "优秀", "非常优秀"]


def year_end_bonus_coefficients(rng):
    rows = []
    depts = {f"部门{k}": rng.choices(GRADES, [1, 5, 3, 1])[0] for k in "ABCDEF"}
    for i, (eid, nm) in enumerate(people(rng, 80, "Y")):
        dept = list(depts)[i % len(depts)]
        moved = rng.random() < 0.1
        second = rng.choices(GRADES, [1, 5, 3, 1])[0] if moved else ""
        rows.append([eid, nm, "2025", "3620万", depts[dept], second, rng.randint(1, 11) if moved else "",
                     rng.choices(GRADES, [1, 6, 3, 1])[0], "是" if i % 10 == 0 else "否",
                     rng.choice([4000, 4500, 5000, 6000, 8000]), rng.choice(["0"] * 20 + ["1", "3"]),
                     # 不满一年: about one in eight joined during the year, one in twenty left before December
                     f"2025-{rng.randint(2, 10):02d}-{rng.randint(1, 28):02d}" if i % 8 == 3 else "",
                     f"2025-{rng.randint(9, 11):02d}-{rng.randint(1, 30):02d}" if i % 20 == 7 else ""])
    write("year_end_bonus_coefficients", ["employee_id", "name", "year", "company_revenue", "dept_grade",
                                          "second_dept_grade", "months_in_first_dept", "personal_grade", "is_manager",
                                          "base_salary", "months_absent", "hire_date", "leave_date"], rows)
    # the same year with the company's revenue once, in the group table company (key: the year)
    write("year_end_bonus_coefficients/staff", ["employee_id", "name", "year", "dept_grade", "second_dept_grade",
                                                "months_in_first_dept", "personal_grade", "is_manager", "base_salary",
                                                "months_absent", "hire_date", "leave_date"], [r[:3] + r[4:] for r in rows])
    write("year_end_bonus_coefficients/company", ["年度", "公司年度营收"], [["2025", "3620万"]])


def customer_service_kpi(rng):
    rows = []
    for eid, nm in people(rng, 40, "C"):
        skill = rng.gauss(0.9, 0.08)
        for q in ("2025-01", "2025-02"):
            s = clip(skill + rng.gauss(0, 0.04), 0.4, 1.2)
            rows.append([eid, nm, q, int(1_000_000 * s), 1_000_000, pct(clip(0.35 * s, 0.05, 0.6)),
                         pct(clip(rng.gauss(0.95, 0.02), 0.7, 1)), d(clip(300 * s, 100, 500)),
                         pct(clip(rng.gauss(0.98, 0.02), 0.8, 1)), d(clip(rng.gauss(30 / s, 5), 8, 80), 1),
                         d(clip(rng.gauss(4, 0.8), 0, 5), 1), d(clip(rng.gauss(8, 1.5), 0, 10), 1)])
    write("customer_service_kpi", ["employee_id", "name", "month", "sales", "sales_target", "inquiry_conversion",
                                   "order_success", "avg_order_value", "reply_rate", "response_s", "follow_up",
                                   "execution"], rows)


def grade_bands_forced_distribution(rng):
    rows = []
    staff = people(rng, 80, "P")
    for y in ("2024", "2025"):
        for i, (eid, nm) in enumerate(staff):
            score = clip(rng.gauss(78, 12), 20, 100)
            review = "未复评"
            if y == "2024" and score < 70:
                review = rng.choices(["中等", "有待提高", "急需提高"], [5, 3, 1])[0]
            rows.append([eid, nm, ["一部", "二部", "三部", "四部"][i % 4], "管理人员" if i % 5 == 0 else "一线员工", y,
                         d(score, 1), review])
    write("grade_bands_forced_distribution", ["employee_id", "name", "dept", "staff_group", "year", "score",
                                              "midyear_grade"], rows)


def attendance_columns(rng):
    late = rng.choices([0, 1, 2, 3], [6, 3, 1, 1])[0]
    leave = rng.choices([0, 1, 2], [6, 2, 1])[0]
    absent = rng.choices(["0", "0.5", "1", "2"], [20, 2, 1, 1])[0]
    return late, rng.choice([0, 0, 0, 1]), leave, absent


def monthly_pay_designers_promoters(rng):
    rows = []
    staff = people(rng, 45, "D")
    for m in ("2025-04", "2025-05", "2025-06"):
        for i, (eid, nm) in enumerate(staff):
            late, early, leave, absent = attendance_columns(rng)
            post = ["美工", "推广", "客服"][i % 3]
            rows.append([eid, nm, post, m, rng.choice([3500, 4000, 4500, 5000]),
                         d(clip(rng.gauss(78, 12), 30, 100), 1), rng.choice(["是"] * 9 + ["否"]),
                         rng.choice([0] * 8 + [100, 300]), late, early, leave, absent,
                         0 if post == "美工" else rng.randint(0, 60) * 50])
    write("monthly_pay_designers_promoters", ["employee_id", "name", "post", "month", "base_salary",
                                              "performance_score", "basic_target_met", "special_award", "late_count",
                                              "early_leave_count", "leave_count", "absent_days", "commission"], rows)


def designer_kpi_sheet(rng):
    rows = []
    for eid, nm in people(rng, 30, "G"):
        q = clip(rng.gauss(0.82, 0.1), 0.3, 1)
        rows.append([eid, nm, "2025-05", d(10 * q, 1), d(40 * clip(q + rng.gauss(0, .05), 0, 1), 1),
                     d(20 * clip(q + rng.gauss(0, .1), 0, 1), 1), d(10 * q, 1), d(10 * q, 1),
                     d(10 * clip(q - 0.2, 0, 1), 1)])
    write("designer_kpi_sheet", ["employee_id", "name", "month", "layout", "planned_work", "innovation", "training",
                                 "summary", "extra"], rows)


def designer_monthly_pay(rng):
    """Designers over three months: the designer sheet's items (scored through uses:) and attendance."""
    rows = []
    staff = [(eid, nm, rng.gauss(0.8, 0.1), rng.choice([3500, 4000, 4500, 5000])) for eid, nm in people(rng, 30, "DM")]
    for m in ("2025-04", "2025-05", "2025-06"):
        for eid, nm, skill, base in staff:
            q = clip(skill + rng.gauss(0, 0.05), 0.3, 1)
            late, early, leave, absent = attendance_columns(rng)
            rows.append([eid, nm, m, base, d(10 * q, 1), d(40 * clip(q + rng.gauss(0, .05), 0, 1), 1),
                         d(20 * clip(q + rng.gauss(0, .1), 0, 1), 1), d(10 * q, 1), d(10 * q, 1),
                         d(10 * clip(q - 0.2, 0, 1), 1), rng.choice(["是"] * 9 + ["否"]), rng.choice([0] * 8 + [100, 300]),
                         late, early, leave, absent])
    write("designer_monthly_pay", ["employee_id", "name", "month", "base_salary", "layout", "planned_work",
                                   "innovation", "training", "summary", "extra", "basic_target_met", "special_award",
                                   "late_count", "early_leave_count", "leave_count", "absent_days"], rows)


def customer_service_monthly_sheet(rng):
    rows = []
    for eid, nm in people(rng, 30, "K"):
        late, early, leave, _ = attendance_columns(rng)
        rows.append([eid, nm, "2025-05", d(clip(rng.gauss(72, 10), 20, 90), 1), late, early, leave])
    write("customer_service_monthly_sheet", ["employee_id", "name", "month", "work_items", "late_count",
                                             "early_leave_count", "leave_count"], rows)


def sales_rep_monthly_pay(rng):
    rows = []
    staff = people(rng, 40, "S")
    for m in MONTHS:                                    # the whole year: December's row carries the annual score
        for i, (eid, nm) in enumerate(staff):
            plan = rng.choice([80, 100, 120, 150]) * 10_000
            rows.append([eid, nm, ["华东", "华南", "华北", "西南"][i % 4], m, rng.choice([5000, 6000, 7000]),
                         int(plan * clip(rng.gauss(0.97, 0.15), 0.3, 1.6)), plan,
                         rng.choices([0, 1, 2], [6, 3, 1])[0], 0, 0, rng.choices([0, 1, 2], [7, 2, 1])[0], 0, 0, 0,
                         rng.choices([0, 1], [8, 1])[0], 0, 0, rng.choices([0, 1], [15, 1])[0],
                         rng.choices(["0", "0.5", "1"], [12, 2, 1])[0], rng.choices(["否", "是"], [30, 1])[0]])
    write("sales_rep_monthly_pay", ["employee_id", "name", "region", "month", "pay_total", "sales", "sales_plan",
                                    "dealer_lapses", "last_week_report_missing", "next_week_plan_missing",
                                    "key_account_missing", "visit_records_missing", "market_info_missing",
                                    "quality_feedback_missing", "ad_plan_late", "promo_plan_late", "promo_review_late",
                                    "vehicle_breaches", "absent_days", "weekly_report_void"], rows)


def field_service_sheet(rng):
    rows = []
    for eid, nm in people(rng, 30, "FS"):
        q = clip(rng.gauss(0.85, 0.1), 0.3, 1)
        items = [d(20 * clip(q + rng.gauss(0, .05), 0, 1), 1)]
        items += [d(10 * clip(q + rng.gauss(0, .08), 0, 1), 1) for _ in range(8)]
        rows.append([eid, nm, "2025-06", *items, rng.choices([0, 1, 2], [20, 2, 1])[0]])
    write("field_service_sheet", ["employee_id", "name", "month", *[f"item_{k}" for k in range(1, 10)], "fake_claims"],
          rows)


def regional_manager_sheet(rng):
    rows = []
    for eid, nm in people(rng, 24, "RM"):
        q = clip(rng.gauss(0.85, 0.1), 0.3, 1)
        reports = [d(20 * clip(q + rng.gauss(0, .05), 0, 1), 1) for _ in range(3)]
        others = [d(10 * clip(q + rng.gauss(0, .08), 0, 1), 1) for _ in range(4)]
        rows.append([eid, nm, "2025-06", *reports, *others, rng.choices(["否", "是"], [20, 1])[0]])
    write("regional_manager_sheet", ["employee_id", "name", "month", "report_1", "report_2", "report_3", "item_4",
                                     "item_5", "item_6", "item_7", "report_void"], rows)


POSTS = ["客服", "客服", "客服", "运营", "运营", "美工", "财务"]


def profit_share_by_post(rng):
    rows = []
    n = 0
    for store in STORES[:5]:
        revenue = rng.choice([120, 180, 200, 260, 320]) * 10_000
        for post in POSTS:
            n += 1
            rows.append([f"F{n:04d}", person(rng), store, "2025-07", post, revenue, d(clip(rng.gauss(84, 8), 50, 100), 1)])
    write("profit_share_by_post", ["employee_id", "name", "store", "month", "post", "store_revenue", "score"], rows)


SHARES = {"客服": Decimal("0.5"), "运营": Decimal("0.3"), "美工": Decimal("0.15"), "财务": Decimal("0.05")}


def profit_share_net_profit(rng):
    """Two forms of one month: the flat file (each row carries its store's 单位净利) and, in the folder of the
    same name, the staff file, the stores table (one row per store and month) and the general manager's
    adjustments (within ±5% of the performance pay by score)."""
    rows, stores, adjustments = [], [], []
    n = 0
    for store in STORES[:5]:
        profit = rng.choice([-2, 3, 5, 8, 12]) * 10_000
        stores.append([store, "2025-07", profit])
        for post in POSTS:
            n += 1
            score = d(clip(rng.gauss(84, 8), 50, 100), 1)
            rows.append([f"NP{n:04d}", person(rng), store, "2025-07", post, rng.choice([2500, 2800, 3000]), profit,
                         score, rng.choices(["否", "是"], [9, 1])[0]])
            rate = Decimal(rng.choice(["0"] * 8 + ["0.05", "-0.03"]))
            scored = profit * Decimal("0.2") * SHARES[post] / POSTS.count(post) * Decimal(score) / 100
            if rate and profit > 0 and Decimal(score) > 80:
                amount = int(scored * rate / 10) * 10                  # whole tens, toward zero: inside ±5%
                adjustments.append([f"NP{n:04d}", "2025-07", "performance_pay", amount,
                                    "大促表现突出" if amount > 0 else "客诉处理拖延", "总经理"])
    header = ["employee_id", "name", "store", "month", "post", "base_salary", "unit_net_profit", "score",
              "bad_review"]
    write("profit_share_net_profit", header, rows)
    write("profit_share_net_profit/staff", [h for h in header if h != "unit_net_profit"],
          [r[:6] + r[7:] for r in rows])
    write("profit_share_net_profit/stores", ["店铺", "月份", "单位净利"], stores)
    write("profit_share_net_profit/adjustments", ["工号", "期间", "项目", "金额", "原因", "审批人"], adjustments)


def customer_service_chat_quality(rng):
    rows = []
    for i, (eid, nm) in enumerate(people(rng, 36, "Q")):
        rows.append([eid, nm, ["一组", "二组", "三组", "四组"][i % 4], "2025-08",
                     rng.choices([0, 1], [12, 1])[0], rng.choices([0, 1, 2], [6, 3, 1])[0], 0,
                     rng.choices([0, 1], [5, 1])[0], rng.choices([0, 1], [20, 1])[0], rng.choices([0, 1], [5, 1])[0],
                     0, rng.choices([0, 1, 2], [6, 3, 1])[0]])
    write("customer_service_chat_quality", ["employee_id", "name", "team", "month", "phrases_fatal", "phrases_errors",
                                            "notes_fatal", "notes_errors", "attitude_fatal", "attitude_errors",
                                            "wording_fatal", "wording_errors"], rows)


def customer_service_team_template(rng):
    rows = []
    for i, (eid, nm) in enumerate(people(rng, 36, "CT")):
        rows.append([eid, nm, ["一组", "二组", "三组", "四组"][i % 4], "2025-08", rng.randint(35, 60),
                     rng.randint(30, 58), rng.randint(28, 58), d(clip(rng.gauss(17, 4), 5, 40), 1),
                     pct(clip(rng.gauss(0.62, 0.1), 0.2, 0.95)), pct(clip(rng.gauss(0.96, 0.025), 0.8, 1)),
                     rng.randint(2, 60) * 1000])
    write("customer_service_team_template", ["employee_id", "name", "team", "month", "self_score", "peer_score",
                                             "manager_score", "response_s", "conversion", "reply_rate", "own_sales"],
          rows)


def call_centre_attendance(rng):
    rows = []
    for eid, nm in people(rng, 80, "A"):
        rows.append([eid, nm, "2025-09", rng.choice([2800, 3000, 3200]), rng.choice([1000, 1200, 1500]),
                     rng.choice([0, 200, 300]), rng.choices([0, 1, 2, 3, 4], [10, 5, 2, 1, 1])[0],
                     rng.choices([0, 1], [12, 1])[0], rng.choices([0, 1], [20, 1])[0],
                     rng.choices(["0", "0.5", "1", "2", "3"], [30, 2, 2, 1, 1])[0],
                     rng.choices([0, 1], [15, 1])[0], rng.choices([0, 1], [25, 1])[0]])
    write("call_centre_attendance", ["employee_id", "name", "month", "base_salary", "performance_bonus_base",
                                     "other_bonus", "late_or_early_count", "late_15_to_30", "late_over_30",
                                     "absent_days", "early_15_to_30", "early_over_30"], rows)


def call_centre_levels(rng):
    rows = []
    staff = people(rng, 60, "L")
    levels = ["实习", "正式", "C级", "B级", "A级"]
    for eid, nm in staff:
        skill = rng.gauss(0, 1)
        level = rng.choices(levels, [2, 5, 3, 2, 1])[0]
        s = skill + rng.gauss(0.15, 0.4)
        up = levels[min(levels.index(level) + 1, 4)]
        applied = up if up != level and rng.random() < 0.3 else "未申请"
        rows.append([eid, nm, "2025-Q2", level, applied, rng.choice(["是", "否"]) if applied != "未申请" else "否",
                     d(clip(84 + 6 * s, 50, 100), 1), d(clip(13 + 2.5 * s, 5, 25), 1),
                     pct(clip(0.57 + 0.04 * s, 0.3, 0.9), 1)])
    write("call_centre_levels", ["employee_id", "name", "quarter", "current_level", "applied_level", "exam_passed",
                                 "kpi_avg", "cph_avg", "success_rate"], rows)


def public_commission_pool(rng):
    rows = []
    staff = people(rng, 30, "T")
    skill = {eid: rng.gauss(78, 10) for eid, _ in staff}
    for m in MONTHS[:6]:
        for i, (eid, nm) in enumerate(staff):
            rows.append([eid, nm, ["甲组", "乙组", "丙组", "丁组", "戊组"][i % 5], m, rng.choice([3000, 3500]),
                         rng.randint(2, 30) * 5000, rng.randint(0, 40) * 5000, (i * 7) % 13,
                         d(clip(skill[eid] + rng.gauss(0, 6), 30, 100), 1)])
    write("public_commission_pool", ["employee_id", "name", "team", "month", "post_salary", "own_sales",
                                     "public_sales", "years_of_service", "score"], rows)


def ranking_reward(rng):
    rows = []
    staff = people(rng, 30, "R")
    for m in MONTHS[:4]:
        for i, (eid, nm) in enumerate(staff):
            rows.append([eid, nm, STORES[i % 5], m, rng.randint(60, 100), rng.randint(55, 100),
                         rng.randint(5, 60) * 100])
    write("ranking_reward", ["employee_id", "name", "store", "month", "self_score", "manager_score", "commission"],
          rows)


def operations_scorecard(rng):
    rows = []
    for eid, nm in people(rng, 40, "O"):
        s = clip(rng.gauss(0.88, 0.12), 0.3, 1.3)
        rows.append([eid, nm, "2025-10", int(1_000_000 * s), 1_000_000, pct(clip(0.1 * s + rng.gauss(0, .03), -0.2, .4)),
                     int(50000 * s), int(200000 * s), pct(clip(0.35 * s, 0.05, 0.6)), pct(clip(rng.gauss(.975, .01), .9, 1)),
                     pct(clip(rng.gauss(.95, .05), .6, 1)), pct(clip(rng.gauss(.93, .04), .6, 1)),
                     pct(clip(rng.gauss(.9, .1), .3, 1)), d(clip(3 * s + rng.gauss(0, .4), 0.5, 6), 1),
                     d(clip(rng.gauss(4, .7), 0, 5), 1), d(clip(rng.gauss(4, .7), 0, 5), 1)])
    write("operations_scorecard", ["employee_id", "name", "month", "sales", "sales_target", "order_growth",
                                   "unique_visitors", "page_views", "conversion", "positive_rate", "complaint_timely",
                                   "complaint_satisfaction", "campaign_participation", "campaign_roi",
                                   "analysis_score", "teamwork_score"], rows)


def network_sales_grades(rng):
    rows = []
    staff = people(rng, 40, "N")
    for m in ("2025-10", "2025-11"):
        for eid, nm in staff:
            rows.append([eid, nm, m, rng.randint(45, 100), rng.randint(55, 100), rng.randint(60, 100)])
    write("network_sales_grades", ["employee_id", "name", "month", "performance", "ability", "attitude"], rows)


def network_sales_task_pay(rng):
    rows = []
    for i, (eid, nm) in enumerate(people(rng, 40, "W")):
        task = rng.choice([8, 10, 12]) * 10_000
        rows.append([eid, nm, ["一队", "二队", "三队", "四队"][i % 4], "2025-11",
                     int(task * clip(rng.gauss(1, .25), .2, 2)), task, rng.randint(55, 98),
                     rng.choice([0, 0, 0, 100, 200]), rng.choice([0, 0, 0, 0, 50])])
    write("network_sales_task_pay", ["employee_id", "name", "team", "month", "sales", "task", "total_score",
                                     "rewards", "penalties"], rows)


def piece_value_pay(rng):
    rows = []
    for eid, nm in people(rng, 30, "V"):
        rows.append([eid, nm, "2025-12", rng.randint(0, 150), rng.randint(0, 4), rng.randint(0, 8), rng.randint(0, 300),
                     rng.randint(0, 3), rng.randint(0, 60) * 5000, rng.choice([0, 0, 0, 100, 300])])
    write("piece_value_pay", ["employee_id", "name", "month", "order_tracking", "market_surveys", "statistics_reports",
                              "return_visits", "output_analyses", "attributed_sales", "special_incentive"], rows)


def jade_store_promotion_kpi(rng):
    rows = []
    for eid, nm in people(rng, 24, "JD"):
        q = clip(rng.gauss(0.9, 0.15), 0.3, 1.4)
        rows.append([eid, nm, "2025-06", int(50 * q), int(200 * q + rng.gauss(0, 30)), int(15 * q), int(15 * q),
                     int(5 * q + 0.5), int(5 * q + 0.5), rng.randint(15, 110), rng.randint(1, 7)])
    write("jade_store_promotion_kpi", ["employee_id", "name", "month", "new_listings", "new_fans", "weibo_posts",
                                       "forum_posts", "influencer_posts", "weitao_posts", "special_offers",
                                       "countdowns"], rows)


def appliance_retail_ksf_with_errors(rng):
    """A file made to show what failed records look like."""
    rows = [["E0001", "王伟", "西湖店", "2025-03", "532万", "27.35%"],
            ["E0002", "李娜", "西湖店", "2025-03", "1,000,000", "26%"],
            ["E0003", "张强", "滨江店", "2025-03", "", "26%"],
            ["E0004", "刘敏", "滨江店", "2025/03", "5100000", "26%"],
            ["E0005", "陈静", "萧山店", "2025-03", "4850000", "abc"],
            ["E0006", "杨洋", "萧山店", "2025-03", "-5", "26%"],
            ["E0007", "黄磊", "余杭店", "2025-03", "5000000", "25%"]]
    write("appliance_retail_ksf_with_errors",
          ["employee_id", "name", "store", "month", "sales", "wage_cost_ratio"], rows)


GENERATORS = [appliance_retail_ksf, store_manager_ksf, year_end_bonus_coefficients, customer_service_kpi,
              grade_bands_forced_distribution, monthly_pay_designers_promoters, designer_kpi_sheet,
              customer_service_monthly_sheet, sales_rep_monthly_pay, field_service_sheet, regional_manager_sheet,
              profit_share_by_post, profit_share_net_profit, customer_service_chat_quality,
              customer_service_team_template, call_centre_attendance, call_centre_levels, public_commission_pool,
              ranking_reward, operations_scorecard, network_sales_grades, network_sales_task_pay, piece_value_pay,
              jade_store_promotion_kpi, designer_monthly_pay, appliance_retail_ksf_with_errors]

if __name__ == "__main__":
    for gen in GENERATORS:
        gen(random.Random(f"schemerules:{gen.__name__}"))
        print(f"wrote examples/{gen.__name__}.csv")
