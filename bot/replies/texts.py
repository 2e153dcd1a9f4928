"""Everything the bot says in its own words rather than the KB's, in English and Chinese, in one place."""

from __future__ import annotations

DECLINE = {
    "en": (
        "Sorry, I can't answer that one. I only know about closing a Binance account: what to do first, "
        "withdrawing what is left, the steps, how long it takes, what is lost, and coming back later. "
        "Try one of the questions below, or ask to talk to a person for anything else."
    ),
    "zh": (
        "抱歉，这个问题我无法回答。我只了解注销币安账户的相关内容：注销前的准备、提取剩余资产、操作步骤、所需时间、"
        "会失去什么以及之后重新注册。可以试试下面的问题，或选择联系人工客服。"
    ),
}
REMARK = {
    "greeting": {
        "en": (
            "Hello! I answer questions about closing a Binance account: what to do first, withdrawing what is left, "
            "the steps, how long it takes, what is lost, and coming back later. Ask away, pick one of the questions "
            "below, or ask to talk to a person for anything else."
        ),
        "zh": "您好！我可以解答注销币安账户的问题：注销前的准备、提取剩余资产、操作步骤、所需时间、会失去什么以及之后重新注册。"
        "请直接提问或选择下面的问题；其他事情可以联系人工客服。",
    },
    "thanks": {
        "en": (
            "You're welcome. If anything else comes up about closing your account, ask here; for anything else, "
            "a person from the support team can help."
        ),
        "zh": "不客气。如果还有关于注销账户的问题，可以随时在这里提问；其他事情可以联系人工客服。",
    },
    "person": {
        "en": (
            "I can pass this conversation to a person on the support team: choose \u201cTalk to a person\u201d and "
            "they will answer here. Until then I can still answer questions about closing a Binance account."
        ),
        "zh": "我可以把本次对话转给客服团队：请选择\u201c联系人工客服\u201d，客服人员会在这里回复。在此之前，我仍可以解答注销币安账户的问题。",
    },
}
"""The decline for a message that is only a remark (see `remarks`): it greets, thanks or points to a person."""
CONFLICT_HEADING = {"en": "Sources disagree", "zh": "来源说法不一致"}
NOTICE = {
    "en": "These answers come from third-party articles ({names}), not from Binance. Check with Binance before you act.",
    "zh": "这些回答来自第三方文章（{names}），并非币安官方信息。操作前请向币安核实。",
}
CANNOT_ACT = {
    "en": (
        "I can't close or change your account from this chat: only you can, signed in to your Binance account. "
        "Here is what the sources say about doing it; if you get stuck, ask to talk to a person."
    ),
    "zh": "我无法在这个对话中替您注销或更改账户，只有您本人登录币安账户后才能操作。以下是来源中关于如何操作的说明；如果遇到问题，可以选择联系人工客服。",
}
HANDOFF_NEXT = {
    "en": (
        "Thanks, your request is with our support team, together with this conversation. A person will reply "
        "in this chat; keep this page open or come back later to see it.{contact}"
    ),
    "zh": "谢谢，您的请求和本次对话已转给我们的客服团队。客服人员会在此对话中回复；您可以保持页面打开，或稍后回来查看。{contact}",
}
HANDOFF_CONTACT = {
    "en": " If we need more time, we will also write to the contact you gave.",
    "zh": "如需更多时间，我们也会通过您留下的联系方式与您联系。",
}
WITH_PERSON = {
    "en": (
        "Sent to the support team. A person will answer here{wait}; the bot does not answer while you wait for them. "
        "To ask the bot instead, choose \u201cAsk the bot again\u201d."
    ),
    "zh": "已发送给客服团队。客服人员会在这里回复{wait}；等待期间机器人不会回答。如需改为询问机器人，请选择\u201c重新询问机器人\u201d。",
}
USUAL_WAIT = {"en": " (they usually answer within {when})", "zh": "（通常在{when}内回复）"}
MINUTES = {"en": "{n} minutes", "zh": "{n}分钟"}
HOURS = {"en": "{n} hours", "zh": "{n}小时"}
BACK_TO_BOT = {
    "en": "You are talking to the bot again. Ask anything about closing your account; you can ask for a person at any time.",
    "zh": "现在由机器人为您解答。可以继续询问有关注销账户的问题，也可以随时联系人工客服。",
}


def usual_wait(minutes: int | None, lang: str) -> str:
    """How long a person usually takes to answer, as a phrase to put in `WITH_PERSON` (empty when unknown)."""
    if minutes is None:
        return ""
    when = (MINUTES if minutes < 120 else HOURS)[lang].format(n=minutes if minutes < 120 else round(minutes / 60))
    return USUAL_WAIT[lang].format(when=when)
