"""The catalogue of error codes.

Every problem schemerules reports carries a stable code from this table, so
that users can look it up in ``docs/errors.md`` and tools can match on it.
Codes never change meaning; retired codes are not reused.

SR1xx  reading the file (YAML, size, nesting)
SR2xx  structure of the scheme (keys, names, labels, includes)
SR3xx  expressions
SR4xx  rule kinds
SR5xx  records (data of one employee)
SR6xx  evaluation (a rule failed for one record)
SR7xx  warnings: found at load, the scheme still loads (``check --strict`` and ``strict=True`` refuse it)
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # reading
    "SR101": "the file is not valid YAML",
    "SR102": "anchors and aliases are refused",
    "SR103": "YAML tags are refused",
    "SR104": "a key appears twice in one mapping",
    "SR105": "the file is too large or too deeply nested",
    "SR106": "the file cannot be read",
    "SR107": "merge keys (<<) are refused",
    "SR108": "a file holds exactly one YAML document",
    "SR109": "the file is not a scheme (empty, or not a mapping of scheme sections)",
    # structure
    "SR201": "unknown key",
    "SR202": "a required key is missing",
    "SR203": "a value has the wrong shape (mapping, list or text expected)",
    "SR204": "unsupported language version",
    "SR205": "a name is not valid",
    "SR206": "a name is defined twice",
    "SR207": "a value is not one of the allowed words",
    "SR208": "a label is not text or a mapping of language to text",
    "SR209": "an include cannot be followed",
    "SR210": "a number is not valid number text",
    "SR211": "a rule needs exactly one kind key",
    "SR212": "rules depend on each other in a cycle",
    "SR213": "an input's default or limits are not valid",
    "SR214": "a test in the file is malformed",
    "SR215": "the scheme is too large",
    "SR216": "the output section names something that is not a rule",
    "SR217": "history functions need an id input and a period input",
    # expressions
    "SR301": "the expression is not valid syntax",
    "SR302": "the expression uses a construct that is not allowed",
    "SR303": "unknown name",
    "SR304": "unknown function or wrong arguments",
    "SR305": "text and numbers are mixed",
    "SR306": "the expression is too long or too deeply nested",
    # kinds
    "SR401": "thresholds do not strictly increase",
    "SR402": "weights do not add up to 100%",
    "SR403": "scorecard points do not add up to the total",
    "SR404": "a lookup table key is not a value of the enum",
    "SR405": "a catch-all band is not last",
    "SR406": "a value is out of its allowed range",
    "SR407": "band minimums do not decrease",
    "SR408": "keys of a kind contradict each other",
    "SR409": "a pool amount reads something other than params and same-group aggregates",
    "SR410": "overrides are not allowed on population rules",
    "SR411": "the grades of a distribution are not valid",
    "SR430": "a group table, an adjustment or a guard is declared wrongly (extension)",
    # records
    "SR501": "a required field is missing",
    "SR502": "a value is not of the field's type",
    "SR503": "a value is outside the field's limits",
    "SR504": "a value is not one of the enum's values",
    "SR505": "the record is not a mapping",
    "SR506": "two records share an employee and a period",
    "SR507": "the records file cannot be read",
    "SR508": "a result file cannot be written",
    "SR509": "two fields of a record name the same input",
    "SR510": "the batch leaves fields unread or optional inputs unseen (run --strict)",
    "SR511": "an optional part of schemerules is not installed",
    "SR512": "the evaluation was cancelled",
    "SR530": "a group table has no row, or several rows, for the record's key (extension)",
    "SR531": "a manual adjustment of the record cannot be applied (extension)",
    # evaluation
    "SR601": "division by zero",
    "SR602": "a number is too large or an operation is not defined",
    "SR603": "a value does not fit the rule's declared type",
    "SR604": "a lookup key is missing from the table",
    "SR605": "no band matches",
    "SR606": "a value is below the first tier",
    "SR607": "text and numbers are mixed",
    "SR608": "a text value is too long",
    "SR609": "a count is not a non-negative integer",
    "SR610": "a scorecard target is zero",
    "SR611": "a member of the group failed",
    "SR612": "an earlier period is missing or failed",
    "SR613": "a lookup key is not text, an enum value, a bool or an integer",
    "SR614": "an argument is out of range",
    "SR615": "a dated param has no value for the record's period",
    "SR630": "a compliance guard is violated and says fail (extension)",
    "SR631": "a manual adjustment is outside the bounds the scheme allows (extension)",
    "SR616": "a ranged deduction is outside its item's range",
    # warnings (checked at load; strict makes them errors)
    "SR701": "a lookup over an enum or bool has no entry for some of its values and no default",
    "SR702": "bands or tiers do not cover every value their input may take",
    "SR703": "a deduction item has no max inside a sheet whose other items have their points",
    "SR704": "a lookup key known when the scheme loads is not in the table, and there is no default",
}


CODES_ZH: dict[str, str] = {
    "SR101": "文件不是有效的 YAML", "SR102": "不允许使用锚点和别名（& 和 *）", "SR103": "不允许使用 YAML 标签（!!）",
    "SR104": "同一映射中出现重复的键", "SR105": "文件太大或嵌套太深", "SR106": "无法读取文件",
    "SR107": "不允许使用合并键（<<）", "SR108": "一个文件只能有一个 YAML 文档",
    "SR109": "文件不是薪酬方案（为空，或顶层不是方案各部分的映射）",
    "SR201": "未知的键", "SR202": "缺少必需的键", "SR203": "值的结构不对（应为映射、列表或文本）",
    "SR204": "不支持的语言版本", "SR205": "名称不合法", "SR206": "名称重复定义", "SR207": "不是允许的取值之一",
    "SR208": "标签应为文本或「语言: 文本」的映射", "SR209": "无法引用（include）该文件", "SR210": "不是合法的数字",
    "SR211": "每条规则必须恰好有一个类型键", "SR212": "规则之间存在循环依赖", "SR213": "输入项的默认值或限制不合法",
    "SR214": "方案中的测试格式不对", "SR215": "方案过大", "SR216": "output 引用了不存在的规则",
    "SR217": "历史函数需要工号（id）输入和期间（period）输入",
    "SR301": "表达式语法错误", "SR302": "表达式中使用了不允许的写法", "SR303": "未知的名称",
    "SR304": "未知的函数或参数个数不对", "SR305": "文本和数字混用", "SR306": "表达式太长或嵌套太深",
    "SR401": "分段阈值必须严格递增", "SR402": "权重之和不等于 100%", "SR403": "考核表各项分值之和不等于总分",
    "SR404": "查表的键不是该枚举输入的取值", "SR405": "兜底等级（无条件）必须放在最后", "SR406": "数值超出允许范围",
    "SR407": "等级的最低分必须自上而下递减", "SR408": "同一规则中的键互相矛盾",
    "SR409": "公共池金额只能读取参数和同一分组的汇总规则", "SR410": "群体规则上不允许设置例外（overrides）",
    "SR411": "强制分布的等级设置不合法",
    "SR430": "分组数据表、手工调整或合规约束的声明不正确（扩展）",
    "SR501": "缺少必填字段", "SR502": "字段值的类型不对", "SR503": "字段值超出限制", "SR504": "不是枚举允许的取值",
    "SR505": "记录不是「字段: 值」的映射", "SR506": "同一员工同一期间有两条记录", "SR507": "无法读取记录文件",
    "SR508": "无法写入结果文件", "SR509": "记录中有两个字段对应同一个输入项",
    "SR510": "有字段未被读取或可选输入项没有任何记录提供（run --strict）", "SR511": "未安装 schemerules 的可选组件",
    "SR512": "计算已取消",
    "SR530": "分组数据表中没有、或有多行与该记录的键对应（扩展）",
    "SR531": "该记录的手工调整无法应用（扩展）",
    "SR601": "除数为零", "SR602": "数字过大或运算无定义", "SR603": "结果不符合规则声明的类型",
    "SR604": "查表找不到该键且没有默认值", "SR605": "没有匹配的等级", "SR606": "数值低于第一档",
    "SR607": "文本和数字混用", "SR608": "文本过长", "SR609": "次数必须是非负整数", "SR610": "考核目标值为零",
    "SR611": "同组成员计算失败，本组不计算", "SR612": "之前期间的记录缺失或计算失败",
    "SR613": "查表的键必须是文本、枚举、布尔值或整数", "SR614": "参数超出允许范围",
    "SR615": "按生效日期设置的参数在该记录的期间没有值",
    "SR630": "违反了合规约束，且约束要求记录失败（扩展）",
    "SR631": "手工调整超出方案允许的范围（扩展）",
    "SR616": "区间扣分超出该项允许的范围",
    "SR701": "按枚举或布尔值查表，表中缺少部分取值且没有默认值",
    "SR702": "等级或分档没有覆盖输入项可能取的全部数值",
    "SR703": "百分制扣分表中，其他扣分项都有分值上限（max），此项却没有",
    "SR704": "查表的键在加载方案时已确定，却不在表中，也没有默认值",
}


def describe(code: str, lang: str = "en") -> str:
    """Return the one-line description of *code* in English or Chinese."""
    return CODES_ZH[code] if lang == "zh" else CODES[code]


def markdown() -> str:
    """The catalogue as the Markdown page docs/errors.md (kept equal by a test)."""
    groups = {"1": "Reading the file", "2": "Structure of the scheme", "3": "Expressions", "4": "Rule kinds",
              "5": "Records", "6": "Evaluation", "7": "Warnings (the scheme loads; check --strict refuses it)"}
    out = ["# Error codes · 错误代码", "",
           "Every problem schemerules reports carries one of these codes. Scheme problems (SR1xx–SR4xx) stop",
           "the scheme from loading and are all reported at once, each with file:line:col and the YAML path;",
           "record problems (SR5xx) and evaluation problems (SR6xx) fail one record and never the batch.",
           "Warnings (SR7xx) are found at load but let the scheme load: a record may fail on them later;",
           "`schemerules check --strict` (and `strict=True`) turns them into scheme problems.",
           "Examples of every message, as users see them, are in `tests/errors/golden.txt`.", ""]
    for digit, title in groups.items():
        out += [f"## SR{digit}xx — {title}", "", "| code | meaning | 含义 |", "| --- | --- | --- |"]
        out += [f"| {c} | {d} | {CODES_ZH[c]} |" for c, d in CODES.items() if c[2] == digit]
        out.append("")
    return "\n".join(out)
