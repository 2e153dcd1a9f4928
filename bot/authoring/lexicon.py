"""The language tables the conflict finder reads statements with: negators, polar words, time units, numbers.

Each polar concept lists words that assert it and words that deny it, in English and Chinese. They describe how
support articles speak of an account and what happens to it (reversing, keeping, releasing, stopping, allowing,
requiring), not any one knowledge base: two statements about the same thing that put one concept on opposite
sides are a candidate contradiction. A word preceded by a negator in its clause counts on the other side.
"""

from __future__ import annotations

# concept -> (asserting words, denying words). Multi-word phrases are matched as token sequences.
POLAR_EN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reversible": (
        (
            "reversible",
            "reversed",
            "reverse",
            "reversal",
            "undo",
            "undone",
            "revocable",
            "recoverable",
            "recovered",
            "recover",
            "restored",
            "restore",
            "restorable",
            "reopened",
            "reopen",
            "brought back",
            "bring back",
            "reactivated",
            "reactivate",
            "taken back",
            "take back",
            "called off",
        ),
        ("irreversible", "irrevocable", "unrecoverable", "non-reversible", "no way back", "no going back"),
    ),
    "reusable": (
        ("released", "freed", "reusable", "reuse", "reused", "re-used", "re-use", "can be used again"),
        ("blacklisted", "blocklisted", "blocked", "banned", "barred"),
    ),
    "kept": (
        (
            "kept",
            "keep",
            "keeps",
            "retained",
            "retain",
            "retains",
            "stored",
            "preserved",
            "remains",
            "remain",
            "stays",
            "stay",
            "intact",
            "accessible",
            "downloadable",
            "available",
            "saved",
        ),
        (
            "deleted",
            "delete",
            "erased",
            "erase",
            "wiped",
            "wipe",
            "purged",
            "destroyed",
            "lost",
            "lose",
            "forfeited",
            "forfeit",
            "gone",
            "discarded",
            "inaccessible",
            "unavailable",
        ),
    ),
    "active": (
        ("active", "enabled", "continue", "continues", "keep arriving", "keeps working", "working", "valid"),
        (
            "revoked",
            "disabled",
            "deactivated",
            "stop",
            "stops",
            "stopped",
            "cease",
            "ceases",
            "ceased",
            "terminated",
            "terminate",
            "terminates",
            "suspended",
            "expired",
            "expire",
            "expires",
            "invalidated",
        ),
    ),
    "allowed": (
        # Modal verbs count: "can be closed in the app" and "cannot be closed in the app" exclude each other.
        ("allowed", "permitted", "possible", "supported", "supports", "support", "accepted", "can", "able to"),
        # Blocking a thing is not allowing it: "blacklisted" also denies "you can sign up with it".
        (
            "forbidden",
            "prohibited",
            "impossible",
            "unsupported",
            "disallowed",
            "cannot",
            "can't",
            "unable",
            "blacklisted",
            "blocklisted",
            "blocked",
            "banned",
            "barred",
        ),
    ),
    "required": (
        ("required", "requires", "require", "mandatory", "necessary", "needed", "obligatory", "compulsory"),
        ("optional", "unnecessary", "not needed", "no need"),
    ),
    "automatic": (
        ("automatic", "automatically", "auto-converted", "auto-convert", "auto-refunded"),
        ("manual", "manually", "by hand"),
    ),
    "paid": (
        ("paid", "paid out", "honoured", "honored", "credited", "refunded", "returned", "payable"),
        ("forfeited", "forfeit", "confiscated", "voided", "void", "withheld"),
    ),
    "carried-over": (
        ("inherited", "carried over", "carry over", "carries over", "transferred", "migrated", "preserved"),
        ("reset", "resets", "starts from zero", "start from zero", "from scratch"),
    ),
}

POLAR_ZH: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reversible": (
        ("可逆", "撤销", "撤回", "恢复", "找回", "反悔", "取消注销", "重新激活"),
        ("不可逆", "不可撤销", "无可挽回"),
    ),
    "reusable": (("释放", "重新使用", "再次使用", "可再用"), ("黑名单", "拉黑", "封禁")),
    "kept": (
        ("保留", "保存", "仍可下载", "可下载", "可查看", "留存"),
        ("删除", "清除", "抹除", "丢失", "失去", "销毁", "灭失"),
    ),
    "active": (("有效", "启用", "继续"), ("停止", "失效", "终止", "吊销", "禁用", "停用", "作废")),
    "allowed": (("允许", "支持"), ("禁止", "不允许", "不支持")),
    "required": (("必须", "需要", "要求"), ("无需", "不需要", "不必", "可选")),
    "automatic": (("自动",), ("手动", "人工")),
    "paid": (("支付", "发放", "退还", "到账", "结算"), ("没收", "清零", "作废")),
    "carried-over": (("继承", "转移", "沿用"), ("重置", "从零开始")),
}

# Modal verbs: they count only where no other polar word follows them ("can be reversed" is about reversing).
MODALS_EN = frozenset({"can", "cannot", "can't", "able to", "unable"})
# Adjectives among the polar words; with past participles (-ed), they are read only when said of something
# ("the account is inactive"), not when they pick out a kind of thing ("no active orders", "saved addresses").
ADJECTIVES_EN = frozenset(
    "active possible impossible intact accessible inaccessible downloadable available unavailable reversible "
    "irreversible revocable irrevocable recoverable unrecoverable restorable reusable mandatory necessary optional "
    "unnecessary manual automatic valid void permanent obligatory compulsory payable".split()
)
COPULAS_EN = frozenset(
    "is are was were be been being become becomes became remain remains stay stays get gets got".split()
)

# Negators that deny the whole clause they open ("nothing is converted automatically", "no operations are
# permitted"); the others reach only a few words ahead ("is not auto-converted").
CLAUSE_NEGATORS_EN = frozenset("no nothing none nobody never neither nor".split())

NEGATORS_EN = frozenset(
    "not no never cannot can't cant without nor neither none nothing unable won't don't doesn't didn't isn't aren't "
    "wasn't weren't hasn't haven't hadn't shouldn't mustn't couldn't wouldn't".split()
)
NEGATORS_ZH = frozenset("不没无未非别勿")
# Words that open a new clause: a negator before them does not reach the words after them.
CLAUSE_BREAKS_EN = frozenset("but while whereas although though unless until except however yet".split())

NUMBER_WORDS: dict[str, tuple[float, float]] = {
    "a": (1, 1),
    "an": (1, 1),
    "one": (1, 1),
    "two": (2, 2),
    "three": (3, 3),
    "four": (4, 4),
    "five": (5, 5),
    "six": (6, 6),
    "seven": (7, 7),
    "eight": (8, 8),
    "nine": (9, 9),
    "ten": (10, 10),
    "eleven": (11, 11),
    "twelve": (12, 12),
    "fourteen": (14, 14),
    "fifteen": (15, 15),
    "twenty": (20, 20),
    "thirty": (30, 30),
    "sixty": (60, 60),
    "ninety": (90, 90),
    "a couple of": (2, 2),
    "a few": (2, 5),
    "few": (2, 5),
    "several": (3, 7),
    "many": (5, 30),
}

# Hours in one unit. A business day is counted as 7/5 of a calendar day (weekends in between).
UNIT_HOURS_EN: dict[str, float] = {
    "second": 1 / 3600,
    "sec": 1 / 3600,
    "minute": 1 / 60,
    "min": 1 / 60,
    "hour": 1,
    "hr": 1,
    "day": 24,
    "week": 24 * 7,
    "month": 24 * 30.4,
    "year": 24 * 365,
    "yr": 24 * 365,
}
BUSINESS_DAY_HOURS = 24 * 7 / 5

UNIT_HOURS_ZH: dict[str, float] = {
    "秒": 1 / 3600,
    "秒钟": 1 / 3600,
    "分钟": 1 / 60,
    "小时": 1,
    "钟头": 1,
    "天": 24,
    "日": 24,
    "工作日": BUSINESS_DAY_HOURS,
    "周": 24 * 7,
    "星期": 24 * 7,
    "礼拜": 24 * 7,
    "月": 24 * 30.4,
    "年": 24 * 365,
}
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_VAGUE = {"几": (2, 5), "数": (2, 5), "若干": (2, 7), "多": (2, 5)}

INSTANT_EN = (
    "instantly",
    "immediately",
    "instantaneously",
    "at once",
    "right away",
    "straight away",
    "straightaway",
    "without delay",
    "on the spot",
    "in real time",
    "with no waiting period",
    "no waiting period",
)
# "immediately after X", "instantly upon X": the time is relative to another event, not a duration of its own.
RELATIVE_AFTER_EN = ("after", "upon", "on", "once", "when", "as", "at", "following", "with", "before")
INSTANT_ZH = ("立即", "立刻", "马上", "即时", "即刻", "当场", "随即")
PERMANENT_EN = ("permanently", "permanent", "forever", "for good", "indefinitely", "for ever", "never expires")
PERMANENT_ZH = ("永久", "永远")
