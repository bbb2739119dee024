"""Chinese templates of every message, keyed by the English template (see messages.py).

Placeholders are the English template's, unchanged. Names of the language
(keys such as ``inputs:``, kinds such as ``balance_point``, functions) stay
as they are written in a scheme. A test checks that every template in the
source is here, with the same placeholders.
"""

ZH: dict[str, str] = {
    'the group of record(s) {records} cannot be determined, so no group can be evaluated':
        '无法确定记录 {records} 所属的分组，因此所有分组都不计算',
    "record(s) {records} of this group failed, so the group's {rule} is not computed":
        '本组的记录 {records} 计算失败，因此本组的 {rule} 不计算',
    'this expression did not compile':
        '此表达式无法编译',
    'the field name {word!r} would name both input {other} and input {name} (names and labels are compared without surrounding spaces, ignoring ASCII case)':
        '字段名 {word!r} 会同时对应输入项 {other} 和输入项 {name}（比较名称和标签时去掉首尾空白、不区分 ASCII 大小写）',
    'give the two inputs different labels':
        '给这两个输入项不同的标签',
    "dated values apply by the record's period: declare one input such as month: {type: period}":
        '按生效日期设置的值按记录的期间取用：请声明一个期间输入项，例如 month: {type: period}',
    'a scheme has at most one {kind} input; found {items}':
        '一个方案最多只能有一个 {kind} 输入项；现在有 {items}',
    'param {name} has dated values, but the scheme has no period input':
        '参数 {name} 有按日期生效的值，但方案没有期间（period）输入项',
    'param {name} has dated values, but the scheme has {count} period inputs':
        '参数 {name} 有按日期生效的值，但方案有 {count} 个期间输入项',
    'one of these rules must not read the others':
        '这些规则中必须有一条不读取其他规则',
    'overrides are not allowed on the population rule {name}':
        '群体规则 {name} 上不允许设置例外（overrides）',
    'put the override on a rule that reads this one':
        '把例外写在读取这条规则的另一条规则上',
    'add inputs such as employee_id: {type: id} and month: {type: period}':
        '添加输入项，例如 employee_id: {type: id} 和 month: {type: period}',
    'a list of rule or input names':
        '规则名或输入项名的列表',
    '{function}() reads earlier periods, but the scheme has no id input':
        '{function}() 读取之前的期间，但方案没有工号（id）输入项',
    '{function}() reads earlier periods, but the scheme has no period input':
        '{function}() 读取之前的期间，但方案没有期间（period）输入项',
    'output total {total!r} is not a rule':
        'output 的合计项 {total!r} 不是规则',
    'output line {text!r} is not a rule or an input':
        'output 的工资条项目 {text!r} 既不是规则也不是输入项',
    'text and numbers do not mix here ({error})':
        '这里文本和数字不能混用（{error}）',
    'arithmetic error: {error}':
        '算术错误：{error}',
    'division by zero':
        '除数为零',
    'a number became too small (below 1E-{limit})':
        '数字变得过小（小于 1E-{limit}）',
    'an operation is not defined for these numbers (or a value is too large to round)':
        '这些数字无法进行此运算（或者数值太大无法舍入）',
    'values':
        '取值',
    '`{sym}` between text and a number in {text!r}':
        '{text!r} 中 `{sym}` 的两边一边是文本一边是数字',
    'text joins only with text (a + "/" + b); numbers need numbers':
        '文本只能和文本连接（a + "/" + b）；数字运算需要数字',
    '`{sym}` is not defined for text in {text!r}':
        '{text!r} 中 `{sym}` 不能用于文本',
    'a sign before text in {text!r}':
        '{text!r} 中文本前面不能加正负号',
    'comparing text with a number in {text!r}':
        '{text!r} 中把文本和数字做比较',
    'quote numbers that are text, or compare numbers with numbers':
        '文本形式的数字请加引号，或者用数字和数字比较',
    '{name}() of text and numbers in {text!r}':
        '{text!r} 中 {name}() 的参数既有文本又有数字',
    '{name}() needs numbers, found text in {text!r}':
        '{text!r} 中 {name}() 需要数字，却给了文本',
    'text':
        '文本',
    'numbers':
        '数字',
    'bools':
        '布尔值',
    'the list after `in` mixes text and numbers in {text!r}':
        '{text!r} 中 `in` 后面的列表混用了文本和数字',
    '`in` compares {lk} with a list of {vk} in {text!r}':
        '{text!r} 中 `in` 把{lk}和{vk}的列表做比较',
    'clamp(x, lo, hi) with lo {lo} above hi {hi} in {text!r} always gives hi':
        '{text!r} 中 clamp(x, lo, hi) 的下限 {lo} 大于上限 {hi}，结果总是上限',
    '{fn}({rule}) needs records with a period input':
        '{fn}({rule}) 需要带期间（period）输入的记录',
    'prev({rule}) has no earlier period and no default':
        'prev({rule}) 没有更早的期间，也没有默认值',
    'attribute access (x.y) is not allowed':
        '不允许访问属性（x.y）',
    'subscripts (x[...]) are not allowed':
        '不允许下标（x[...]）',
    'lambdas are not allowed':
        '不允许 lambda',
    'comprehensions are not allowed':
        '不允许推导式',
    'assignments are not allowed':
        '不允许赋值',
    'f-strings are not allowed':
        '不允许 f 字符串',
    'dictionaries are not allowed':
        '不允许字典',
    'sets are not allowed':
        '不允许集合',
    '* arguments are not allowed':
        '不允许 * 参数',
    'await is not allowed':
        '不允许 await',
    'yield is not allowed':
        '不允许 yield',
    'slices are not allowed':
        '不允许切片',
    '% is a percent suffix on a number (50%); there is no modulo operator':
        '% 是数字后面的百分号（50%）；没有取余运算',
    'the @ operator is not allowed':
        '不允许 @ 运算符',
    '& is not allowed (use and)':
        '不允许 &（请用 and）',
    '| is not allowed (use or)':
        '不允许 |（请用 or）',
    '^ is not allowed (use ** for powers)':
        '不允许 ^（乘方请用 **）',
    '<< is not allowed':
        '不允许 <<',
    '>> is not allowed':
        '不允许 >>',
    '~ is not allowed':
        '不允许 ~',
    'is is not allowed (use ==)':
        '不允许 is（请用 ==）',
    'is not is not allowed (use !=)':
        '不允许 is not（请用 !=）',
    'did you mean {name}?':
        '是不是要写 {name}？',
    'unknown name {name}':
        '未知的名称 {name}',
    '{name}() takes {want} arguments, got {count}':
        '{name}() 需要 {want} 个参数，实际给了 {count} 个',
    'the expression is {count} characters long; at most {max_length} are allowed':
        '表达式有 {count} 个字符；最多 {max_length} 个',
    'split it into several rules':
        '把它拆成几条规则',
    'the expression is empty':
        '表达式是空的',
    'write a number, a name or a formula':
        '写一个数字、一个名称或一个公式',
    'the expression nests brackets {deepest} deep; at most {max_brackets}':
        '表达式中括号嵌套了 {deepest} 层；最多 {max_brackets} 层',
    'expressions are Python-like: a + b * 2, x if c else y, min(a, b)':
        '表达式的写法类似 Python：a + b * 2、x if c else y、min(a, b)',
    'expressions use names, numbers, quoted text, + - * / // **, comparisons, and/or/not, x if c else y, x in [...] and the functions of the language':
        '表达式可以用名称、数字、带引号的文本、+ - * / // **、比较、and/or/not、x if c else y、x in [...] 和本语言的函数',
    'if {name!r} is text, quote it inside the expression: "\'{name}\'"':
        '如果 {name!r} 是文本，请在表达式里加引号："\'{name}\'"',
    'define it under inputs:, params: or rules: (or, if it is text, quote it: "\'{name}\'")':
        '请在 inputs:、params: 或 rules: 下定义它（如果它是文本，请加引号："\'{name}\'"）',
    '{name}() takes no keyword {keyword}':
        '{name}() 没有关键字参数 {keyword}',
    'the first argument of {name}() is the name of a rule or input':
        '{name}() 的第一个参数是规则或输入项的名称',
    'inside a YAML flow mapping {…} a comma ends the value: quote the expression, e.g. {expr: "min(a, b)"}':
        '在 YAML 的流式映射 {…} 里，逗号会结束取值：请给表达式加引号，例如 {expr: "min(a, b)"}',
    'the expression {text!r} is not valid: {msg}':
        '表达式 {text!r} 不合法：{msg}',
    'the expression cannot be parsed (too deeply nested or not text)':
        '表达式无法解析（嵌套太深或不是文本）',
    'the expression is nested more than {max_depth} levels deep':
        '表达式嵌套超过 {max_depth} 层',
    '{name}() takes no keyword {keyword} (keywords: {keywords})':
        '{name}() 没有关键字参数 {keyword}（可用的关键字：{keywords}）',
    '{low} to {high}':
        '{low} 到 {high}',
    'at least {low}':
        '至少 {low}',
    'the second argument of {name}() is a whole number of periods from 1 to {max_window}':
        '{name}() 的第二个参数是期间数，应为 1 到 {max_window} 的整数',
    'round(): {why}':
        'round()：{why}',
    'prev(rule, k, default): k is a whole number from 1 to {max_window}':
        'prev(rule, k, default)：k 应为 1 到 {max_window} 的整数',
    'round(): the quantum {value!r} is not number text such as "0.01"':
        'round()：舍入单位 {value!r} 不是数字文本，例如 "0.01"',
    '{text!r}: a scheme writes numbers without thousands separators (write {fix})':
        '{text!r}：方案中的数字不写千分位分隔符（写成 {fix}）',
    '{text!r}: a scheme writes numbers without thousands separators':
        '{text!r}：方案中的数字不写千分位分隔符',
    '{name!r}: names start with a letter, never with _':
        '{name!r}：名称以字母开头，不能以 _ 开头',
    'the operator {operator} is not allowed':
        '不允许运算符 {operator}',
    'this operator is not allowed':
        '不允许这个运算符',
    "`in` needs a literal list on its right: grade in ['A', 'B']":
        "`in` 右边需要一个直接写出的列表：grade in ['A', 'B']",
    'unknown function {fname}()':
        '未知的函数 {fname}()',
    'only the functions of the language can be called':
        '只能调用本语言的函数',
    'None is not a value of the language':
        'None 不是本语言的值',
    '{name!r} is not a name':
        '{name!r} 不是合法的名称',
    'names use ASCII letters, digits and _; text needs quotes: "\'一线\'"':
        '名称只能用 ASCII 字母、数字和 _；文本需要加引号："\'一线\'"',
    '{name} is a function; call it: {name}(…)':
        '{name} 是函数；请这样调用：{name}(…)',
    'the list after `in` may hold only numbers and quoted text':
        '`in` 后面的列表只能包含数字和带引号的文本',
    'the literal {value!r} is not allowed':
        '不允许字面量 {value!r}',
    'a comma outside a function call: numbers are written without thousands separators':
        '函数调用之外出现了逗号：数字不写千分位分隔符',
    'a text literal is {count} characters long; at most {max_text}':
        '文本字面量有 {count} 个字符；最多 {max_text} 个',
    'lists are allowed only after `in`':
        '列表只能用在 `in` 后面',
    '{construct} is not allowed in an expression':
        '表达式中不允许 {construct}',
    'a number is needed here, found {found}':
        '这里需要数字，却得到 {found}',
    'the value {value} has more than {max_int_digits} integer digits':
        '数值 {value} 的整数部分超过 {max_int_digits} 位',
    'the text {value!r}':
        '文本 {value!r}',
    'a number is needed here, found {found}: a bool counts as 1 or 0 only inside an expression (write 1 if … else 0)':
        '这里需要数字，却得到 {found}：布尔值只有在表达式里才算作 1 或 0（可写成 1 if … else 0）',
    'a text value would be {count} characters long; at most {max_text}':
        '文本将有 {count} 个字符；最多 {max_text} 个',
    'cannot add {found} and {found2}: text and numbers do not mix':
        '无法把 {found} 和 {found2} 相加：文本和数字不能混用',
    '** needs a whole exponent between -{max_power} and {max_power}, found {b}':
        '** 的指数必须是 -{max_power} 到 {max_power} 之间的整数，现在是 {b}',
    '{a} ** {b} has more than {max_int_digits} integer digits':
        '{a} ** {b} 的整数部分超过 {max_int_digits} 位',
    'cannot compare {found} with {found2}: text and numbers do not mix':
        '无法比较 {found} 和 {found2}：文本和数字不能混用',
    'min()/max() got both text and numbers':
        'min()/max() 的参数既有文本又有数字',
    '{what} needs numbers, found {found}':
        '{what} 需要数字，却得到 {found}',
    '{what}: {message}':
        '{what}：{message}',
    'the field is missing and has no default':
        '字段缺失，且没有默认值',
    'no record has the optional input {name}; every record used its default {default}':
        '没有任何记录提供可选输入项 {name}；所有记录都用了默认值 {default}',
    'field {field!r} is not an input of the scheme and was not read (did you mean {close}?)':
        '字段 {field!r} 不是方案的输入项，没有被读取（是不是要写 {close}？）',
    'field {field!r} is not an input of the scheme and was not read':
        '字段 {field!r} 不是方案的输入项，没有被读取',
    'the rule is declared {declared} but gave {found}':
        '规则声明为 {declared}，却得到 {found}',
    'the rule is declared int but gave {found}':
        '规则声明为 int（整数），却得到 {found}',
    'an integer of about {count} digits':
        '一个约 {count} 位的整数',
    'a Decimal with exponent {exponent}':
        '指数为 {exponent} 的 Decimal',
    '{value} is not a number':
        '{value} 不是数字',
    '{value} has more than {limit} integer digits':
        '{value} 的整数部分超过 {limit} 位',
    '{value} is too small to be a value (below 1E-{limit})':
        '{value} 太小，不能作为数值（小于 1E-{limit}）',
    '{value} has more than {limit} digits':
        '{value} 超过 {limit} 位数字',
    '{raw} is not a bool (true/false, yes/no, 1/0, 是/否)':
        '{raw} 不是布尔值（true/false、yes/no、1/0、是/否）',
    'the value holds the control character {char}':
        '取值中含有控制字符 {char}',
    '{value!r} is not one of {items}':
        '{value!r} 不是 {items} 之一',
    '{value!r} is not a {period} period ({form})':
        '{value!r} 不是{period}期间（{form}）',
    '{value} is not a whole number (int expected)':
        '{value} 不是整数（需要 int）',
    '{value} is below the minimum {lo}':
        '{value} 低于最小值 {lo}',
    '{value} is above the maximum {hi}':
        '{value} 高于最大值 {hi}',
    '{value} is not a multiple of the step {step}':
        '{value} 不是步长 {step} 的整数倍',
    'the value is {count} characters long; at most {max_text}':
        '取值有 {count} 个字符；最多 {max_text} 个',
    '{raw} is not text ({text} expected)':
        '{raw} 不是文本（需要 {text}）',
    'the value holds a line break (a CSV quote that is never closed joins lines into one cell)':
        '取值中含有换行（CSV 中未闭合的引号会把多行连成一个单元格）',
    'the value holds a lone surrogate (invalid Unicode)':
        '取值中含有孤立的代理字符（无效的 Unicode）',
    '{error} ({text} expected)':
        '{error}（需要 {text}）',
    '{raw!r} is a binary float, which is not exact; pass text or a Decimal':
        '{raw!r} 是二进制浮点数，不精确；请传入文本或 Decimal',
    '{raw} is not a number ({text} expected)':
        '{raw} 不是数字（需要 {text}）',
    'aggregate {fn} needs of: (the value to aggregate)':
        'aggregate {fn} 需要 of:（要汇总的值）',
    "the band's low end {lo} is above its high end {hi}":
        '区间的下限 {lo} 大于上限 {hi}',
    '{what} is a list of two values, found {found}':
        '{what} 是包含两个值的列表，现在是 {found}',
    'the metric':
        '考核指标',
    'a balance point needs exactly one of balance: and band:':
        '平衡点需要 balance: 和 band: 二者之一（只能一个）',
    'balance: 500万 for a point, band: [25%, 27%] for a neutral band':
        '平衡点写 balance: 500万，中性区间写 band: [25%, 27%]',
    'the size of one step, > 0':
        '每一档的大小，> 0',
    'money per step on the good side':
        '有利一侧每档的金额',
    'money per step on the bad side':
        '不利一侧每档的金额',
    'greater than 0':
        '大于 0',
    '0 or more':
        '大于或等于 0',
    '{key} is {value}; it must be {lo}':
        '{key} 是 {value}；它必须{lo}',
    'write a {key} that is {lo}':
        '写一个{lo}的 {key}',
    'the step must be greater than 0, found {value}':
        '步长必须大于 0，现在是 {value}',
    'above must be 0 or more, found {a}':
        'above 必须大于或等于 0，现在是 {a}',
    'below must be 0 or more, found {b}':
        'below 必须大于或等于 0，现在是 {b}',
    'bands':
        '等级',
    'a list of bands, best first':
        '等级列表，最好的在前',
    'a band, e.g. {grade: 优秀, min: 85}':
        '一个等级，例如 {grade: 优秀, min: 85}',
    'bands with min: need of: (the value to grade)':
        '带 min: 的等级需要 of:（要评级的值）',
    'no band matches and there is no catch-all band':
        '没有匹配的等级，也没有兜底等级',
    'the catch-all band {grade} (no min, no if) must be the last band':
        '兜底等级 {grade}（没有 min，也没有 if）必须是最后一个',
    'move it to the end: bands after it can never match':
        '把它移到最后：它后面的等级永远不会被匹配',
    'band minimums must decrease down the list: {grade} ≥ {value} comes before {grade2} ≥ {y}':
        '等级的最低分必须自上而下递减：{grade} ≥ {value} 排在 {grade2} ≥ {y} 之前',
    'list the bands from the best grade down':
        '从最好的等级往下排列',
    '{value} is below the first tier ({first}) and the rule has no below:':
        '{value} 低于第一档（{first}），规则也没有 below:',
    'the value to look up':
        '要查的值',
    'a list of tiers':
        '各档的列表',
    'tiers is empty':
        'tiers 是空的',
    '{count} tiers; at most {max_tiers}':
        '{count} 档；最多 {max_tiers} 档',
    'a tier mapping, e.g. {from: 0, rate: 1%}':
        '一档，例如 {from: 0, rate: 1%}',
    'marginal brackets need from: tiers':
        '超额累进（marginal）需要用 from: 写各档',
    "write each tier's lower bound as from:":
        '把每一档的下限写成 from:',
    'tiers use either from: or upto:, not both':
        '各档要么都用 from:，要么都用 upto:，不能混用',
    'mode {mode} needs {need}: on every tier':
        'mode {mode} 要求每一档都有 {need}:',
    'a tier threshold must be a number or a param, found {text!r}':
        '分档阈值必须是数字或参数，现在是 {text!r}',
    'thresholds must strictly increase: {a} is followed by {b}':
        '阈值必须严格递增：{a} 后面是 {b}',
    'order the tiers from the smallest threshold up':
        '按阈值从小到大排列各档',
    'the last upto tier must not have upto: it holds the rest':
        '最后一档 upto 不能写 upto：它包含其余所有值',
    'remove upto from the last tier':
        '去掉最后一档的 upto',
    "the tier's threshold":
        '这一档的阈值',
    'param {name} has no value for {period}: its first value applies from {first}':
        '参数 {name} 在 {period} 没有取值：它的第一个值从 {first} 起生效',
    'unknown key {name}':
        '未知的键 {name}',
    'a count must be a whole number ≥ 0, found {value}':
        '次数必须是大于或等于 0 的整数，现在是 {value}',
    'items':
        '项目',
    'a mapping of item name to item':
        '项目名到项目的映射',
    'an item, e.g. {count: late_count, each: 2}':
        '一个项目，例如 {count: late_count, each: 2}',
    'how many times it happened':
        '发生的次数',
    'all_at is a whole number ≥ 1':
        'all_at 是大于或等于 1 的整数',
    'all_at needs max: (the deduction once the count reaches all_at)':
        'all_at 需要 max:（次数达到 all_at 时扣除的总额）',
    'a list of cumulative deductions':
        '累计扣分的列表',
    'schedule steps':
        'schedule 各步',
    'a schedule lists cumulative deductions: they must not decrease':
        'schedule 列出的是累计扣分：不能递减',
    'grades':
        '等级',
    'the grades, best first':
        '等级，最好的在前',
    'a grade, e.g. {grade: 特优, max: 10%}':
        '一个等级，例如 {grade: 特优, max: 10%}',
    'exactly one grade takes the rest':
        '只能有一个等级接收其余人员',
    'the max shares add up to {value}%, more than 100%':
        '各等级的 max 比例合计为 {value}%，超过 100%',
    'lower the max: shares so that they add up to at most 100%':
        '降低各等级的 max: 比例，使合计不超过 100%',
    'grade {grade} is listed twice':
        '等级 {grade} 重复列出',
    'max {share} is not a share between 0% and 100%':
        'max {share} 不是 0% 到 100% 之间的比例',
    'grade {grades} needs max: (its share) or rest: true':
        '等级 {grades} 需要 max:（它的比例）或 rest: true',
    'the cap gives {g!r}, which is not a grade of the distribution ({items})':
        'cap 给出的 {g!r} 不是强制分布的等级（{items}）',
    '{key} is clamp, extrapolate or an expression':
        '{key} 是 clamp、extrapolate 或一个表达式',
    'points':
        '点',
    'a list of [x, y] pairs':
        '[x, y] 点的列表',
    'interpolate needs at least two points':
        'interpolate 至少需要两个点',
    'a point is [x, y], found {found}':
        '一个点是 [x, y]，现在是 {found}',
    'x must strictly increase: {a} is followed by {b}':
        'x 必须严格递增：{a} 后面是 {b}',
    'a lookup key must be text, an enum value, a bool or a whole number; found {value}':
        '查表的键必须是文本、枚举值、布尔值或整数；现在是 {value}',
    'table entries':
        '查表条目',
    '{key!r} is not in the table ({known}) and there is no default':
        '{key!r} 不在表中（{known}），也没有默认值',
    'a mapping of key to value':
        '键到取值的映射',
    '{key!r} is not in the table and there is no default':
        '{key!r} 不在表中，也没有默认值',
    'table key {key!r} is not a value of the enum {name}':
        '表中的键 {key!r} 不是枚举 {name} 的取值',
    "the key is {key!r} for every record, and the table has no entry {key!r} and no default: every record would fail":
        '每条记录的键都是 {key!r}，而表中没有 {key!r} 这一项，也没有默认值：每条记录都会失败',
    "add {key!r} to the table, give default:, or make the key one of the table's: {keys}":
        '把 {key!r} 加到表中、给出 default:，或让键取表中已有的值：{keys}',
    'aggregate it first with the same within:, e.g. team_total: {example}':
        '先用相同的 within: 汇总它，例如 team_total: {example}',
    'the amount to share':
        '要分配的金额',
    'an input':
        '输入项',
    'the pool amount reads {name}, {what}; it must be the same for every member':
        '公共池金额读取了 {name}（{what}）；金额必须对组内每个成员都相同',
    'a {kind} rule':
        '{kind} 规则',
    'a name':
        '名称',
    'a pool weight is negative ({w}); weights are 0 or more':
        '公共池的权重为负数（{w}）；权重必须大于或等于 0',
    '{what} (for every member)':
        '{what}（每个成员）',
    'the score to rank by':
        '用于排名的分数',
    'the target of item {name} is 0':
        '项目 {name} 的目标值为 0',
    'an item, e.g. {points: 30, actual: sales, target: sales_target}':
        '一个项目，例如 {points: 30, actual: sales, target: sales_target}',
    "the items' points add up to {value}, not the total {total}":
        '各项目分值合计为 {value}，不等于总分 {total}',
    "the item's points":
        '项目的分值',
    'an item has either actual: and target:, or score:':
        '一个项目要么有 actual: 和 target:，要么有 score:',
    'points must be 0 or more':
        '分值必须大于或等于 0',
    'members':
        '成员',
    '{name} needs a non-empty list of expressions, found {found}':
        '{name} 需要一个非空的表达式列表，现在是 {found}',
    '{name}: [a, b, c]':
        '{name}: [a, b, c]',
    'a mapping of expression to weight, e.g. {self_score: 30%, manager_score: 70%}':
        '表达式到权重的映射，例如 {self_score: 30%, manager_score: 70%}',
    'weighted needs at least one item':
        'weighted 至少需要一个项目',
    'the weights add up to {value}%, not 100%':
        '权重合计为 {value}%，不等于 100%',
    'make the weights add up to exactly 100% (1)':
        '让权重合计正好等于 100%（1）',
    'a label is text or a mapping of language to text, found {found}':
        '标签应为文本或「语言: 文本」的映射，现在是 {found}',
    'write label: 底薪 or label: {zh: 底薪, en: Base salary}':
        '写 label: 底薪 或 label: {zh: 底薪, en: Base salary}',
    'the {text} text of a label must be text, found {found}':
        '标签的 {text} 文本必须是文本，现在是 {found}',
    'quote it if it holds a comma, colon or #':
        '如果含有逗号、冒号或 #，请加引号',
    '{what} is not a scheme file: its top level is not a mapping of scheme sections (schemerules, id, inputs, params, rules …)':
        '{what}不是薪酬方案文件：它的顶层不是方案各部分（schemerules、id、inputs、params、rules …）的映射',
    'check that the path names a scheme; its content is not shown':
        '检查路径是否指向一个方案；文件内容不会显示',
    'a mapping at the top of the file':
        '文件顶层的映射',
    'include {written!r} cannot be read: this scheme was loaded from text without an includes source':
        '无法读取 include {written!r}：这个方案是从文本加载的，没有提供被引用文件的来源',
    'pass includes={path: text} or a loader to loads_scheme':
        '给 loads_scheme 传入 includes={path: text}（路径到文本的映射）或一个加载函数',
    'the file is {size:,} bytes; a scheme may be at most {max_bytes:,}':
        '文件有 {size:,} 字节；一个方案最多 {max_bytes:,} 字节',
    'split it into included files':
        '把它拆成几个被引用（include）的文件',
    'cannot read the file: {value}':
        '无法读取文件：{value}',
    'check the path and that the file is readable':
        '检查路径，以及文件是否可读',
    'the file holds no scheme (it is empty or only comments)':
        '文件里没有方案（是空的或只有注释）',
    'start with schemerules: 1 and id: …':
        '从 schemerules: 1 和 id: … 开始写',
    'the file':
        '文件',
    'a list of file paths':
        '文件路径的列表',
    'input':
        '输入项',
    'rule':
        '规则',
    'a param':
        '参数',
    'a rule':
        '规则',
    "include {written!r} leads outside the scheme's folder":
        'include {written!r} 指向方案所在目录之外',
    'included files must lie inside the folder of the main scheme (symbolic links are followed, then checked); copy the file there, or widen the root with include_root= (command line: --include-root)':
        '被引用的文件必须位于主方案所在目录内（符号链接先解析再检查）；把文件复制到那里，或用 include_root=（命令行：--include-root）扩大根目录',
    'include {written!r} is not a regular file':
        'include {written!r} 不是普通文件',
    'include a .yaml scheme file':
        '引用一个 .yaml 方案文件',
    'include {written!r} leads outside the given includes':
        'include {written!r} 指向所给引用集合之外',
    "included paths are relative and stay inside the mapping's root":
        '被引用的路径是相对路径，不能离开映射的根',
    'included file {written!r} is not among the given includes':
        '被引用的文件 {written!r} 不在所给的引用集合中',
    'add it to the includes mapping (or let the loader return its text)':
        '把它加入 includes 映射（或让加载函数返回它的文本）',
    'a mapping of input name to input':
        '输入项名到输入项的映射',
    'a mapping of param name to value':
        '参数名到取值的映射',
    'a mapping of rule name to rule':
        '规则名到规则的映射',
    '{what} {name} is defined twice (also in {file})':
        '{what} {name} 重复定义（另一处在 {file}）',
    'rename one of them; only params may be overridden by the including file':
        '给其中一个改名；只有参数可以被引用它的文件覆盖',
    'an include is a file path':
        'include 的每一项是一个文件路径',
    'include {text!r} must be a relative path to a .yaml file':
        'include {text!r} 必须是指向 .yaml 文件的相对路径',
    'paths are relative to the including file':
        '路径相对于引用它的文件',
    'remove the include that leads back to a file already being read':
        '去掉那条引回正在读取的文件的 include',
    'more than {max_includes} included files':
        '被引用的文件超过 {max_includes} 个',
    'included file {text!r}':
        '被引用的文件 {text!r}',
    'param':
        '参数',
    'included file {written!r} does not exist':
        '被引用的文件 {written!r} 不存在',
    'include {written!r} was not part of the pickled scheme':
        'include {written!r} 不在序列化（pickle）的方案中',
    '{name} is both {seen} and {section}; names share one namespace':
        '{name} 同时是{seen}和{section}；名称共用一个命名空间',
    'rename one of them':
        '给其中一个改名',
    'no such file or folder':
        '文件或目录不存在',
    'permission denied':
        '没有权限',
    'operation not permitted':
        '不允许此操作',
    'no space left on the disk':
        '磁盘空间不足',
    'it is a folder':
        '它是一个目录',
    'a part of the path is not a folder':
        '路径中有一部分不是目录',
    'the file exists':
        '文件已存在',
    'the file system is read-only':
        '文件系统是只读的',
    'the name is too long':
        '名称太长',
    'a rule mapping with one kind key, e.g. {expr: base * 2}':
        '一条规则，带一个类型键，例如 {expr: base * 2}',
    '{name!r} is not a valid name':
        '{name!r} 不是合法的名称',
    'names start with an ASCII letter and use letters, digits and _ (labels may be Chinese)':
        '名称以 ASCII 字母开头，只用字母、数字和 _（标签可以是中文）',
    '{name!r} is reserved (a function name, keyword or bool word)':
        '{name!r} 是保留字（函数名、关键字或布尔值）',
    'rename it, e.g. {name}_value':
        '改个名字，例如 {name}_value',
    'the language version, 1':
        '语言版本，1',
    'schemerules: {text} is not a supported language version':
        'schemerules: {text} 不是支持的语言版本',
    'this build reads version 1: write schemerules: 1':
        '本版本读取第 1 版：写 schemerules: 1',
    'id {sid!r} must match [a-z0-9][a-z0-9_-]*':
        'id {sid!r} 必须符合 [a-z0-9][a-z0-9_-]*',
    'use lower-case letters, digits, - and _':
        '用小写字母、数字、- 和 _',
    '{count:,} inputs; a scheme may have at most {max_inputs:,}':
        '{count:,} 个输入项；一个方案最多 {max_inputs:,} 个',
    'a record has a few dozen fields; split the scheme':
        '一条记录通常只有几十个字段；请拆分方案',
    'an input, e.g. {type: money, min: 0}':
        '一个输入项，例如 {type: money, min: 0}',
    'a param is a number, true/false or text, found {found}':
        '参数应为数字、true/false 或文本，现在是 {found}',
    '{count:,} params; a scheme may have at most {max_params:,}':
        '{count:,} 个参数；一个方案最多 {max_params:,} 个',
    'move large tables of values into the records':
        '把大的取值表放到记录里',
    'values: needs at least one dated value':
        'values: 至少需要一个按日期生效的值',
    'dated values mix numbers, true/false and text':
        '按日期生效的值混用了数字、true/false 和文本',
    'every value of a param has the same type':
        '一个参数的所有取值必须是同一类型',
    '{count} rules; a scheme may have at most {max_rules}':
        '{count} 条规则；一个方案最多 {max_rules} 条',
    'split the scheme into several schemes, or share pieces through include:':
        '把方案拆成几个方案，或用 include: 共用部分内容',
    'a quantum such as "0.01" or none':
        '舍入单位，例如 "0.01"，或 none',
    'a list of {if, then, reason}':
        '{if, then, reason} 的列表',
    'overrides':
        '例外',
    'an override {if: COND, then: VALUE, reason: …}':
        '一条例外 {if: 条件, then: 取值, reason: …}',
    'min, max and step apply only to numeric inputs, not {text}':
        'min、max 和 step 只适用于数值输入项，不适用于 {text}',
    'step must be greater than 0':
        'step 必须大于 0',
    'min is above max':
        'min 大于 max',
    '{text!r} is not a date of the form YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD':
        '{text!r} 不是 YYYY-MM、YYYY-Qn、YYYY 或 YYYY-MM-DD 形式的日期',
    'write the date the value takes effect, e.g. "2025-07"':
        '写出该值开始生效的日期，例如 "2025-07"',
    'the dates of values must increase: {ka} is followed by {kb}':
        '取值的日期必须递增：{ka} 后面是 {kb}',
    'list the values from the earliest date on':
        '从最早的日期开始列出各个值',
    'rule {text} has {count} kind keys ({items}); a rule has exactly one':
        '规则 {text} 有 {count} 个类型键（{items}）；一条规则只能有一个',
    'split it into two rules':
        '把它拆成两条规则',
    'the condition':
        '条件',
    "the rule's value when the condition holds":
        '条件成立时规则的取值',
    'the list of allowed values':
        '允许取值的列表',
    'a default is a single value, found {found}':
        '默认值是单个值，现在是 {found}',
    'write plain digits, e.g. 1000 or 12.5%':
        '写普通数字，例如 1000 或 12.5%',
    "the param's value (or values: for dated values)":
        '参数的取值（按日期生效时用 values:）',
    'rule {text} has no kind key':
        '规则 {text} 没有类型键',
    'enum values are a non-empty list of text':
        '枚举的 values 是非空的文本列表',
    'a mapping of date (YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD) to value':
        '日期（YYYY-MM、YYYY-Qn、YYYY 或 YYYY-MM-DD）到取值的映射',
    'a param has value: or values:, not both':
        '参数只能有 value: 或 values: 之一',
    'values: {"2025-01": …} for values that change over time':
        '随时间变化的取值写 values: {"2025-01": …}',
    'round: {error}':
        'round: {error}',
    'write round: "0.01", "1" or none':
        '写 round: "0.01"、"1" 或 none',
    'an enum':
        '枚举',
    'an enum value is listed twice':
        '枚举的取值重复列出',
    'the default {text!r} is not valid: {message}':
        '默认值 {text!r} 不合法：{message}',
    "change the default, or the input's type or limits":
        '修改默认值，或修改输入项的类型或限制',
    '{shown} is not a number':
        '{shown} 不是数字',
    'rounding {value} to {quantum} needs more than {digits} significant digits':
        '把 {value} 舍入到 {quantum} 需要超过 {digits} 位有效数字',
    '{shown} is not a number: a scheme writes numbers without thousands separators':
        '{shown} 不是数字：方案中的数字不写千分位分隔符',
    '{shown} is not a number: exponents are not allowed (write the digits out)':
        '{shown} 不是数字：不允许指数写法（请把数字完整写出）',
    '{shown} is not a number: full-width digits are not allowed in a scheme (write ASCII digits)':
        '{shown} 不是数字：方案中不允许全角数字（请用半角数字）',
    '{shown} is not a number: infinity and NaN are not values':
        '{shown} 不是数字：无穷大和 NaN 不是数值',
    'the quantum must lie between {low} and {high}':
        '舍入单位必须在 {low} 和 {high} 之间',
    '{text} has more than {max_int_digits} integer digits':
        '{text} 的整数部分超过 {max_int_digits} 位',
    '{shown} is not a number: a scheme writes no currency signs (write {fix})':
        '{shown} 不是数字：方案中不写货币符号（写成 {fix}）',
    '{shown} is not a number: a scheme writes no currency signs':
        '{shown} 不是数字：方案中不写货币符号',
    '{shown} is not a number: it holds a full-width comma ，':
        '{shown} 不是数字：其中有全角逗号 ，',
    '{shown} is not a number: a comma may only separate groups of three digits before the point (1,234,567.50)':
        '{shown} 不是数字：逗号只能用在小数点前、每三位一组的位置（1,234,567.50）',
    '{shown} is not a number: a scheme writes numbers without thousands separators (write {fix})':
        '{shown} 不是数字：方案中的数字不写千分位分隔符（写成 {fix}）',
    '{shown} is not a number: a currency sign or 元 is accepted only on money inputs (write {fix})':
        '{shown} 不是数字：货币符号或“元”只能用于金额（money）输入项（写成 {fix}）',
    '{shown} is not a number: a currency sign or 元 is accepted only on money inputs':
        '{shown} 不是数字：货币符号或“元”只能用于金额（money）输入项',
    'cannot write {path}: it is a folder':
        '无法写入 {path}：它是一个目录',
    '{path}: the output would replace {src}, which this run reads; write elsewhere':
        '{path}：输出会覆盖本次运行正在读取的 {src}；请写到别处',
    'cannot write {path}: {value}':
        '无法写入 {path}：{value}',
    'allowed keys: {words}':
        '允许的键：{words}',
    'names: {words}':
        '名称：{words}',
    'values: {words}':
        '取值：{words}',
    'a value':
        '一个值',
    'an expression':
        '一个表达式',
    'a list':
        '一个列表',
    'a mapping':
        '一个映射',
    '{count:,} {what}; {owner} may have at most {limit:,}':
        '{count:,} 个{what}；{owner}最多 {limit:,} 个',
    'expected a number, found {found}':
        '需要数字，现在是 {found}',
    'expected an expression, found {found}':
        '需要表达式，现在是 {found}',
    'write a number, a name or a formula; quote it if it holds : or #':
        '写一个数字、一个名称或一个公式；如果含有 : 或 #，请加引号',
    'expected {what}, found {found}':
        '需要{what}，现在是 {found}',
    '{key} must be {what}, found {found}':
        '{key} 必须是{what}，现在是 {found}',
    '{key} is {text!r}; expected one of {items}':
        '{key} 是 {text!r}；应为以下之一：{items}',
    'write digits with an optional . and one of % 万 亿 千':
        '写数字，可带小数点，以及 % 万 亿 千 之一',
    'the scheme has more than {max_expressions:,} expressions or {max_expression_text:,} characters of them':
        '方案的表达式超过 {max_expressions:,} 个或合计超过 {max_expression_text:,} 个字符',
    'split the scheme, or move large tables into the records':
        '拆分方案，或把大表放到记录里',
    'missing key {key} ({what})':
        '缺少键 {key}（{what}）',
    'add {key}: under {place}':
        '在 {place} 下添加 {key}:',
    'write one of: {words}':
        '写以下之一：{words}',
    'inside {…} a comma ends a value: if this text belongs to the value before it, put that value in quotes ("…, …")':
        '在 {…} 里逗号会结束取值：如果这段文本属于前一个取值，请给那个取值加引号（"…, …"）',
    'unknown key {key}':
        '未知的键 {key}',
    'the top level':
        '顶层',
    'employee {employee} has {count} records for {period} ({records}); each of them fails':
        '员工 {employee} 在 {period} 有 {count} 条记录（{records}）；这些记录全部失败',
    'employee {employee} has {count} records ({records}); each of them fails':
        '员工 {employee} 有 {count} 条记录（{records}）；这些记录全部失败',
    'a record is a mapping of field to value, found {found}':
        '记录应为「字段: 值」的映射，现在是 {found}',
    'the fields {first!r} and {second!r} both name the input {name}; keep one of them':
        '字段 {first!r} 和 {second!r} 都对应输入项 {name}；请只保留一个',
    'the fields {fields} all name the input {name}; keep one of them':
        '字段 {fields} 都对应输入项 {name}；请只保留一个',
    'record {record}: {message}':
        '记录 {record}：{message}',
    'tests: is a list of tests':
        'tests: 是测试的列表',
    'a test mapping with name, record(s) and expect or error':
        '一个测试映射，包含 name、record(s) 以及 expect 或 error',
    'a test has exactly one of record: and records:':
        '一个测试只能有 record: 和 records: 之一',
    'record: {...} for one employee, records: [{...}, ...] for a batch':
        'record: {...} 用于一名员工，records: [{...}, ...] 用于一批记录',
    'a test needs expect: or error:':
        '一个测试需要 expect: 或 error:',
    'record: is a mapping of field to value':
        'record: 是「字段: 值」的映射',
    'records: is a list of records':
        'records: 是记录的列表',
    'expect: is a list with one mapping per record ({count})':
        'expect: 是列表，每条记录一个映射（{count} 个）',
    'unexpected {error}':
        '意外的错误：{error}',
    'with records:, expect: is a list with one mapping per record ({count})':
        '有 records: 时，expect: 是列表，每条记录一个映射（{count} 个）',
    'expected {kind}, but the record succeeded':
        '期望出现 {kind}，但这条记录计算成功了',
    'expect: is a mapping of rule name to expected value':
        'expect: 是「规则名: 期望值」的映射',
    'expected {kind}, got {error}':
        '期望出现 {kind}，实际是 {error}',
    '{name}: no such input or rule':
        '{name}：没有这个输入项或规则',
    '{name}: expected {expected}, got {got}':
        '{name}：期望 {expected}，实际是 {got}',
    'the record of {names} failed, so its {rule} is unknown':
        '{names} 的记录计算失败，因此它的 {rule} 未知',
    'prev({rule}, {count}) has no record {count} period(s) earlier and no default':
        'prev({rule}, {count})：没有早 {count} 个期间的记录，也没有默认值',
    'streak({rule}) needs a bool rule, found {value}':
        'streak({rule}) 需要布尔规则，现在是 {value}',
    'history_count({rule}, {count}) needs a bool rule, found {value}':
        'history_count({rule}, {count}) 需要布尔规则，现在是 {value}',
    'the text {text!r}':
        '文本 {text!r}',
    'nothing (null)':
        '空值（null）',
    'the file is {count:,} bytes; a scheme may be at most {max_bytes:,}':
        '文件有 {count:,} 字节；一个方案最多 {max_bytes:,} 字节',
    'the text is {count:,} characters; a scheme may be at most {max_bytes:,}':
        '文本有 {count:,} 个字符；一个方案最多 {max_bytes:,} 个',
    'alias *{anchor} is refused: schemes are read without alias expansion':
        '不允许别名 *{anchor}：方案读取时不展开别名',
    'anchor &{anchor} is refused: schemes are read without anchors and aliases':
        '不允许锚点 &{anchor}：方案读取时不使用锚点和别名',
    'the tag {tag} is refused: scheme files use no YAML tags':
        '不允许标签 {tag}：方案文件不使用 YAML 标签',
    'the file is not UTF-8 text ({reason} at byte {start})':
        '文件不是 UTF-8 文本（第 {start} 字节处：{reason}）',
    'a mapping key must be plain text, not {found}':
        '映射的键必须是普通文本，不能是{found}',
    'the file holds more than one YAML document':
        '文件里有不止一个 YAML 文档',
    'write the value out in full (or use include: for shared rules)':
        '把取值完整写出（共用的规则请用 include:）',
    'remove the anchor; use include: for shared rules':
        '去掉锚点；共用的规则请用 include:',
    'remove the tag; write the value as plain text':
        '去掉标签；把取值写成普通文本',
    'the file is not valid YAML: {what}':
        '文件不是有效的 YAML：{what}',
    'the file is not valid YAML: the character {what} is not allowed in a YAML file':
        '文件不是有效的 YAML：YAML 文件中不允许字符 {what}',
    'the file is not valid YAML':
        '文件不是有效的 YAML',
    'save the file as UTF-8':
        '把文件另存为 UTF-8',
    "remove the second '---' and what follows":
        "去掉第二个 '---' 及其后的内容",
    'the file holds more than {max_nodes:,} values':
        '文件中的取值超过 {max_nodes:,} 个',
    'check indentation and quoting near this place':
        '检查这里附近的缩进和引号',
    'remove it (a scheme is plain UTF-8 text)':
        '删除它（方案是纯 UTF-8 文本）',
    'check indentation and quoting':
        '检查缩进和引号',
    'a scheme never needs this many; split it into included files':
        '方案不需要这么多；把它拆成几个被引用（include）的文件',
    'the file is not valid YAML: a \\u escape gives a lone surrogate (invalid Unicode)':
        '文件不是有效的 YAML：\\u 转义得到了孤立的代理字符（无效的 Unicode）',
    'write the character itself, or a valid \\U escape':
        '直接写出字符本身，或使用有效的 \\U 转义',
    'the file is nested more than {max_depth} levels deep':
        '文件嵌套超过 {max_depth} 层',
    'a scheme never needs this depth; flatten the structure':
        '方案不需要这么深；请把结构展平',
    'merge keys (<<) are refused':
        '不允许合并键（<<）',
    'write the keys out in full':
        '把各个键完整写出',
    'duplicate key {text!r} (first defined at line {line})':
        '重复的键 {text!r}（第一次定义在第 {line} 行）',
    'remove or rename one of them':
        '删除其中一个或改名',
    'rules depend on each other in a cycle: {cycle}':
        '规则之间存在循环依赖：{cycle}',
    'swap the bounds: clamp(x, low, high)':
        '交换上下限：clamp(x, 下限, 上限)',
    'round(): mode is one of {modes}':
        'round()：mode 是以下之一：{modes}',
    'round(x, q): the quantum q is a quoted text literal such as "0.01" or "10" (Excel\'s ROUND(x, 2) is written round(x, "0.01"))':
        'round(x, q)：舍入单位 q 是带引号的文本，例如 "0.01" 或 "10"（Excel 的 ROUND(x, 2) 写成 round(x, "0.01")）',
    '{text!r}… is not a number: a number may be followed only by %, 万, 亿 or 千':
        '{text!r}… 不是数字：数字后面只能跟 %、万、亿 或 千',
    'round(x, q): the quantum q is a quoted text literal such as "0.01" or "10", not the bare number {number} (Excel\'s ROUND(x, 2) is written round(x, "0.01"))':
        'round(x, q)：舍入单位 q 是带引号的文本，例如 "0.01" 或 "10"，不是裸数字 {number}（Excel 的 ROUND(x, 2) 写成 round(x, "0.01")）',
    '{text!r}… is not a number: a number may be followed only by %, 万, 亿 or 千 (no exponents)':
        '{text!r}… 不是数字：数字后面只能跟 %、万、亿 或 千（不能用指数写法）',
    'did you mean {name}()?':
        '是不是要写 {name}()？',
    'functions: {names}':
        '可用的函数：{names}',
    '{fn} over a group with no members (after where:)':
        '{fn} 的分组没有成员（经过 where: 筛选后）',
    '{fn} over a group with no members':
        '{fn} 的分组没有成员',
    'write [LOW, HIGH] (either may be null)':
        '写成 [下限, 上限]（任一个都可以是 null）',
    'write [LOW, HIGH]':
        '写成 [下限, 上限]',
    'no band matches {value} and there is no catch-all band':
        '没有等级匹配 {value}，也没有兜底等级',
    'the pool amount differs between members of one group: {amounts}':
        '同一分组内各成员的公共池金额不一致：{amounts}',
    'include cycle: {files}':
        '循环引用（include）：{files}',
    'add one of: {kinds}':
        '添加以下之一：{kinds}',
    'keep such data in the records':
        '这类数据请放在记录里',
    'save it from Excel as “CSV UTF-8”, or give its encoding':
        '在 Excel 中另存为“CSV UTF-8”，或指定它的编码',
    'lines {first}–{last} have {count} cells but the header has {width} (a stray comma, e.g. 1,000, or a missing cell?)':
        '第 {first}–{last} 行有 {count} 个单元格，但表头有 {width} 个（是不是多了逗号，例如 1,000，或少了一个单元格？）',
    'the top-level mapping may hold only records: [...]':
        '顶层映射只能包含 records: [...]',
    '{path}: cannot read the records file: {value}':
        '{path}：无法读取记录文件：{value}',
    'byte {byte} cannot be read as {encoding} ({reason})':
        '第 {byte} 字节无法按 {encoding} 读取（{reason}）',
    'the file ends inside a character ({encoding}: {reason})':
        '文件在一个字符的中间结束（{encoding}：{reason}）',
    'the file is not {encoding} text; {excel}':
        '文件不是 {encoding} 文本；{excel}',
    '{path}: line {line}, byte {byte}: {what}; {advice}':
        '{path}：第 {line} 行第 {byte} 字节：{what}；{advice}',
    'line {line} has {count} cells but the header has {width} (a stray comma, e.g. 1,000, or a missing cell?)':
        '第 {line} 行有 {count} 个单元格，但表头有 {width} 个（是不是多了逗号，例如 1,000，或少了一个单元格？）',
    'the top-level mapping may hold only records: [...]; found {key!r}':
        '顶层映射只能包含 records: [...]；现在有 {key!r}',
    'empty (null)':
        '空值（null）',
    'the value {value}':
        '值 {value}',
    'the value {value!r}':
        '值 {value!r}',
    'a text value':
        '一段文本',
    'line {line}':
        '第 {line} 行',
    'lines {first}–{last}':
        '第 {first}–{last} 行',
    '{path}: line {line}, column {col}: {message}':
        '{path}：第 {line} 行第 {col} 列：{message}',
    'lines {first}–{last}: one row is longer than {limit:,} characters':
        '第 {first}–{last} 行：一行记录超过 {limit:,} 个字符',
    'the quoted cell that opens here takes in the lines up to line {stop}, where its closing quote is followed by {ch!r}: is the quote on line {line} a stray one? Close it on its line or remove it; inside quotes write a quote twice ("")':
        '从这里开始的带引号单元格一直延续到第 {stop} 行，那里的右引号后面跟着 {ch!r}：第 {line} 行的引号是不是多余的？请在同一行内闭合它或删除它；引号内的引号请写两次（""）',
    'the file starts with a UTF-8 byte order mark but is not UTF-8 text; {excel}':
        '文件以 UTF-8 字节顺序标记开头，但内容不是 UTF-8 文本；{excel}',
    'the file is neither UTF-8 nor GB18030 (GBK) text; {excel}':
        '文件既不是 UTF-8 也不是 GB18030（GBK）文本；{excel}',
    '{path}: the encoding {encoding!r} is not supported for records files (line breaks and delimiters must be single ASCII bytes); save the file as UTF-8':
        '{path}：记录文件不支持编码 {encoding!r}（换行符和分隔符必须是单个 ASCII 字节）；请把文件另存为 UTF-8',
    '{path}: line {line}, byte {byte}: {what}; the first part of the file was {encoding} text; {excel}':
        '{path}：第 {line} 行第 {byte} 字节：{what}；文件前面的部分是 {encoding} 文本；{excel}',
    '{path}: the delimiter must be one character other than a quote or a line break; got {d!r}':
        '{path}：分隔符必须是一个字符，且不能是引号或换行符；现在是 {d!r}',
    'not a JSON records file: expected {what}, found {found!r}':
        '不是 JSON 记录文件：需要{what}，现在是 {found!r}',
    'not a JSON records file: expected {what}, found the end of the file':
        '不是 JSON 记录文件：需要{what}，但文件已经结束',
    '{path}: unknown records format {fmt!r}; use one of {items}':
        '{path}：未知的记录文件格式 {fmt!r}；请用以下之一：{items}',
    '{path}: this records file can be read only once (it is a pipe or a device, not a regular file); save it to a file first':
        '{path}：这个记录文件只能读取一次（它是管道或设备，不是普通文件）；请先把它保存成文件',
    '{path}: {message}':
        '{path}：{message}',
    '{path}: line {line}: {message}':
        '{path}：第 {line} 行：{message}',
    'lines {first}–{last}: one row is longer than {limit:,} characters (the quote at line {line}, column {col} is probably never closed); close the quote, or remove it if it is a stray one':
        '第 {first}–{last} 行：一行记录超过 {limit:,} 个字符（第 {line} 行第 {col} 列的引号可能没有闭合）；请闭合引号，如果是多余的引号请删除',
    'the quote that opens this cell is not closed on its line, and {char!r} follows a closing quote earlier on the line (column {column}): the lines after it cannot be read reliably; close the quote or remove it; inside quotes write a quote twice ("")':
        '这个单元格开头的引号在本行没有闭合，并且本行前面（第 {column} 列）的右引号后面跟着 {char!r}：后面的行无法可靠读取；请闭合或删除这个引号；引号内的引号请写两次（""）',
    'not valid CSV ({error})':
        '不是有效的 CSV（{error}）',
    'the quote that opens this cell is never closed: the cell would take in every line to the end of the file (line {end}); close the quote, or remove it if it is a stray one':
        '这个单元格开头的引号一直没有闭合：它会把直到文件末尾（第 {end} 行）的所有行都并入这个单元格；请闭合引号，如果是多余的引号请删除',
    'a cell longer than {limit:,} characters starts here; cells are at most 128 KiB':
        '从这里开始的单元格超过 {limit:,} 个字符；单元格最多 128 KiB',
    '{ch!r} follows the closing quote (column {colj}) of the quoted cell that opens here; inside quotes write a quote twice (""), or quote the whole cell':
        '{ch!r} 跟在从这里开始的带引号单元格的右引号（第 {colj} 列）后面；引号内的引号请写两次（""），或给整个单元格加引号',
    '{path}: unknown encoding {encoding!r}; use utf-8 or gb18030':
        '{path}：未知的编码 {encoding!r}；请用 utf-8 或 gb18030',
    'the character U+{group:04X} is not allowed in YAML; remove it':
        'YAML 中不允许字符 U+{group:04X}；请删除它',
    'a record larger than {record_limit:,} characters starts here':
        '从这里开始的一条记录超过 {record_limit:,} 个字符',
    'the {record_limit:,} characters after this line hold no complete value (a value that large, or a missing quote?)':
        '这一行之后的 {record_limit:,} 个字符里没有一个完整的值（值太大，还是少了引号？）',
    '{path}: the file changed while it was being read (record {value} was at line {starts}, now at line {start}); read it again':
        '{path}：读取过程中文件被修改了（第 {value} 条记录原来在第 {starts} 行，现在在第 {start} 行）；请重新读取',
    'line {value}, column {value2}: {ch!r} follows the closing quote of a quoted cell; inside quotes write a quote twice (""), or quote the whole cell':
        '第 {value} 行第 {value2} 列：{ch!r} 跟在带引号单元格的右引号后面；引号内的引号请写两次（""），或给整个单元格加引号',
    'a cell longer than {limit:,} characters starts here (the quote that opens it is probably never closed); cells are at most 128 KiB':
        '从这里开始的单元格超过 {limit:,} 个字符（它开头的引号可能没有闭合）；单元格最多 128 KiB',
    'the header names column {value} and column {value2} both {name!r}; rename one of them (each column needs its own name)':
        '表头的第 {value} 列和第 {value2} 列都叫 {name!r}；请给其中一列改名（每列需要自己的名称）',
    'a list of records "[" (or {"records": [...]})':
        '记录列表 "["（或 {"records": [...]}）',
    'the end of the file after the list of records':
        '记录列表之后的文件末尾',
    'the file holds no YAML; a YAML records file is a list of records (write [] for none)':
        '文件里没有 YAML；YAML 记录文件是记录的列表（没有记录时写 []）',
    "a second YAML document ('---') follows the records; remove it or put its records in the one list":
        "记录之后还有第二个 YAML 文档（'---'）；请删除它，或把它的记录放进同一个列表",
    'not valid YAML: {what}; check the indentation and quoting here':
        '不是有效的 YAML：{what}；请检查这里的缩进和引号',
    'not valid YAML: {error}':
        '不是有效的 YAML：{error}',
    'alias *{anchor} is refused: records files are read without anchors and aliases; write the value out in full':
        '不允许别名 *{anchor}：记录文件读取时不使用锚点和别名；请把取值完整写出',
    'anchor &{anchor} is refused: records files are read without anchors and aliases; remove it':
        '不允许锚点 &{anchor}：记录文件读取时不使用锚点和别名；请删除它',
    'the tag {tag} is refused: values in a records file stay text; remove the tag':
        '不允许标签 {tag}：记录文件中的取值保持为文本；请删除标签',
    'unexpected {lower} in the records file':
        '记录文件中出现了意外的 {lower}',
    '{where}: item {count} of the list is {value}, not a record (field: value, …)':
        '{where}：列表的第 {count} 项是{value}，不是一条记录（字段: 值, …）',
    'a record larger than {record_limit:,} characters starts here (a missing quote or bracket?)':
        '从这里开始的一条记录超过 {record_limit:,} 个字符（是不是少了引号或括号？）',
    'the record names the field {key!r} twice; remove one of them':
        '这条记录把字段 {key!r} 写了两次；请删除其中一个',
    'the line is longer than {line_limit:,} characters; a records file has short lines (is this the right file?)':
        '这一行超过 {line_limit:,} 个字符；记录文件的行都很短（是不是选错了文件？）',
    '":"':
        '":"',
    'the file holds no JSON; a JSON records file is a list of records [{...}, ...] (write [] for none)':
        '文件里没有 JSON；JSON 记录文件是记录的列表 [{...}, ...]（没有记录时写 []）',
    'a record':
        '一条记录',
    '{start}: item {value} of the list is {obj}, not a record {{"field": value, ...}}':
        '{start}：列表的第 {value} 项是{obj}，不是一条记录 {{"字段": 值, ...}}',
    '"}": the top-level object may hold only "records"':
        '"}"：顶层对象只能包含 "records"',
    'records: must be a list of records':
        'records: 必须是记录的列表',
    'a YAML records file is a list of records (- field: value …), or records: followed by one':
        'YAML 记录文件是记录的列表（- 字段: 值 …），或 records: 后面跟一个这样的列表',
    '{where}: {problem}':
        '{where}：{problem}',
    'a value nested more than {max_depth} levels deep':
        '一个嵌套超过 {max_depth} 层的值',
    'unexpected YAML here':
        '这里出现了意外的 YAML',
    'a field name must be text, not a list or mapping':
        '字段名必须是文本，不能是列表或映射',
    'the top-level object may hold only "records": [...]; found {key!r}':
        '顶层对象只能包含 "records": [...]；现在有 {key!r}',
    'the top-level object may hold only "records": [...]':
        '顶层对象只能包含 "records": [...]',
    '{start}: the record names the field {dups!r} twice; remove one of them':
        '{start}：这条记录把字段 {dups!r} 写了两次；请删除其中一个',
    '"," or "]" after a record':
        '记录之后的 "," 或 "]"',
    'not valid JSON: {msg}':
        '不是有效的 JSON：{msg}',
    '{start}: the field {deep!r} is nested more than {max_depth} levels deep':
        '{start}：字段 {deep!r} 嵌套超过 {max_depth} 层',
    "Excel's IF(c, a, b) is written a if c else b":
        'Excel 的 IF(c, a, b) 写成 a if c else b',
    "Excel's IFS(…) is written as a bands: rule, or a if c else (b if d else e)":
        'Excel 的 IFS(…) 写成 bands: 规则，或 a if c else (b if d else e)',
    "Excel's SUM(a, b) is written a + b (or a rule with sum: [a, b]); ranges like A1:A9 do not exist":
        'Excel 的 SUM(a, b) 写成 a + b（或用 sum: [a, b] 规则）；没有 A1:A9 这样的区域',
    "Excel's AND(a, b) is written a and b":
        'Excel 的 AND(a, b) 写成 a and b',
    "Excel's OR(a, b) is written a or b":
        'Excel 的 OR(a, b) 写成 a or b',
    "Excel's NOT(a) is written not a":
        'Excel 的 NOT(a) 写成 not a',
    'Excel\'s ROUND(x, 2) is written round(x, "0.01"): the second argument is the quantum as text':
        'Excel 的 ROUND(x, 2) 写成 round(x, "0.01")：第二个参数是以文本写出的舍入单位',
    'Excel\'s ROUNDUP(x, 0) is written round(x, "1", "up")':
        'Excel 的 ROUNDUP(x, 0) 写成 round(x, "1", "up")',
    'Excel\'s ROUNDDOWN(x, 0) is written round(x, "1", "down")':
        'Excel 的 ROUNDDOWN(x, 0) 写成 round(x, "1", "down")',
    'functions are written in lower case: max(a, b)':
        '函数用小写：max(a, b)',
    'functions are written in lower case: min(a, b)':
        '函数用小写：min(a, b)',
    'functions are written in lower case: abs(x)':
        '函数用小写：abs(x)',
    "Excel's IFERROR has no counterpart: guard the rule with an override (if: …, then: …)":
        'Excel 的 IFERROR 没有对应的写法：请用例外（if: …, then: …）保护这条规则',
    "Excel's VLOOKUP is written as a lookup: rule with a table":
        'Excel 的 VLOOKUP 写成带表格的 lookup: 规则',
    "an average over colleagues is an aggregate: rule (fn: mean); of one person's values: (a + b) / 2":
        '对同事求平均是 aggregate: 规则（fn: mean）；对同一个人的几个值：(a + b) / 2',
    'counting colleagues is an aggregate: rule (fn: count, where: …)':
        '统计同事人数是 aggregate: 规则（fn: count, where: …）',
    'summing over colleagues is an aggregate: rule (fn: sum, where: …)':
        '对同事求和是 aggregate: 规则（fn: sum, where: …）',
    'an expression does not start with = (a spreadsheet formula does)':
        '表达式不以 = 开头（那是电子表格公式的写法）',
    'write the formula without the =: {fixed}':
        '去掉 =，只写公式：{fixed}',
    "cell ranges such as A1:B9 are a spreadsheet's; a scheme names its inputs and rules":
        'A1:B9 这样的单元格区域是电子表格的写法；方案用输入项和规则的名称',
    'name the values: sales + bonus, or an aggregate: rule for colleagues':
        '写出名称：sales + bonus，对同事汇总请用 aggregate: 规则',
    'the expression holds a full-width space (column {column})':
        '表达式中有全角空格（第 {column} 列）',
    'switch the input method to half-width (半角) while typing formulas':
        '输入公式时请把输入法切换到半角',
    'the expression holds the full-width character {char!r} (column {column}); expressions use ASCII {ascii!r}':
        '表达式中有全角字符 {char!r}（第 {column} 列）；表达式要用半角的 {ascii!r}',
    'the expression holds a tab character (column {column})':
        '表达式中有制表符（第 {column} 列）',
    'write spaces instead of tabs':
        '用空格代替制表符',
    '{name}() is a spreadsheet function, not a function of schemerules':
        '{name}() 是电子表格的函数，不是 schemerules 的函数',
    '{name!r} is not a valid name: names are written in ASCII letters, digits and _':
        '{name!r} 不是合法的名称：名称只能用 ASCII 字母、数字和 _',
    'give it an ASCII name and keep the Chinese as its label, e.g. sales: {{label: {name}}}':
        '起一个 ASCII 名称，把中文作为标签保留，例如 sales: {{label: {name}}}',
    'it holds the full-width {wide}: YAML needs the ASCII {ascii!r} (switch the input method to half-width, 半角)':
        '其中有全角的 {wide}：YAML 需要半角的 {ascii!r}（请把输入法切换到半角）',
    'while scanning for the next token':
        '扫描下一个记号时',
    'found a character that cannot start a value':
        '遇到一个不能作为取值开头的字符',
    'a colon here starts a mapping, which is not allowed here':
        '这里的冒号开始了一个映射，而这里不允许映射',
    'while reading a mapping {…}':
        '读取映射 {…} 时',
    'while reading a list […]':
        '读取列表 […] 时',
    'expected , or } but found something else':
        '应为 , 或 }，但遇到了别的内容',
    'expected , or ] but found something else':
        '应为 , 或 ]，但遇到了别的内容',
    'while reading a quoted value':
        '读取带引号的取值时',
    'the file ended first':
        '文件先结束了',
    'found an unknown escape after a backslash':
        '反斜杠后面是未知的转义',
    'while reading a mapping':
        '读取映射时',
    'expected a key at this indentation':
        '这个缩进位置应该是一个键',
    'while reading a list':
        '读取列表时',
    'expected a - item at this indentation':
        '这个缩进位置应该是一个以 - 开头的列表项',
    'while reading a key':
        '读取键时',
    'expected a colon after the key':
        '键后面应该有冒号',
    'while reading a value':
        '读取取值时',
    'expected a value':
        '这里应该有一个取值',
    '{context}: {problem}':
        '{context}：{problem}',
    'the file is not valid YAML: a tab character; YAML is indented with spaces only':
        '文件不是有效的 YAML：有制表符；YAML 只能用空格缩进',
    'the file is not valid YAML: the full-width character {wide} stands where YAML needs the ASCII {ascii!r}':
        '文件不是有效的 YAML：全角字符 {wide} 出现在 YAML 需要半角 {ascii!r} 的位置',
    'the file is not valid YAML: a quote is never closed':
        '文件不是有效的 YAML：有一个引号没有闭合',
    'replace the tabs with spaces (most editors: convert indentation to spaces)':
        '把制表符换成空格（大多数编辑器：把缩进转换为空格）',
    'switch the input method to half-width (半角) for keys and punctuation, or put text with full-width characters in quotes':
        '键和标点请把输入法切换到半角，含全角字符的文本请加引号',
    'close the quote on the same line':
        '在同一行内闭合引号',
    'output name {name!r} is not an input':
        'output 的 name {name!r} 不是输入项',
    'warning: {count} records span several lines (a quoted cell with a line break, or a stray quote that closes later): {lines}':
        '注意：有 {count} 条记录跨越多行（带引号的单元格里有换行，或者有一个多余的引号在后面才闭合）：{lines}',
    "PDF payslips need the optional WeasyPrint library: pip install 'schemerules[pdf]' (or write HTML and print it)":
        "PDF 工资条需要可选的 WeasyPrint 库：pip install 'schemerules[pdf]'（或者输出 HTML 再打印）",
    'WeasyPrint cannot load the system libraries it needs ({error}): on Debian, apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk':
        'WeasyPrint 无法加载所需的系统库（{error}）：Debian 上请执行 apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk',
    'cannot write {path}: one file per record needs a folder, not standard output':
        '无法写入 {path}：每条记录一个文件需要一个文件夹，不能是标准输出',
    'cannot write {path}: one file per record needs a folder, and this is a file':
        '无法写入 {path}：每条记录一个文件需要一个文件夹，而这是一个文件',
    'the date and time {value} is not a {period} period':
        '日期时间 {value} 不是{period}期间',
    "the date {value} is not a {period} period (a date cell reads as a period only on the period's first day; or format the column as text and write e.g. 2025-03)":
        '日期 {value} 不是{period}期间（日期单元格只有是该期间的第一天时才读作期间；也可以把这一列设为文本格式，写成例如 2025-03）',
    '{path}: a sheet or a header row can be chosen in a workbook (.xlsx, .xls, .ods) only':
        '{path}：只有工作簿（.xlsx、.xls、.ods）才能指定工作表或表头行',
    '{path}: an encoding or a delimiter applies to CSV, JSON and YAML files, not to a workbook':
        '{path}：编码和分隔符只适用于 CSV、JSON 和 YAML 文件，不适用于工作簿',
    'cell {cell} holds the spreadsheet error {error}; correct it in the workbook':
        '单元格 {cell} 是表格错误值 {error}；请在工作簿中改正',
    'cell {cell} holds a formula whose result was never calculated (the file was saved by a program that does not calculate); open it in Excel or WPS and save it again':
        '单元格 {cell} 的公式从未计算出结果（文件是由不会计算公式的程序保存的）；请用 Excel 或 WPS 打开后重新保存',
    'cell {cell} holds a formula, and the workbook asks to be recalculated when opened (a program wrote it and nobody has saved it from Excel or WPS), so the stored result cannot be trusted; open it in Excel or WPS and save it again':
        '单元格 {cell} 是公式，而工作簿要求打开时重新计算（由程序生成，还没有用 Excel 或 WPS 保存过），所以其中保存的结果不可信；请用 Excel 或 WPS 打开后重新保存',
    '{path}: reading {what} files needs the optional libraries of {extra}; install them with: pip install "{extra}"':
        '{path}：读取 {what} 文件需要可选依赖 {extra}；请用以下命令安装：pip install "{extra}"',
    '{path}: not a readable {fmt} workbook ({error}); open it in Excel or WPS and save it again as .xlsx':
        '{path}：无法作为 {fmt} 工作簿读取（{error}）；请用 Excel 或 WPS 打开后另存为 .xlsx',
    '{path}: not an Excel or OpenDocument workbook (.xlsx, .xls, .ods)':
        '{path}：不是 Excel 或 OpenDocument 工作簿（.xlsx、.xls、.ods）',
    'sheet {sheet}, row {row}':
        '工作表 {sheet} 第 {row} 行',
    '{path}: sheet {sheet}, row {row}: {message}':
        '{path}：工作表 {sheet} 第 {row} 行：{message}',
    '{path}: sheet {sheet}: {message}':
        '{path}：工作表 {sheet}：{message}',
    '{problem} ({count} cells of this row fail in all)':
        '{problem}（这一行共有 {count} 个单元格有问题）',
    '{path}: a ZIP archive that holds no workbook (a Word or other document?); save the data from Excel or WPS as .xlsx':
        '{path}：这是一个不含工作簿的 ZIP 压缩包（Word 或其他文档？）；请用 Excel 或 WPS 把数据保存为 .xlsx',
    '{path}: this file is a web page (HTML or XML), not a workbook, although its name says so (some systems export tables this way); open it in Excel or WPS and save it as .xlsx':
        '{path}：这个文件虽然名为工作簿，实际上是网页（HTML 或 XML）（有些系统这样导出表格）；请用 Excel 或 WPS 打开后另存为 .xlsx',
    "{path}: this file is text, not a workbook (CSV saved under a workbook's name?); rename it to .csv, or give the records format csv":
        '{path}：这个文件是文本，不是工作簿（CSV 文件用了工作簿的扩展名？）；请改名为 .csv，或指定记录格式为 csv',
    '{path}: the header row is a row number from 1; got {value!r}':
        '{path}：表头行是从 1 开始的行号；现在是 {value!r}',
    '{path}: the workbook has no sheet':
        '{path}：工作簿中没有工作表',
    'the header row cannot hold a failing cell: {problem}':
        '表头行中不能有出错的单元格：{problem}',
    "the header cell {cell} is part of the merged cell {range}; a header names each column in its own cell: unmerge the cells, or, if the header is a later row (below a title), give that row's number as the header row (--header-row N)":
        '表头单元格 {cell} 属于合并单元格 {range}；表头的每一列都要在自己的单元格里写列名：请取消合并；如果表头在后面的行（标题行之下），请指定表头所在的行号（--header-row N）',
    '{path}: a binary workbook (.xlsb); save it from Excel as .xlsx':
        '{path}：这是二进制工作簿（.xlsb）；请用 Excel 另存为 .xlsx',
    '{path}: the workbook is protected by a password; save a copy without the password and read that':
        '{path}：工作簿设置了密码；请另存一份不带密码的副本再读取',
    '{path}: the workbook has no sheet named {sheet!r}; its sheets are {items}':
        '{path}：工作簿中没有名为 {sheet!r} 的工作表；现有的工作表是 {items}',
    'the header row {row} is past the last row with data (row {last})':
        '表头行 {row} 在最后一行有数据的行（第 {last} 行）之后',
    'the header names column {first} and column {second} both {name!r}; rename one of them (each column needs its own name)':
        '表头中第 {first} 列和第 {second} 列都叫 {name!r}；请改掉其中一个（每一列都要有自己的列名）',
    'cell {cell} is covered by the merged cell {range}, whose value is in {first} only; unmerge the cells and fill in every row':
        '单元格 {cell} 被合并单元格 {range} 覆盖，其值只在 {first} 中；请取消合并，并在每一行填上值',
    'the header row given is empty; give the number of the row that names the columns':
        '指定的表头行是空行；请给出写有列名的那一行的行号',
    'record':
        '记录',
    'location':
        '位置',
    'status':
        '状态',
    'error code':
        '错误代码',
    'field or rule':
        '字段或规则',
    'reason':
        '原因',
    'ok':
        '正常',
    'Results':
        '结果',
    'Failed records':
        '失败记录',
    'Notes':
        '说明',
    'a sheet holds at most {max:,} records below its header, and sheet {sheet} would need more; write CSV instead':
        '一个工作表的表头下最多放 {max:,} 条记录，工作表 {sheet} 放不下；请改为输出 CSV',
    'writing {path} needs the optional library of {extra}; install it with: pip install "{extra}"':
        '写入 {path} 需要可选依赖 {extra}；请用以下命令安装：pip install "{extra}"',
    'Some numbers have more than {digits} significant digits, which an Excel number cannot hold: they are written as text holding their exact value (right aligned). Excel would have rounded them.':
        '有些数值超过 {digits} 位有效数字，Excel 的数值无法保存：它们以文本形式写出，保持精确值（右对齐）。若写成数值，Excel 会将其舍入。',
    'sheet':
        '工作表',
    'column':
        '列',
    'numbers written as text':
        '以文本写出的数值',
    'the exact value {value}: more than {digits} significant digits, which an Excel number cannot hold, so it is written as text':
        '精确值 {value}：超过 {digits} 位有效数字，Excel 的数值无法保存，因此以文本写出',
    'YYYY-MM, e.g. 2025-03':
        'YYYY-MM，例如 2025-03',
    'YYYY-Qn, e.g. 2025-Q1':
        'YYYY-Qn，例如 2025-Q1',
    'YYYY, e.g. 2025':
        'YYYY，例如 2025',
    'month':
        '月度',
    'quarter':
        '季度',
    'year':
        '年度',
    'a result has more than {limit} integer digits':
        '结果的整数部分超过 {limit} 位',
    'the whole-number result of // needs more than {digits} digits':
        '// 的整数结果需要超过 {digits} 位数字',
    'rule {name} cannot be read as {kind}':
        '规则 {name} 无法按 {kind} 读取',
    'see the reference for the keys of {kind}':
        '参阅语言参考中 {kind} 的各个键',
    'bands is empty':
        'bands 是空的',
    'list the grades, best first, the last one without a condition':
        '列出各个等级，最好的在前，最后一个不带条件',
    '{file}: the tests cannot be run':
        '{file}：测试无法运行',
    '{file}:{line}: test {name} failed':
        '{file}:{line}：测试 {name} 失败',
    'explanation of record {record} (auditor view):':
        '记录 {record} 的计算说明（审核版）：',
    '{file}: the scheme cannot be loaded':
        '{file}：方案无法加载',
    'a label: text, or {zh: …, en: …}':
        '标签：文本，或 {zh: …, en: …}',
    'halves away from zero (四舍五入)':
        '四舍五入：正好一半时远离 0',
    "halves to the even digit (banker's rounding)":
        '正好一半时取偶数（银行家舍入）',
    'toward zero (truncate)':
        '向 0 舍入（去尾）',
    'away from zero':
        '远离 0（进一）',
    'toward −∞':
        '向负无穷',
    'toward +∞':
        '向正无穷',
    'the employee key (text)':
        '员工的唯一编号（文本）',
    'one of values:':
        'values: 中的一个',
    'true/false, yes/no, 1/0, 是/否':
        'true/false、yes/no、1/0、是/否',
    'a whole number':
        '整数',
    'any number':
        '任意数',
    "money: rounded to the currency's quantum":
        '金额：按币种的最小单位舍入',
    'a rate: 0.262 or 26.2%':
        '比率：0.262 或 26.2%',
    'a period: 2025-03, 2025-Q1 or 2025':
        '期间：2025-03、2025-Q1 或 2025',
    'a rule: exactly one kind key, with optional label, note, type, round, rounding and overrides':
        '规则：恰好一个规则类型键，可以带 label、note、type、round、rounding 和 overrides',
    'A schemerules pay scheme (language version 1).':
        'schemerules 薪酬方案（语言第 1 版）。',
    'an input: its type and limits':
        '输入项：类型和取值限制',
    'a number, true/false or text; or {value: …, label: …}; or dated values: {values: {"2025-01": …}}':
        '数、true/false 或文本；或 {value: …, label: …}；或按日期生效的值：{values: {"2025-01": …}}',
    'which rule is the pay (`total`), the payslip lines (`lines`) and the name input (`name`)':
        '哪条规则是应发工资（`total`）、工资条上的各行（`lines`）和姓名输入项（`name`）',
    'a test: one record or a batch, and the values expected or the error':
        '一个测试：一条记录或一批记录，以及期望的值或错误',
    'a note (text or {zh: …, en: …})':
        '备注（文本，或 {zh: …, en: …}）',
    'the declared type, checked for every record':
        '声明的类型，每条记录都会检查',
    'a quantum such as "0.01", "1", "10", or none':
        '舍入单位，如 "0.01"、"1"、"10"，或 none',
    "this rule's rounding mode":
        '这条规则的舍入方式',
    'exceptions checked in order before the formula; the first that holds gives the value':
        '例外：在公式之前依次检查，第一个成立的给出规则的值',
    'the language version: always 1':
        '语言版本：固定写 1',
    "the scheme's id: lower-case letters, digits, - and _":
        '方案编号：小写字母、数字、- 和 _',
    "the scheme's name on payslips (a label)":
        '方案名称，显示在工资条上（一个标签）',
    "extension: the employer's name on payslips (a label)":
        '扩展：工资条抬头的公司名称（一个标签）',
    'free text, e.g. "2025.1"':
        '版本号，任意文本，如 "2025.1"',
    'the currency: sets the money quantum (CNY by default)':
        '币种：决定金额的最小单位（默认 CNY）',
    'the default rounding mode of money (half_up by default)':
        '金额的默认舍入方式（默认 half_up，四舍五入）',
    '`month` (default), `quarter` or `year`: the form of period inputs':
        '`month`（月，默认）、`quarter`（季度）或 `year`（年）：决定 period 输入项的写法',
    'scheme files whose inputs, params and rules are merged in (paths relative to this file)':
        '引用的方案文件，合并它们的输入项、参数和规则（路径相对于本文件）',
    'the fields of one employee record, by name':
        '员工记录的字段，按名称列出',
    'named constants':
        '有名字的常量',
    'derived values, each of exactly one kind, by name':
        '规则：算出来的值，每条恰好一种规则类型，按名称列出',
    'examples with their expected values, run by `schemerules test`':
        '写好期望结果的例子，由 `schemerules test` 运行',
    "the input's type (required)":
        '输入项的类型（必填）',
    'the allowed values of an enum (required for enum)':
        'enum 的可选值（enum 必填）',
    'the least allowed value (inclusive)':
        '允许的最小值（含）',
    'the greatest allowed value (inclusive)':
        '允许的最大值（含）',
    'the value must be a multiple of it, e.g. 0.5 for half days':
        '取值必须是它的整数倍，如 0.5 表示按半天计',
    'the value when the field is missing or empty':
        '字段缺失或为空时的默认值',
    'why, shown in the explanation (a label)':
        '原因，显示在计算说明里（一个标签）',
    'the rule that is the pay (default: a rule named total)':
        '作为应发工资的规则（默认是名为 total 的规则）',
    'the payslip lines, in order (rule or input names)':
        '工资条上依次列出的项目（规则或输入项的名称）',
    "extension: the input that holds the employee's name":
        '扩展：存放员工姓名的输入项',
    "the test's name, in any language":
        '测试名称，可以用任何语言',
    'one record: field → value':
        '一条记录：字段 → 值',
    'a batch of records (population rules and history need one)':
        '一批记录（群体规则和历史函数需要）',
    'the values expected (only the names listed are compared); a list of mappings for records:':
        '期望的值（只比较列出的名称）；用 records: 时是每条记录一个映射的列表',
    'the record must fail with this error':
        '记录必须以这种错误失败',
    'the Chinese text':
        '中文文本',
    'the English text':
        '英文文本',
    "the param's value":
        '参数的值',
    'values by the date they take effect (YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD), increasing':
        '按生效日期列出的值（YYYY-MM、YYYY-Qn、YYYY 或 YYYY-MM-DD），日期递增',
    'Sum, mean, count, min, max or median over a group (a population rule).':
        '组内求和、平均、计数、最小、最大或中位数（群体规则）。',
    '`sum`, `mean`, `count`, `min`, `max` or `median`':
        '`sum`（求和）、`mean`（平均）、`count`（人数）、`min`（最小）、`max`（最大）或 `median`（中位数）',
    'the value of each member (not for `count`)':
        '每个人的取值（`count` 不需要）',
    'the group (default: the whole batch)':
        '分组（默认整个批次）',
    'a condition: only the members for which it holds':
        '条件：只算满足条件的人',
    'KSF pay (平衡点): money per step above or below a balance point or a neutral band.':
        'KSF 平衡点：高于或低于平衡点（或不奖不扣区间）时，每一档奖励或扣减的金额。',
    'the balance point (or give band:)':
        '平衡点（或者写 band:）',
    'a neutral band [LOW, HIGH], inclusive (instead of balance:)':
        '不奖不扣的区间 [下限, 上限]，含端点（代替 balance:）',
    '`higher` (default) or `lower` (costs, complaints)':
        '`higher`（越高越好，默认）或 `lower`（越低越好，如成本、投诉）',
    '`whole` (default: only full steps count) or `exact` (fractions count)':
        '`whole`（默认，只算满档）或 `exact`（不满一档按比例算）',
    '[MIN, MAX] clamps the result; either may be null':
        '[最低, 最高]：限定结果的范围，任一端可以写 null',
    'Grades: the first band that matches, top to bottom.':
        '等级：从上往下第一个符合的等级。',
    'the grade: the result when the band matches (text)':
        '等级名称：符合时的结果（文本）',
    'the band matches when of ≥ min; min values decrease down the list':
        'of ≥ min 时符合；min 必须从上往下递减',
    'a condition; a band with min and if needs both':
        '条件；同时写了 min 和 if 的等级两者都要满足',
    'the value compared with `min` (needed when a band uses `min`)':
        '与 `min` 比较的值（有等级用 `min` 时必填）',
    'the bands, best first; the last may have no condition (catch-all)':
        '各等级，从好到差排列；最后一个可以不带条件（兜底）',
    'Tiers: marginal (超额累进), whole (全额) or a value per tier.':
        '阶梯：超额累进（marginal）、全额累进（whole）或分段取值（value）。',
    "the tier's inclusive lower bound (a number or a param)":
        '这一档的下限，含端点（数字或参数）',
    "the tier's inclusive upper bound (the last tier has none)":
        '这一档的上限，含端点（最后一档不写）',
    "the tier's rate (`marginal`, `whole`)":
        '这一档的比例（`marginal`、`whole`）',
    "the tier's value, an expression (`value`)":
        '这一档的取值，一个表达式（`value`）',
    'the value to place in a tier':
        '要落到某一档的值',
    '`marginal`, `whole` or `value` (required)':
        '`marginal`、`whole` 或 `value`（必填）',
    'the tiers: all with `from` (ascending lower bounds) or all with `upto` (the last one without)':
        '各档：都用 `from`（递增的下限），或都用 `upto`（最后一档不写）',
    'with `from` tiers: the result when the value is below the first `from` (default: the record fails)':
        '用 `from` 分档时，值低于第一档下限时的结果（不写则记录失败）',
    "each tier's rate on the part inside the tier (超额累进)":
        '每档只对落在本档内的部分按本档比例计（超额累进）',
    'the rate of the tier that holds the value, times the whole value (全额)':
        '值所在档的比例乘以全额（全额累进）',
    'the value of the tier that holds the value':
        '值所在档的取值（分段取值）',
    'Penalty items (扣分项): start − Σ deductions, then floor.':
        '扣分项：起始分减去各项扣分之和，再不低于下限。',
    'how many times it happened: a whole number ≥ 0':
        '发生次数：≥ 0 的整数',
    'the deduction per occurrence (or schedule:)':
        '每次扣多少（或者写 schedule:）',
    'cumulative deductions [s1, s2, …] for the 1st, 2nd … occurrence; beyond the list the last increment repeats':
        '累进扣分 [s1, s2, …]：第 1 次、第 2 次……累计扣多少；超出列表后按最后一次的增量继续',
    "caps the item's deduction":
        '这一项最多扣多少',
    'from the N-th occurrence on, the item deducts its whole max (needs max)':
        '达到第 N 次起，这一项直接扣满 max（必须同时写 max）',
    'the score before deductions (default 0)':
        '起始分（默认 0）',
    'the lowest result (optional)':
        '结果的下限（可选）',
    'the penalty items, by name; each is a line of the explanation':
        '各扣分项，按名称列出；每项是计算说明里的一行',
    'Forced distribution (强制分布): grades by rank, each with a largest share.':
        '强制分布：按排名分等级，每个等级有最多占比。',
    "a grade's text":
        '等级名称',
    "the grade's largest share of the group, e.g. 10%":
        '这一等级最多占组内人数的比例，如 10%',
    '`true` on the one grade that takes the rest (default: the last grade)':
        '恰好一个等级写 `true`，由它容纳其余的人（默认是最后一个等级）',
    '`desc` (default: the highest is first) or `asc`':
        '`desc`（默认，最高的排第一）或 `asc`（最低的排第一）',
    'a rule that gives each member a grade of the list: start from it and only demote':
        '一条给出列表中等级的规则：从它的等级出发，只降不升',
    'A formula: numbers, names of inputs, params and rules, operators and functions, e.g. `base_salary * 20%`.':
        '公式：数字、输入项/参数/规则的名称、运算符和函数，如 `base_salary * 20%`。',
    'Piecewise linear between points (保/争/冲 targets).':
        '分段线性插值（保/争/冲目标）。',
    'the value to place on the line':
        '要插值的值',
    '[x, y] pairs, x strictly increasing':
        '[x, y] 点列，x 严格递增',
    'below the first x: `clamp` (default), `extrapolate` or an expression':
        '低于第一个 x 时：`clamp`（默认）、`extrapolate` 或一个表达式',
    'above the last x: `clamp` (default), `extrapolate` or an expression':
        '高于最后一个 x 时：`clamp`（默认）、`extrapolate` 或一个表达式',
    'A value by key: `key` is looked up in `table`, else `default`.':
        '查表：用 `key` 在 `table` 中取值，找不到时取 `default`。',
    'the table: a mapping of key to value (values are expressions: write text as "\'text\'")':
        '表：键到取值的映射（取值是表达式：文本要写成 "\'文本\'"）',
    'the value when the key is not in the table (without it the record fails)':
        '键不在表中时的取值（不写则记录失败）',
    'A shared amount split by weight, to the fen (a population rule).':
        '按权重分配一笔公共金额，精确到分（群体规则）。',
    "each member's weight, ≥ 0 (default 1)":
        '每个人的权重，≥ 0（默认 1）',
    'Rank in a group, 1 is best (a population rule).':
        '组内排名，1 为最好（群体规则）。',
    '`min` (default: 1, 2, 2, 4), `dense` (1, 2, 2, 3) or `ordinal` (input order)':
        '并列时：`min`（默认，1、2、2、4）、`dense`（1、2、2、3）或 `ordinal`（按输入顺序）',
    'Points per item (加权考核表): actual ÷ target, or an item already scored.':
        '加权考核表：每项按实际 ÷ 目标得分，或直接给出已打好的分。',
    "the item's full marks":
        '这一项的满分',
    'the actual value (with target:)':
        '实际值（与 target: 一起写）',
    'the target: points × actual ÷ target':
        '目标值：得分 = 分值 × 实际 ÷ 目标',
    'an item already scored elsewhere (instead of actual and target)':
        '已经打好的分（代替 actual 和 target）',
    '`higher` (default) or `lower`: points × target ÷ actual':
        '`higher`（默认）或 `lower`：得分 = 分值 × 目标 ÷ 实际',
    '`true` lets the item exceed its points':
        '`true` 表示这一项可以超过满分',
    'optional: the points of the items must add up to it':
        '可选：各项分值之和必须等于它',
    'the items, by name':
        '各考核项，按名称列出',
    'The sum of a list of expressions; each member is a line of the explanation (and of the payslip).':
        '一组表达式之和；每一项是计算说明（和工资条）上的一行。',
    'The product of a list of expressions, e.g. the bonus multiplier chain `[company_coef, dept_coef, base_salary]`.':
        '一组表达式的连乘，如奖金系数链 `[company_coef, dept_coef, base_salary]`。',
    'Σ value × weight: a mapping of expression to weight; the weights add up to exactly 100%.':
        '加权求和 Σ 值 × 权重：表达式到权重的映射，权重之和必须正好是 100%。',
    "the HTTP service needs the optional Starlette and uvicorn libraries: pip install 'schemerules[{extra}]'":
        "HTTP 服务需要可选的 Starlette 和 uvicorn 库：pip install 'schemerules[{extra}]'",
    'the folder of schemes to serve (its subfolders hold included files)':
        '要提供服务的方案目录（其子目录存放被引用的文件）',
    'the address to listen on (default 127.0.0.1; 0.0.0.0 listens on every interface)':
        '监听的地址（默认 127.0.0.1；0.0.0.0 监听所有网络接口）',
    'the port (default {value})':
        '端口（默认 {value}）',
    'largest request body, in MiB (default {value})':
        '请求体的最大大小，单位 MiB（默认 {value}）',
    'most records per request (default {value})':
        '每个请求最多的记录条数（默认 {value}）',
    'time to answer one request (default {value} s)':
        '答复一个请求的时限（默认 {value} 秒）',
    'look for changed scheme files at most this often (default {value} s; 0: on every request)':
        '检查方案文件是否改动的最短间隔（默认 {value} 秒；0 表示每个请求都检查）',
    'requests evaluated at once (default {value})':
        '同时计算的请求数（默认 {value}）',
    '{value!r} is not a {what} number':
        '{value!r} 不是{what}数',
    'non-negative':
        '非负',
    'positive':
        '正',
    'lang must be zh or en, not {value!r}':
        'lang 只能是 zh 或 en，而不是 {value!r}',
    '{name} must be one of {items}, not {value!r}':
        '{name} 只能是 {items} 之一，而不是 {value!r}',
    'the body is larger than {limit} bytes':
        '请求体超过 {limit} 字节',
    'no scheme with id {id!r} is served (GET /schemes lists them)':
        '没有 id 为 {id!r} 的方案（GET /schemes 列出所有方案）',
    'no scheme with id {id!r} is served; {count} file(s) of the folder do not compile (GET /schemes lists their problems)':
        '没有 id 为 {id!r} 的方案；目录中有 {count} 个文件无法编译（GET /schemes 列出它们的问题）',
    'the service failed on this request; its log has the details':
        '服务处理此请求时出错；详情见服务日志',
    'the body did not arrive within {seconds} s':
        '请求体未在 {seconds} 秒内传完',
    'the client closed the connection before the whole body arrived':
        '请求体传完之前客户端关闭了连接',
    '{method} is not an allowed method here':
        '此端点不接受 {method} 方法',
    'there is no endpoint {path} (GET /openapi.json lists them)':
        '没有端点 {path}（GET /openapi.json 列出所有端点）',
    '{path} is not a folder of schemes':
        '{path} 不是方案目录',
    "this file could not be loaded because of an internal error of schemerules; the service's log has the details":
        '由于 schemerules 的内部错误，无法加载此文件；详情见服务日志',
    'scheme id {id!r} is also the id of {file}, which is served; this file is not':
        '方案 id {id!r} 与 {file} 的 id 相同，已提供的是 {file}，此文件不提供服务',
    'give each scheme in the folder its own id':
        '给目录中的每个方案不同的 id',
    'the request body cannot be read':
        '无法读取请求体',
    'a query parameter is not valid':
        '查询参数不合法',
    'no such endpoint':
        '没有此端点',
    'no such scheme':
        '没有此方案',
    'this endpoint does not take this method':
        '此端点不接受该方法',
    'the request body did not arrive in time':
        '请求体未按时传完',
    'the request body is too large':
        '请求体过大',
    'the request holds too many records':
        '请求中的记录过多',
    "the records do not match the scheme's inputs":
        '记录与方案的输入项不完全对应',
    'internal error':
        '内部错误',
    'an optional part of schemerules is not installed':
        '未安装 schemerules 的可选组件',
    'the request took longer than the service allows':
        '请求处理时间超过服务允许的时限',
    'request body':
        '请求体',
    'the request was not answered within {seconds} s; send fewer records per request':
        '请求未能在 {seconds} 秒内完成；请减少每个请求的记录条数',
    'with strict=true every field must be read and every optional input given; nobody was paid':
        'strict=true 时每个字段都必须被读取、每个可选输入项都必须提供；未计算任何记录',
    'name must be printable text of at most {limit} characters':
        'name 必须是不超过 {limit} 个字符的可打印文本',
    'include {written!r} is not available: the service reads no file for a posted scheme':
        '无法使用 include {written!r}：对于提交的方案，服务不读取任何文件',
    'copy what the included file holds (inputs, params, rules) into the posted scheme':
        '把被引用文件中的内容（inputs、params、rules）复制到提交的方案中',
    'a JSON body is {"text": "<the scheme>", "name": "<file name>"} (name is optional)':
        'JSON 请求体的格式为 {"text": "<方案文本>", "name": "<文件名>"}（name 可省略）',
    'the request holds more than {limit} records; send them in several requests':
        '请求中的记录超过 {limit} 条；请分成几个请求发送',
    'the body is not JSON: {error}':
        '请求体不是 JSON：{error}',
    'the scheme text is not UTF-8 (byte {position})':
        '方案文本不是 UTF-8 编码（第 {position} 字节）',
    "the {key}'s low end {lo} is above its high end {hi}":
        '{key} 的下限 {lo} 高于上限 {hi}',
    '--set takes NAME=VALUE, found {text!r}':
        '--set 的写法是 名称=值，这里是 {text!r}',
    'for example --set sales_balance=600万':
        '例如 --set sales_balance=600万',
    'the params file is empty':
        '参数文件是空的',
    'write one param per line, e.g. sales_balance: 600万':
        '每行写一个参数，例如 sales_balance: 600万',
    'true/false':
        '是/否（true/false）',
    'a number':
        '数字',
    'the param {name} holds {family}; the value set is {found}':
        '参数 {name} 的值是{family}，设置的值却是{found}',
    "a setting changes a param's value, never its type":
        '设置只改变参数的值，不改变它的类型',
    '{name} is {what} of the scheme, not a param: only params can be set':
        '{name} 是方案中的{what}，不是参数：只能设置参数',
    "a rule's value comes from its formula; change the params it reads":
        '规则的值由它的公式算出；请改它读取的参数',
    'the scheme has no params':
        '方案没有参数',
    '{name} is not a param of the scheme':
        '{name} 不是方案中的参数',
    'the value of {name} is {found}; pass text such as "600万", a Decimal, an int or a bool':
        '{name} 的值是 {found} 类型；请传入文本（如 "600万"）、Decimal、int 或 bool',
    'a float cannot hold every amount exactly: write the number as text':
        '浮点数无法精确表示每个金额：请把数字写成文本',
    '{name} is set to {value} at {where}':
        '{name} 在 {where} 被设置为 {value}',
    'dated values':
        '按日期生效的值',
    '{first}; {rest}':
        '{first}；{rest}',
    '{hint} ({settings})':
        '{hint}（{settings}）',
    'the values set: {settings}':
        '设置的值：{settings}',
    "charts need the optional matplotlib library: pip install 'schemerules[plot]'":
        "图表需要可选的 matplotlib 库：pip install 'schemerules[plot]'",
    'no values to show':
        '没有可显示的值',
    '--fix gives {name} twice':
        '--fix 给了两次 {name}',
    '--fix takes INPUT=VALUE, found {text!r}':
        '--fix 的写法是 输入项=值，却是 {text!r}',
    '--points is {value}; it must be a whole number from 2 to {most}':
        '--points 是 {value}；应为 2 到 {most} 之间的整数',
    '--vary takes INPUT=FROM..TO, found {text!r}':
        '--vary 的写法是 输入项=起..止，却是 {text!r}',
    'FROM {lo} is not below TO {hi}':
        '起点 {lo} 不小于终点 {hi}',
    'a rule drawn has no number value':
        '要画的规则没有数值',
    'Amount':
        '金额',
    'Value':
        '数值',
    'balance point':
        '平衡点',
    'band low end':
        '中间地带下限',
    'band high end':
        '中间地带上限',
    'threshold':
        '分段阈值',
    'draw a money, rate or number rule':
        '请画金额、比率或数字类型的规则',
    'for example --fix wage_cost_ratio=26%':
        '例如 --fix wage_cost_ratio=26%',
    'for example sales_ksf, or total':
        '例如 sales_ksf，或 total',
    'give each input once':
        '每个输入项只给一次',
    'give each with --fix NAME=VALUE (in Python: fix=...), e.g. --fix {example}':
        '请用 --fix 名称=值 逐一给出（Python 中用 fix=...），例如 --fix {example}',
    '{hint}; the rules drawn do not read {names}: any valid value will do':
        '{hint}；所画的规则不读取 {names}：给任一有效值即可',
    'name at least one rule to draw':
        '请至少指定一条要画的规则',
    'name the rule to draw':
        '请指定要画的规则',
    'other inputs: {values}':
        '其他输入项：{values}',
    'records fail from {lo} to {hi}: {code} {message}':
        '从 {lo} 到 {hi} 的记录计算失败：{code} {message}',
    'remove --fix {name}=…':
        '去掉 --fix {name}=…',
    'the curve needs a value for every input without a default: {names}':
        '曲线需要每个没有默认值的输入项的取值：{names}',
    'the output {path} is neither .svg nor .png':
        '输出文件 {path} 既不是 .svg 也不是 .png',
    'the record fails':
        '记录计算失败',
    'the scheme has no total rule':
        '方案没有合计规则',
    'there is no value of {name} from {lo} to {hi} (its values are multiples of {step})':
        '{name} 在 {lo} 到 {hi} 之间没有可取的值（它的值是 {step} 的整数倍）',
    'vary a numeric input, e.g. sales':
        '请变化一个数值输入项，例如 sales',
    'warning: the evaluation budget ran out; parts of the curve are drawn from the points found':
        '注意：计算次数已达上限；曲线的部分区段按已算出的点绘制',
    'write -o curve.svg (for documents and the web) or -o curve.png':
        '请写 -o curve.svg（用于文档和网页）或 -o curve.png',
    'write INPUT=FROM..TO, e.g. --vary sales=300万..800万 or --vary wage_cost_ratio=20%..32%':
        '请写 输入项=起..止，例如 --vary sales=300万..800万 或 --vary wage_cost_ratio=20%..32%',
    'write numbers as in a scheme, e.g. 300万, 27.5% or 5000000':
        '数字写法同方案，例如 300万、27.5% 或 5000000',
    'write the smaller value first, e.g. 300万..800万':
        '请先写较小的值，例如 300万..800万',
    'written to {path} ({count} evaluations, {jumps} jumps)':
        '已写入 {path}（计算 {count} 次，{jumps} 处跳变）',
    '{label} ({unit})':
        '{label}（{unit}）',
    '{name} is a {type} input; a curve varies a number (money, rate, number or int)':
        '{name} 是 {type} 类型的输入项；曲线只能变化数值（money、rate、number 或 int）',
    '{name} is not {what} of the scheme':
        '{name} 不是方案中的{what}',
    '{name} is the input the curve varies; it cannot be fixed too':
        '{name} 是曲线要变化的输入项，不能同时固定',
    '{name} is {type}, not a number: it cannot be drawn as a curve':
        '{name} 的类型是 {type}，不是数字：不能画成曲线',
    '{what} is {found}, not a number':
        '{what} 是 {found}，不是数字',
    '{what} is {found}; write the number as text, e.g. 300万':
        '{what} 是 {found} 类型；请把数字写成文本，例如 300万',
    '{what}: {error}':
        '{what}：{error}',
    'evaluate_frame takes a pandas or polars DataFrame or a pyarrow Table, not {found}':
        'evaluate_frame 接受 pandas 或 polars 的 DataFrame，或 pyarrow 的 Table，而不是 {found}',
    '{names} is not an input or rule of the scheme; {hint}':
        '{names} 不是方案中的输入项或规则；{hint}',
    "DataFrames and Arrow tables need the optional part {extra}: pip install '{extra}'":
        "DataFrame 和 Arrow 表需要安装可选组件 {extra}：pip install '{extra}'",
    'the evaluation was cancelled after {done:,} of {total} units of work: no result was kept':
        '计算已取消（已完成 {done:,} / {total} 个工作单元）：没有保留任何结果',
    'old scheme':
        '旧方案',
    'new scheme':
        '新方案',
    '--vary {name}: ':
        '--vary {name}：',
    '--target-total: ':
        '--target-total：',
    '--tolerance: ':
        '--tolerance：',
    '{what}{error}':
        '{what}{error}',
    'the scheme {scheme} has no total rule, so there is no pay to compare':
        '方案 {scheme} 没有合计规则，无从比较工资',
    'the total rule {rule} of the scheme {scheme} is not money ({type}); a what-if compares amounts of money':
        '方案 {scheme} 的合计规则 {rule} 不是金额（而是 {type}）；测算比较的是金额',
    'name the rule that is the pay in the scheme: output: {total: RULE}':
        '在方案中指明哪条规则是应发工资：output: {total: 规则名}',
    'give the total rule type: money':
        '给合计规则加上 type: money',
    'records are a list of mappings of field to value, found {found}':
        '记录应为「字段: 值」映射的列表，这里是 {found}',
    '{name} is not an input or a rule of the schemes compared':
        '{name} 不是所比较方案中的输入项或规则',
    '{what}{value!r} is not number text; write it as text such as 600万 or 1.2%':
        '{what}{value!r} 不是数字文本；请写成 600万 或 1.2% 这样的文本',
    'the step {step} is not above zero':
        '步长 {step} 不大于零',
    'the range starts at {start}, above its end {stop}':
        '范围的起点 {start} 高于终点 {stop}',
    '--vary takes NAME=FROM..TO/STEP, found {text!r}':
        '--vary 的写法是 名称=起点..终点/步长，这里是 {text!r}',
    '{count:,} values from {start} to {stop} by {step}; at most {max:,}':
        '从 {start} 到 {stop}、步长 {step} 共 {count:,} 个值；最多 {max:,} 个',
    'a sweep varies one or two params, found {count}':
        '参数扫描只能变动一到两个参数，这里是 {count} 个',
    '{count:,} points to evaluate; at most {max:,}':
        '需要计算 {count:,} 个取值组合；最多 {max:,} 个',
    'write FROM..TO/STEP with a positive STEP, e.g. 500万..700万/20万':
        '写成 起点..终点/步长，步长为正数，例如 500万..700万/20万',
    'write the smaller value first: FROM..TO/STEP':
        '把较小的值写在前面：起点..终点/步长',
    'for example --vary sales_balance=500万..700万/20万':
        '例如 --vary sales_balance=500万..700万/20万',
    'take a larger step':
        '请加大步长',
    'give --vary once or twice':
        '请给出一到两个 --vary',
    'no values to vary {name} over':
        '没有给出 {name} 的取值',
    'the tolerance {value} is not above zero':
        '精度 {value} 不大于零',
    "DataFrames need the optional part {extra}: pip install '{extra}' (the plain results hold the same figures)":
        "DataFrame 需要安装可选组件 {extra}：pip install '{extra}'（普通结果对象中有同样的数字）",
    "Paid more / less / the same: compared with each record's pay at the scheme's current values; the mean is rounded to the currency's smallest unit, the median is exact.":
        '多发 / 少发 / 不变：与每条记录按方案当前参数值计算的工资相比；平均工资按银行家舍入（四舍六入五成双）到货币的最小单位，中位数是精确值。',
    'gained':
        '增加',
    'lost':
        '减少',
    'unchanged':
        '不变',
    'failed':
        '失败',
    'a value pays exactly the target':
        '找到的取值使工资总额正好等于目标',
    'the closest total found (totals move in whole steps: the target itself may not be paid)':
        '这是能找到的最接近目标的总额（总额按整档变化，不一定能正好等于目标）',
    'the target lies beyond every total in the range: the closest end is shown':
        '目标超出该范围内所有可能的总额：给出的是最接近目标的端点',
    'the total goes up and down in the range: no bisection; the best point of the grid is shown':
        '在该范围内总额时增时减（不单调）：没有二分查找，给出的是网格上最好的点',
    'the search stopped at its limit of evaluations; the closest total found is shown':
        '计算次数达到上限，查找停止；给出的是已找到的最接近的总额',
    'increasing':
        '递增',
    'decreasing':
        '递减',
    'constant':
        '不变',
    'goes up and down':
        '时增时减',
    'minimum':
        '最小值',
    '10th percentile':
        '第 10 百分位',
    '25th percentile':
        '第 25 百分位',
    'median':
        '中位数',
    '75th percentile':
        '第 75 百分位',
    '90th percentile':
        '第 90 百分位',
    'maximum':
        '最大值',
    '(none)':
        '（无）',
    'total pay':
        '工资总额',
    'distance to the target':
        '与目标之差',
    'Comparing {old} (old) with {new} (new) over {count} records; a record is matched by its position':
        '方案对比：{old}（旧）→ {new}（新），共 {count} 条记录；两边按记录的位置对应',
    'Total pay: {old} → {new}; change {delta}{percent}':
        '工资总额：{old} → {new}；变化 {delta}{percent}',
    'Records: {gained} gained, {lost} lost, {unchanged} unchanged, {failed} failed (failed records are in no total)':
        '人数：增加 {gained}，减少 {lost}，不变 {unchanged}，失败 {failed}（失败的记录不计入任何合计）',
    'Largest gains:':
        '增加最多：',
    'Largest losses:':
        '减少最多：',
    'Sweep of {scheme} over {count} records: {params}':
        '参数扫描：{scheme}，共 {count} 条记录；变动参数：{params}',
    'Current total pay: {total} ({failed} records failed)':
        '当前工资总额：{total}（{failed} 条记录失败）',
    "Solving for a total pay of {target}: {param} between {lo} and {hi} (the scheme's value {current})":
        '求解：使工资总额最接近 {target} 的{param}，在 {lo} 到 {hi} 之间（方案中的值为 {current}）',
    '{param} = {value}: total pay {total}, {distance} from the target ({evaluations} evaluations of {records} records)':
        '{param} = {value}：工资总额 {total}，与目标相差 {distance}（计算 {evaluations} 次，每次 {records} 条记录）',
    '{path}: write what-if results to a .json, .csv, .xlsx or .html file':
        '{path}：测算结果可写成 .json、.csv、.xlsx 或 .html 文件',
    '{path}: the format {format} is not one of {formats}':
        '{path}：格式 {format} 不是 {formats} 之一',
    'records':
        '人数',
    'old total':
        '旧合计',
    'new total':
        '新合计',
    'change':
        '变化',
    'change in percent':
        '变化百分比',
    'failed under the old scheme':
        '旧方案下失败',
    'failed under the new scheme':
        '新方案下失败',
    'Summary':
        '汇总',
    'old':
        '旧',
    'new':
        '新',
    'lines changed':
        '变化的项目',
    'Records':
        '记录',
    'scheme':
        '方案',
    'current total':
        '当前合计',
    'failed at the current values':
        '当前参数下失败',
    'Points':
        '各取值',
    'search interval':
        '搜索范围',
    "the scheme's value":
        '方案中的值',
    'target total':
        '目标总额',
    'value found':
        '找到的取值',
    'total pay at that value':
        '该取值下的工资总额',
    'outcome':
        '结果',
    'the total as the param rises':
        '参数增大时总额',
    'evaluations':
        '计算次数',
    'failed at that value':
        '该取值下失败',
    'Evaluations':
        '每次计算',
    'Grid':
        '网格',
    'Change per record (nearest rank): {quantiles}':
        '每人变化（最近秩法）：{quantiles}',
    'By {field}:':
        '按{field}：',
    'Failed records (in no count but failed, and in no total):':
        '失败的记录（只计入失败人数，不计入任何合计）：',
    "* the scheme's current value":
        '* 方案当前的值',
    '{count} records failed at this value and are in no total':
        '该取值下有 {count} 条记录失败，不计入合计',
    'Grid ({direction}):':
        '网格（{direction}）：',
    'item':
        '项目',
    'value':
        '值',
    'Breakdown':
        '分组',
    'param varied':
        '变动的参数',
    'paid':
        '已计算',
    'mean pay':
        '平均工资',
    'median pay':
        '工资中位数',
    'paid more':
        '多发',
    'paid less':
        '少发',
    'paid the same':
        '不变',
    'change: {quantile} (nearest rank)':
        '变化：{quantile}（最近秩法）',
    "{count} values from {start} to {stop}; the scheme's value {current}":
        '{count} 个取值，从 {start} 到 {stop}；方案中的值为 {current}',
    '… {count} more failed records (see the output file)':
        '… 另有 {count} 条失败记录（见结果文件）',
    'now {value}':
        '当前 {value}',
    'name':
        '姓名',
    'What-if: {old} → {new}':
        '方案测算：{old} → {new}',
    'What-if sweep: {scheme}':
        '参数扫描：{scheme}',
    'What-if: {param} for a total pay of {target}':
        '方案测算：使工资总额为 {target} 的{param}',
    'The charts need the optional plot extra: pip install {extra}':
        '图表需要可选组件 plot：pip install {extra}',
    'Largest gains':
        '增加最多',
    'Largest losses':
        '减少最多',
    'current value':
        '当前值',
    'Change per record':
        '每人变化',
    'change ({currency})':
        '变化（{currency}）',
    'Total pay by {param}':
        '工资总额随{param}的变化',
    'total pay ({currency})':
        '工资总额（{currency}）',
    '{count} records, matched by position; failed records are in no count but failed, and in no total':
        '共 {count} 条记录，两边按位置对应；失败的记录只计入失败人数，不计入任何合计',
    'Charts':
        '图表',
    'Total pay by {field}':
        '按{field}的工资总额',
    'Every record':
        '全部记录',
    '{count} records; the scheme compiled again at each value, the records read once':
        '共 {count} 条记录；每个取值重新编译方案，记录只读取一次',
    'Mean and median pay by {param}':
        '平均工资和工资中位数随{param}的变化',
    'pay ({currency})':
        '工资（{currency}）',
    'Records paid more or less than now, by {param}':
        '比现在多发或少发的人数随{param}的变化',
    'Distribution of the change (nearest rank)':
        '变化的分布（最近秩法）',
    'By {field}':
        '按{field}',
    'values evaluated':
        '取值个数',
    '--vary names {name} twice':
        '--vary 两次给出了 {name}',
    'written to {path}':
        '已写入 {path}',
    'give each param once':
        '每个参数只给一次',
    '--target-total solves for one param: give exactly one --vary':
        '--target-total 只能求解一个参数：请只给一个 --vary',
    'for example --vary sales_balance=500万..700万 --target-total 50万':
        '例如 --vary sales_balance=500万..700万 --target-total 50万',
    '--vary {name} gives an interval without a step; a sweep needs FROM..TO/STEP or a list of values':
        '--vary {name} 只给了范围没有步长；参数扫描需要 起点..终点/步长 或一串取值',
    '{side} ({path}):':
        '{side}（{path}）：',
    'the param {name} is not a number: only number params can be varied':
        '参数 {name} 不是数字：只能变动数字参数',
    'The first {shown:,} of {count:,} records: write .csv or .xlsx for all of them':
        '只列出 {count:,} 条记录中的前 {shown:,} 条：全部记录请写成 .csv 或 .xlsx',
    'the used scheme {file} failed in its rule {rule}: {message}':
        '所用方案 {file} 的规则 {rule} 计算失败：{message}',
    "extension: other scheme files whose rules' values this scheme reads, evaluated in the same run":
        '扩展：本方案读取其规则结果的其他方案文件，在同一次运行中计算',
    'extension: the used scheme file (a path relative to this file)':
        '扩展：所用方案文件（相对于本文件的路径）',
    'a list of used schemes, each {file: other.yaml, outputs: [rule, …]}':
        '所用方案的列表，每项为 {file: other.yaml, outputs: [规则, …]}',
    'uses: is written in the main scheme file, not in an included file':
        'uses: 只能写在主方案文件中，不能写在被引用（include）的文件中',
    'move uses: to the file that includes this one':
        '把 uses: 移到引用本文件的那个文件中',
    'a used scheme {file: other.yaml, outputs: [rule, …]}':
        '一个所用方案 {file: other.yaml, outputs: [规则, …]}',
    'uses {text!r} must be a relative path to a .yaml file':
        'uses {text!r} 必须是指向 .yaml 文件的相对路径',
    'paths are relative to the using file':
        '路径相对于使用它的文件',
    'uses cycle: {files}':
        '方案之间循环使用（uses）：{files}',
    'a scheme cannot use, directly or through others, a scheme that uses it':
        '一个方案不能直接或间接地使用一个使用了它自己的方案',
    'the used scheme {file} has population rules or history functions; a used scheme is evaluated record by record':
        '所用方案 {file} 含有群体规则或历史函数；所用方案只能逐条记录计算',
    'compute group or history values in this scheme, over the used outputs (e.g. prev(kpi_score))':
        '请在本方案中基于取用的结果计算群体或历史值（例如 prev(kpi_score)）',
    'the used scheme {file} pays in {currency} per {period}, this one in {our_currency} per {our_period}':
        '所用方案 {file} 的币种为 {currency}、期间为 {period}，本方案为 {our_currency}、{our_period}',
    'use a scheme with the same currency: and period:':
        '请使用 currency: 和 period: 相同的方案',
    'the path of the used scheme file':
        '所用方案文件的路径',
    '{name} is both an input and an output of the used schemes':
        '{name} 既是输入项，又是所用方案取用的结果',
    'take the output under another name':
        '给取用的结果换一个名称',
    'more than {count} used schemes':
        '所用方案超过 {count} 个',
    'outputs is a non-empty list of rule names or a mapping of name here to rule there':
        'outputs 应为非空的规则名列表，或「本方案中的名称: 所用方案的规则」的映射',
    'an output is a rule name':
        '取用的结果应为规则名',
    '{rule!r} is not a rule of the used scheme {file}':
        '{rule!r} 不是所用方案 {file} 中的规则',
    '{name} is both an output of the used scheme {file} and {what}; names share one namespace':
        '{name} 既是所用方案 {file} 取用的结果，又是{what}；所有名称共用一个命名空间',
    'take it under another name: outputs: {{other_name: {rule}}}':
        '换一个名称取用：outputs: {{other_name: {rule}}}',
    'the used scheme {file} cannot be read':
        '无法读取所用方案 {file}',
    'the used scheme {file} has problems (listed with its own lines)':
        '所用方案 {file} 有问题（按其自身的行号列出）',
    'fix the used scheme first':
        '请先修正所用方案',
    'input {name} of the used scheme {file} is also {what} of this scheme':
        '所用方案 {file} 的输入项 {name} 同时也是本方案的{what}',
    'input {name} is declared differently here and in the used scheme {file}':
        '输入项 {name} 在本方案和所用方案 {file} 中的声明不一致',
    'declare it alike in both (type, min, max, step, default and values), or in one of them':
        '在两处声明一致（type、min、max、step、default 和 values），或只在其中一处声明',
    'the rules to take: [rule, …] or a mapping of name here to rule there, e.g. {score: kpi_score}':
        '要取用的规则：[规则, …]，或「本方案中的名称: 所用方案的规则」的映射，例如 {score: kpi_score}',
    "extension: the used scheme's rules to take: [rule, …] (same name here) or a mapping of name here to rule there, e.g. {score: kpi_score}":
        '扩展：要取用的所用方案的规则：[规则, …]（本方案中同名），或「本方案中的名称: 所用方案的规则」的映射，例如 {score: kpi_score}',
    'none':
        '无',
    'the bounds of a manual adjustment, e.g. {min: -500, max: 500}':
        '手工调整的上下限，例如 {min: -500, max: 500}',
    'the smallest amount an adjustment may add (negative: deduct)':
        '手工调整允许的最小金额（负数表示扣减）',
    'the largest amount an adjustment may add':
        '手工调整允许的最大金额',
    'adjust: min {low} is above max {high}':
        'adjust: 的下限 min {low} 高于上限 max {high}',
    'write the smaller bound as min':
        '把较小的界限写在 min',
    "adjustments need an id input in the scheme, to find each employee's record":
        '手工调整需要方案有工号（id）输入项，才能找到每名员工的记录',
    '{rule!r} is not a rule of the scheme ({hint})':
        '{rule!r} 不是方案中的规则（{hint}）',
    'adjustment row {n}':
        '调整第 {n} 行',
    'an adjustment is a mapping of column to value, found {found}':
        '一条调整应为「列: 值」的映射，实际是 {found}',
    'the column period is missing: the scheme pays by period':
        '缺少 period（期间）列：该方案按期间计薪',
    'the column {column} is missing or empty (also accepted: {names})':
        '缺少 {column} 列或该列为空（也可写作：{names}）',
    'rule {rule} may not be adjusted by hand (its adjustable rules: {names})':
        '规则 {rule} 不允许手工调整（可调整的规则：{names}）',
    'amount: {message}':
        '金额：{message}',
    'no record of employee {employee} for {period} in the batch':
        '本批次中没有员工 {employee} 在 {period} 的记录',
    'no record of employee {employee} in the batch':
        '本批次中没有员工 {employee} 的记录',
    'employee: {message}':
        '员工：{message}',
    'period: {message}':
        '期间：{message}',
    'its adjustable rules: {names}':
        '可调整的规则：{names}',
    "the employee's record failed: {message}":
        '该员工的记录计算失败：{message}',
    'a list of guards, each {min: EXPR, max: EXPR, action: clamp|fail, reason: …}':
        '合规约束的列表，每项为 {min: 表达式, max: 表达式, action: clamp|fail, reason: …}',
    'guards':
        '合规约束',
    'a guard {min: EXPR, max: EXPR, action: clamp|fail, reason: …}':
        '一条合规约束 {min: 表达式, max: 表达式, action: clamp|fail, reason: …}',
    '{key}: is not allowed on the population rule {name}':
        '群体规则 {name} 上不允许使用 {key}:',
    'put it on a rule that reads this one':
        '请写在读取该规则的另一条规则上',
    '{key}: needs a numeric rule, but {name} is {type}':
        '{key}: 只能用于数值规则，而 {name} 的类型是 {type}',
    'declare type: money (or number) on the rule':
        '在该规则上声明 type: money（或 number）',
    'a guard needs min:, max: or both':
        '合规约束需要 min:、max: 或两者',
    'e.g. {min: min_wage, action: clamp} for a floor':
        '例如下限写作 {min: min_wage, action: clamp}',
    "the guard's min {low} is above its max {high}":
        '合规约束的下限 {low} 高于上限 {high}',
    'the adjustment of {amount} ({rows}) is outside its bounds [{low}, {high}]':
        '手工调整金额 {amount}（{rows}）超出允许范围 [{low}, {high}]',
    'guard {path}: its min {low} is above its max {high}':
        '合规约束 {path}：下限 {low} 高于上限 {high}',
    '{value} is below the floor {bound} of {rule} ({reason})':
        '{value} 低于 {rule} 的下限 {bound}（{reason}）',
    '{value} is above the cap {bound} of {rule} ({reason})':
        '{value} 超过 {rule} 的上限 {bound}（{reason}）',
    'a mapping of table name to table':
        '「表名: 表」的映射',
    'manual adjustments: {applied} applied, {refused} refused':
        '手工调整：已应用 {applied} 条，被拒绝 {refused} 条',
    '--table {item!r}: write --table NAME=FILE, e.g. --table stores=stores.csv':
        '--table {item!r}：请写作 --table 表名=文件，例如 --table stores=stores.csv',
    '--table {name} is given twice':
        '--table {name} 给出了两次',
    '{where}: {employee} {period}{rule} {amount:+} ({reason}; approved by {approver})':
        '{where}：{employee} {period}{rule} {amount:+}（{reason}；审批人 {approver}）',
    '{where}: refused: {problem}':
        '{where}：被拒绝：{problem}',
    'a table {key: INPUT, columns: {NAME: INPUT, …}, label: …}':
        '一张表 {key: 输入项, columns: {列名: 输入项, …}, label: …}',
    'table {table}, {row}':
        '表 {table}，{row}',
    'the input (or list of inputs) of the record that selects a row':
        '记录中用于选取表中一行的输入项（或输入项列表）',
    'a mapping of column name to input, e.g. {revenue: {type: money}}':
        '「列名: 输入项」的映射，例如 {revenue: {type: money}}',
    'a table key is the name of an input of the record':
        '表的键是记录中某个输入项的名称',
    '{name!r} is not a table of the scheme (its tables: {names})':
        '{name!r} 不是方案中声明的表（方案的表：{names}）',
    'column {name} is in two tables':
        '列 {name} 出现在两张表中',
    'table {table}: its key {key!r} is not an input of the record':
        '表 {table}：键 {key!r} 不是记录的输入项',
    '{where}: a row is a mapping of column to value, found {found}':
        '{where}：一行应为「列: 值」的映射，实际是 {found}',
    'declare it under inputs:, e.g. {key}: {{type: text}}':
        '在 inputs: 中声明它，例如 {key}: {{type: text}}',
    'table {table}: its key {key} is a {type} input; a key is an id, text, enum, int, period or bool input':
        '表 {table}：键 {key} 是 {type} 类型的输入项；键只能是 id、text、enum、int、period 或 bool 类型',
    "key the table by a text field such as the store's name":
        '用文本字段（如门店名称）作为表的键',
    'row {n}':
        '第 {n} 行',
    '{where}: the columns {fields} all name {name}; keep one of them':
        '{where}：列 {fields} 都对应 {name}，请只保留一列',
    "the record has no {column} and no table {table} was given: pass the table (tables={{'{table}': rows}}, command line --table {table}=FILE) or give the column in every record":
        "记录中没有 {column}，也没有提供表 {table}：请提供该表（tables={{'{table}': rows}}，命令行 --table {table}=文件），或在每条记录中给出该列",
    'the record gives {column} and so does table {table}; keep one of them':
        '记录和表 {table} 都给出了 {column}，请只保留一处',
    'table {table} has {count} rows for {key} ({rows}); a key has one row':
        '表 {table} 中 {key} 对应 {count} 行（{rows}）；每个键只能有一行',
    'the column is missing and has no default':
        '缺少该列且没有默认值',
    '{where}: column {column}: {message}':
        '{where}：列 {column}：{message}',
    'extension: the least total amount an adjustment may add (negative: deduct)':
        '扩展：手工调整合计允许的最小金额（负数表示扣减）',
    'extension: the greatest total amount an adjustment may add':
        '扩展：手工调整合计允许的最大金额',
    'extension: the rule may be adjusted by hand, from an adjustments file, within these bounds':
        '扩展：该规则可按调整文件手工调整，金额须在此范围内',
    "extension: the floor of the rule's value":
        '扩展：规则取值的下限',
    "extension: the cap of the rule's value":
        '扩展：规则取值的上限',
    'extension: clamp the value onto the bound, or fail the record':
        '扩展：把取值调整到界限（clamp），或让该记录失败（fail）',
    "extension: compliance floors and caps the rule's value must satisfy, checked after its formula and adjustments":
        '扩展：规则取值必须满足的合规下限和上限，在公式和手工调整之后检查',
    'extension: the input (or inputs) of the record that select the row':
        '扩展：记录中用于选取行的输入项（一个或多个）',
    "extension: the table's columns, declared like inputs; expressions read them by name":
        '扩展：表的各列，写法同输入项；表达式按名称读取',
    'extension: group tables (a stores file beside the staff file), keyed by a field of the record':
        '扩展：分组数据表（员工表之外的门店表等），按记录中的字段匹配',
    '{what}: a value of {name} below {lowest} matches nothing, and nothing declares that {name} stays at or above it':
        '{what}：{name} 低于 {lowest} 的值没有匹配项，而且没有任何声明保证 {name} 不低于它',
    '{what}: {name} may be as low as {low}, but nothing matches a value below {lowest}':
        '{what}：{name} 最低可能为 {low}，但低于 {lowest} 的值没有匹配项',
    'a calendar, e.g. {holidays: [2025-01-01], work_days: [2025-01-26]}':
        '工作日历，例如 {holidays: [2025-01-01], work_days: [2025-01-26]}',
    'a list of dates (YYYY-MM-DD) or ranges (YYYY-MM-DD..YYYY-MM-DD)':
        '日期（YYYY-MM-DD）或日期区间（YYYY-MM-DD..YYYY-MM-DD）的列表',
    '{date} is listed under both {first} and {second}':
        '{date} 同时列在 {first} 和 {second} 中',
    'a day is a holiday, a 调休 rest day or a 调休 work day, not two of them':
        '一天只能是法定节假日、调休休息日或调休上班日中的一种',
    '{text!r} is not a date (YYYY-MM-DD) or a range of dates (YYYY-MM-DD..YYYY-MM-DD)':
        '{text!r} 不是日期（YYYY-MM-DD）或日期区间（YYYY-MM-DD..YYYY-MM-DD）',
    'the calendar lists more than {count:,} days':
        '工作日历列出的天数超过 {count:,} 天',
    '{date} is a {day}: a 调休 rest day is a weekday (Monday to Friday), a 调休 work day a Saturday or Sunday':
        '{date} 是{day}：调休休息日应为工作日（周一至周五），调休上班日应为周六或周日',
    'Monday':
        '周一',
    'Tuesday':
        '周二',
    'Wednesday':
        '周三',
    'Thursday':
        '周四',
    'Friday':
        '周五',
    'Saturday':
        '周六',
    'Sunday':
        '周日',
    "Extension: a period's amount for the days employed (hire and leave dates).":
        '扩展：按在职天数折算一个期间的金额（入职、离职日期）。',
    '{key}: {value!r} is not a date (YYYY-MM-DD)':
        '{key}：{value!r} 不是日期（YYYY-MM-DD）',
    '{until: DATE, rate: 80%}':
        '{until: 日期, rate: 80%}',
    'paid_days must be greater than 0':
        'paid_days 必须大于 0',
    "prorate counts the days of the record's period, but the scheme has no period input":
        'prorate 按记录所在期间计算天数，但方案没有期间（period）输入项',
    'declare one input such as month: {type: period}':
        '声明一个期间输入项，例如 month: {type: period}',
    '{key}: is a date: the name of a date input (type: date), found {text!r}':
        '{key}: 应为日期，即一个日期输入项（type: date）的名称，实际为 {text!r}',
    'declare the input as {type: date}':
        '把该输入项声明为 {type: date}',
    'the last day employed {end} is before the first {start}':
        '最后在职日 {end} 早于首个在职日 {start}',
    'the amount of a whole period (or year)':
        '整个期间（或整年）的金额',
    'the first day employed: a date input':
        '首个在职日：一个日期输入项',
    'the last day employed: a date input':
        '最后在职日：一个日期输入项',
    'calendar (default), working_days or paid_days (21.75 a month), or a text param naming one':
        'calendar（日历天数，默认）、working_days（工作日）或 paid_days（每月 21.75 计薪天数），或取值为其中之一的文本参数',
    'the paid days of a month for paid_days (default 21.75)':
        'paid_days 基准下每月的计薪天数（默认 21.75）',
    "period (default), or year: the amount is for the calendar year of the record's period":
        'period（默认），或 year：金额对应记录所在期间的整个自然年',
    'probation pay: days up to until are paid at rate':
        '试用期工资：until 及之前的天数按 rate 计',
    'basis is {text!r}; expected one of {items}, or a text param naming one':
        'basis 为 {text!r}；应为 {items} 之一，或取值为其中之一的文本参数',
    'the probation rate is {value}; it is 0 or more':
        '试用期比例为 {value}；应不小于 0',
    'the last day of probation':
        '试用期最后一天',
    'the share paid on probation days, e.g. 80%':
        '试用期每天按多少比例计薪，例如 80%',
    'the table has no entry for {values} of {name} and there is no default: a record with that value would fail':
        '查表中没有 {name} 的取值 {values}，也没有默认值：取该值的记录将计算失败',
    'add the missing values to the table, or give default:':
        '把缺少的取值加入表中，或设置 default:',
    'the bands have no catch-all':
        '等级没有兜底档',
    'add a last band without min: or if: (it takes the rest), or declare min: on the input':
        '在最后加一个不带 min: 和 if: 的兜底等级，或在输入项上声明 min:',
    'the tiers start at {first}':
        '分档从 {first} 开始',
    'give below: (the result under the first tier), start the tiers lower, or declare min: on the input':
        '设置 below:（低于第一档时的结果），或把分档的起点调低，或在输入项上声明 min:',
    'item {name} deducts {value} for {count} occurrences, outside {low}–{high} ({lo}–{hi} each)':
        '扣分项 {name} 共 {count} 次扣 {value} 分，不在 {low}—{high} 之间（每次 {lo}—{hi} 分）',
    'item {name} deducts {value}; a deduction is 0 or more':
        '扣分项 {name} 扣 {value} 分；扣分不能为负',
    'item {name} deducts {value}, outside its range {low}–{high} (or 0 when it did not happen)':
        '扣分项 {name} 扣 {value} 分，不在 {low}—{high} 之间（未发生时为 0）',
    '[low, high]: the deduction per occurrence':
        '[下限, 上限]：每次的扣分范围',
    'range: is [low, high], two numbers':
        'range: 是 [下限, 上限] 两个数',
    'range: [{low}, {high}] needs 0 ≤ low ≤ high':
        'range: [{low}, {high}] 需满足 0 ≤ 下限 ≤ 上限',
    'an item needs exactly one of each:, schedule: and deduct:':
        '扣分项必须且只能有 each:、schedule:、deduct: 中的一个',
    'each: 2 deducts 2 per occurrence; schedule: [10, 30] is cumulative; deduct: x takes the deduction the record gives':
        'each: 2 表示每次扣 2 分；schedule: [10, 30] 为累计扣分；deduct: x 取记录中给出的扣分',
    'range: bounds a deduct: item (the deduction the record gives)':
        'range: 用于限定 deduct: 扣分项（记录给出的扣分）',
    'write deduct: with range:, or drop range:':
        '与 range: 一起写 deduct:，或去掉 range:',
    'all_at: counts occurrences; a deduct: item takes its deduction from the record':
        'all_at: 按次数计；deduct: 扣分项的扣分取自记录',
    'item {name} has no max: in a sheet of {start} points whose other items have theirs, it may deduct without bound':
        '扣分项 {name} 没有 max:：在 {start} 分制的考核表中，其他扣分项都有分值上限，此项却可以无限扣分',
    'give it max: (its points in the sheet), or floor: on the sheet if it may take everything':
        '给它设置 max:（该项在表中的分值）；如果它确实可以扣完全部分数，请在表上设置 floor:',
    'normalise: true scales the sheet to its total: give total:':
        'normalise: true 按总分折算考核表：请设置 total:',
    'e.g. total: 100 for a sheet whose items add up to 110':
        '例如各项合计 110 分的考核表写 total: 100',
    'normalise: true needs points and a total above 0':
        'normalise: true 要求各项分值之和与总分都大于 0',
    'adjust the points or the total, or write normalise: true to scale the sheet to the total (score × {total} ÷ {value})':
        '调整各项分值或总分，或写 normalise: true 把考核表折算为总分（得分 × {total} ÷ {value}）',
    'extension: `true` lets the points add up to something else; the sheet is scaled to `total` (score × total ÷ Σ points)':
        '扩展：为 `true` 时各项分值之和可以不等于总分，考核表按 `total` 折算（得分 × 总分 ÷ 各项分值之和）',
    'has_prev(rule, k): k is a whole number from 1 to {max_window}':
        'has_prev(rule, k)：k 是 1 到 {max_window} 之间的整数',
    '{value} is not a date (YYYY-MM-DD, e.g. 2025-03-10)':
        '{value} 不是日期（YYYY-MM-DD，例如 2025-03-10）',
    'the date and time {value} is not a date':
        '日期时间 {value} 不是日期',
    'calendar: is written in the main scheme file, not in an included file':
        'calendar: 只能写在主方案文件中，不能写在被引用的文件中',
    'move calendar: to the file that includes this one':
        '把 calendar: 移到引用本文件的主方案文件中',
    'extension: a date, 2025-03-10 (hire and leave dates)':
        '扩展：日期，如 2025-03-10（入职、离职日期）',
    'a deduct: item (ranged deduction)':
        'deduct: 扣分项（区间扣分）',
    'the second argument of {name}() is "quarter", "half" or "year" (in quotes)':
        '{name}() 的第二个参数是 "quarter"、"half" 或 "year"（带引号）',
    '{fn}({rule}, "{unit}") needs every period of the {unit} up to {period}: {missing} is not in the batch':
        '{fn}({rule}, "{unit}") 需要该 {unit} 中截至 {period} 的每一个期间：本批数据中没有 {missing}',
    '{fn}({rule}) needs a bool rule, found {value}':
        '{fn}({rule}) 需要一个布尔（是/否）规则，实际为 {value}',
    'period_end() needs a period, found {value}':
        'period_end() 需要一个期间，实际为 {value}',
    'period_end() needs a period such as 2025-03, found {value!r}':
        'period_end() 需要形如 2025-03 的期间，实际为 {value!r}',
    '{fn}(…, "{unit}") rolls up {unit}s, but this scheme pays per {period}':
        '{fn}(…, "{unit}") 按 {unit} 汇总，但本方案本身就是按 {period} 计算的',
    'roll up to a longer unit (quarter, half or year) than period:':
        '请汇总到比 period: 更长的单位（quarter、half 或 year）',
    'extension: the deduction the record gives (扣4—10分: decided per record), instead of each or schedule':
        '扩展：记录给出的扣分（如「扣4—10分」，逐条记录决定），代替 each 或 schedule',
    'extension: [low, high] per occurrence that deduct must respect (with count: count × low to count × high; without: 0 or low to high)':
        '扩展：每次扣分的 [下限, 上限]，deduct 必须在此范围内（有 count 时为 count × 下限 至 count × 上限；没有时为 0 或下限至上限）',
    'basis is the param {name}, whose value {value!r} is not one of {items}':
        'basis 为参数 {name}，其值 {value!r} 不是 {items} 之一',
    '{file} {where}':
        '{file} {where}',
    'table {table} has no row for {key} (did you mean {close}?)':
        '表 {table} 中没有 {key} 对应的行（是否应为 {close}？）',
    'table {table} has no row for {key}':
        '表 {table} 中没有 {key} 对应的行',
    'warning: column {column!r} of table {table} names no column of the table; it is not read':
        '注意：表 {table} 的列 {column!r} 不对应表中声明的任何列，未被读取',
    'tables: maps each table name to a list of rows':
        'tables: 是「表名: 行的列表」的映射',
    'adjustments: is a list of adjustment rows':
        'adjustments: 是调整行的列表',
    'extension: the rows of each group table, by table name':
        '扩展：各分组数据表的行，按表名给出',
    'extension: manual adjustment rows (employee, period, rule, amount, reason, approver)':
        '扩展：手工调整的各行（employee, period, rule, amount, reason, approver）',
    'extension: the working-day calendar of prorate (statutory holidays, 调休 rest and work days), in the main file':
        '扩展：prorate 使用的工作日历（法定节假日、调休休息日和调休上班日），写在主方案文件中',
    'statutory holidays (法定节假日): paid, not worked':
        '法定节假日：带薪，不上班',
    '调休 rest days: weekdays off':
        '调休休息日：放假的工作日',
    '调休 work days: weekend days worked':
        '调休上班日：上班的周末',
    'engine must be one of {choices}, not {found!r}':
        'engine 只能是 {choices} 之一，不是 {found!r}',
    "the vector path needs numpy: pip install '{extra}'":
        "向量路径需要 numpy：pip install '{extra}'",
    "the frame's column names are not text":
        '数据框的列名不是文本',
    'a column does not convert to Arrow ({error})':
        '有一列无法转换为 Arrow（{error}）',
    'the column {name} has the type {type}':
        '列 {name} 的类型是 {type}',
    'the vector path does not evaluate this: {why}':
        '向量路径不计算这种情况：{why}',
    '{what} is not evaluated on the vector path':
        '向量路径不计算 {what}',
    'a function of text or of values whose kind is not known':
        '以文本或类型未知的值为参数的函数',
    'in over values whose kind is not known':
        '对类型未知的值使用 in',
    'brackets without thresholds known at load time':
        '阶梯的分界值在加载时未知',
    'adjustments and guards are not evaluated on the vector path':
        '向量路径不计算手工调整和合规保护',
    'rules of the kind {kind} are not evaluated on the vector path':
        '向量路径不计算 {kind} 类规则',
    'the rule {name} gives {kind} values':
        '规则 {name} 的值类型是 {kind}',
    'the rule {name} is declared {declared}':
        '规则 {name} 声明为 {declared}',
    'a rule that reads its own earlier periods':
        '读取自身以往期间的规则',
    'too many employees and periods for one sorted key':
        '员工和期间太多，无法合成一个排序键',
    'a history function whose count is not a whole constant':
        '历史函数的期数不是整数常量',
    "prev() whose default is not of its rule's kind":
        'prev() 的默认值与所读规则的类型不同',
    'streak() of a rule that is not a bool':
        'streak() 读取的规则不是布尔值',
    '{name}() of a rule of another kind':
        '{name}() 读取的规则类型不符',
    'a distribute cap that is not text':
        'distribute 的 cap 不是文本',
    'a pool whose shares are not rounded to a quantum of fraction digits':
        'pool 的份额没有舍入到小数位的单位',
    'a within: whose kind is not known':
        'within: 的值类型未知',
    'history functions are not evaluated on the vector path':
        '向量路径不计算历史函数',
    '{name} may be a number or a bool':
        '{name} 可能是数字也可能是布尔值',
    'text operations are not evaluated on the vector path':
        '向量路径不计算文本运算',
    'a sign before text':
        '文本前的正负号',
    'and/or of values that are not bools':
        '对非布尔值使用 and/or',
    'if-else whose branches are not both numbers or both bools':
        'if-else 的两个分支不都是数字或都是布尔值',
    'a chain of comparisons with in':
        '含 in 的连续比较',
    'text compared by order':
        '按大小比较文本',
    '{name}() is not evaluated on the vector path':
        '向量路径不计算 {name}()',
    'min()/max() of bools':
        '对布尔值求 min()/max()',
    'text compared with a number':
        '文本与数字比较',
    '{text} is not known to be a number':
        '无法确定 {text} 是数字',
    'a condition that is not a number or a bool':
        '条件既不是数字也不是布尔值',
    '{text} is not a constant':
        '{text} 不是常量',
    'tier values that are not all numbers or all bools':
        '各档的值不都是数字或都是布尔值',
    'a below: that is not a number':
        'below: 不是数字',
    'a count that is not known to be a number':
        '次数无法确定是数字',
    "an override whose value is not of the rule's kind":
        '覆盖规则的值与规则类型不同',
    'the input type {type}':
        '输入类型 {type}',
    '** with an exponent that is not a whole constant from 0 to 100':
        '** 的指数不是 0 到 100 之间的整数常量',
    'not of text is not evaluated on the vector path':
        '向量路径不计算对文本的 not',
    'a comparison of values whose kind is not known':
        '类型未知的值之间的比较',
    'div() with a default that is not a number':
        'div() 的默认值不是数字',
    'the constant {value} has a positive exponent':
        '常量 {value} 的指数为正',
    'the constant {value} has too many digits for 64-bit fixed point':
        '常量 {value} 位数太多，64 位定点数放不下',
    'the table has two columns of one name':
        '表中有两列同名',
    'two columns name one input':
        '两列对应同一个输入',
    'every record is linked to every other by its groups and employees (one group, or employees who moved between groups): the batch is evaluated in one partition':
        '每条记录都通过分组和员工与其他所有记录相连（只有一个组，或员工在组之间调动）：整批在一个分区中计算',
    'the population rule {rule} groups by a value computed from other rules, so its groups are known only once the batch is evaluated: the batch is evaluated in one partition':
        '群体规则 {rule} 按由其他规则算出的值分组，分组要到整批计算时才能确定：整批在一个分区中计算',
    "{count} record(s) have no group for a population rule (the group's value or the period cannot be read), so that rule fails for every record of the batch (spec §11.10): the batch is evaluated in one partition":
        '{count} 条记录无法确定群体规则的分组（分组值或期间无法读取），该规则对整批每条记录都失败（规范 §11.10）：整批在一个分区中计算',
    'a group value has a type that cannot be compared outside Python: the batch is evaluated in one partition':
        '某个分组值的类型无法在 Python 之外比较：整批在一个分区中计算',
    'a record has no group for a population rule, so that rule fails for every record of the batch (spec §11.10): the batch was evaluated again in one partition':
        '有记录无法确定群体规则的分组，该规则对整批每条记录都失败（规范 §11.10）：整批已在一个分区中重新计算',
    'schemerules.dask.evaluate takes a Dask DataFrame, not {found}':
        'schemerules.dask.evaluate 需要 Dask DataFrame，而不是 {found}',
    '{path}: Dask read {found:,} records from the file, the reader of schemerules {count:,}; run without --workers or --dask':
        '{path}：Dask 从文件读到 {found:,} 条记录，schemerules 的读取器读到 {count:,} 条；请不用 --workers 或 --dask 运行',
    '{path} {problem}: --workers and --dask read a UTF-8 CSV file with commas, one line per record, no blank lines and a name for every column; run without them, or save the file so':
        '{path}{problem}：--workers 和 --dask 只读取 UTF-8 编码、逗号分隔、每条记录一行、没有空行且每列都有名称的 CSV 文件；请不用这两个选项运行，或按此另存文件',
    'is {format}, not CSV':
        '是 {format} 文件，不是 CSV',
    'is encoded in {encoding}':
        '的编码是 {encoding}',
    'separates cells with {delimiter!r}':
        '用 {delimiter!r} 分隔单元格',
    'has {count} blank line(s)':
        '有 {count} 个空行',
    'has {count} record(s) that span several lines':
        '有 {count} 条记录跨越多行',
    'has {count} row(s) with more or fewer cells than the header':
        '有 {count} 行的单元格数与表头不同',
    'has a column without a name':
        '有没有名称的列',
    'has records that are not one line each':
        '有不是一行一条的记录',
    "Dask needs the optional part {extra}: pip install '{extra}'":
        "Dask 需要可选组件 {extra}：pip install '{extra}'",
    '--explain is not available with --workers or --dask: run without them to write the traces':
        '--explain 不能与 --workers 或 --dask 同用：请不用这两个选项运行以写出计算过程',
    '--table and --adjustments are not available with --workers or --dask: run without them':
        '--table 和 --adjustments 不能与 --workers 或 --dask 同用：请不用这两个选项运行',
    'a local cluster':
        '本机集群',
    'warning: {message}':
        '注意：{message}',
    'error: cannot reach the Dask scheduler at {address}: {reason}':
        '错误：无法连接 {address} 处的 Dask 调度器：{reason}',
    'e.g. outputs: [kpi_score] or outputs: {kpi: score}':
        '例如 outputs: [kpi_score] 或 outputs: {kpi: score}',
    'the used scheme {file} calls its {type} input {name}, this scheme {ours}':
        '所用方案 {file} 的 {type} 输入项名为 {name}，本方案中名为 {ours}',
    'a record has one employee id and one period: give the input the same name in both files':
        '一条记录只有一个工号和一个期间：请在两个文件中给该输入项取相同的名称',
    'group tables':
        '分组表（tables）',
    'an employment calendar':
        '在职日历（calendar）',
    'rules open to manual adjustments':
        '允许手工调整的规则（adjust）',
    'the used scheme {file} has {what}; those are given to the run of a scheme, and a used scheme is not run on its own':
        '所用方案 {file} 含有{what}；这些内容是在运行方案时提供的，而所用方案不会单独运行',
    'declare them in this scheme, and take from the used scheme only what it computes':
        '请在本方案中声明它们，只从所用方案取用它计算出的结果',
    'a list of calendar files (paths relative to this file)':
        '工作日历文件的列表（相对于本文件的路径）',
    'a calendar file is a relative path to a .yaml file':
        '工作日历文件应为指向 .yaml 文件的相对路径',
    'calendar file {text!r} cannot be read':
        '无法读取工作日历文件 {text!r}',
    '{file} is not a calendar file: a mapping of holidays, rest_days and work_days':
        '{file} 不是工作日历文件：应为由 holidays、rest_days 和 work_days 组成的映射',
    'check that the path names a calendar; its content is not shown':
        '请检查路径是否指向工作日历文件；出于安全考虑不显示其内容',
    'the period {period} has no calendar dates (years 1 to 9999)':
        '期间 {period} 不在日历范围内（公元 1 年至 9999 年）',
    'calendar files beside the scheme (read like includes), each a mapping of these three lists':
        '方案旁的工作日历文件（读取方式与 include 相同），每个文件是由这三个列表组成的映射',
    'a lookup whose key is not text':
        '查表的键不是文本',
    'a lookup whose values are not constants':
        '查表的值不是常量',
    'a lookup whose values are not all of one kind':
        '查表的值类型不一致',
    'error: --engine vector cannot run this: {reason}':
        '错误：--engine vector 无法按列计算本次运行：{reason}',
    '--explain, --table and --adjustments run on the scalar engine':
        '--explain、--table 和 --adjustments 只能逐条计算（scalar）',
    'the records are not a CSV file':
        '记录文件不是 CSV 文件',
    'the output is not CSV (JSON and xlsx are written by the scalar engine)':
        '输出不是 CSV（JSON 和 xlsx 由逐条计算写出）',
    'the scheme has group tables':
        '方案含分组表',
    'the scheme has rules the record-by-record fast path does not compile':
        '方案含逐条记录快速路径无法编译的规则',
    "pyarrow and numpy are not installed: pip install 'schemerules[arrow]'":
        "未安装 pyarrow 和 numpy：pip install 'schemerules[arrow]'",
    'the scheme uses what the vector path does not evaluate':
        '方案用到了按列计算不支持的写法',
    'the program reading the output stopped (a closed pipe)':
        '读取输出的程序已经停止（管道已关闭）',
    'an output is the name of an input or rule, found {found}':
        'outputs 中的每一项应是输入或规则的名称，这里是 {found}',
    '{name} is not an input or rule of the scheme, so it cannot be kept':
        '{name} 不是本方案的输入或规则，无法保留',
}
