"""Everything the bot says in its own words rather than the KB's, in English and Chinese, in one place."""

from __future__ import annotations

DECLINE = {
    "en": (
        "Sorry, I can't answer that one. I only know about closing a Binance account: what to do first, "
        "withdrawing what is left, the steps, how long it takes, what is lost, and coming back later. "
        "Try one of the questions below, or ask to talk to a person for anything else."
    ),
    "zh": (
        "抱歉,这个问题我无法回答。我只了解注销币安账户的相关内容:注销前的准备、提取剩余资产、操作步骤、所需时间、"
        "会失去什么以及之后重新注册。可以试试下面的问题,或选择联系人工客服。"
    ),
}
CONFLICT_HEADING = {"en": "Sources disagree", "zh": "来源说法不一致"}
NOTICE = {
    "en": "These answers come from third-party articles ({names}), not from Binance. Check with Binance before you act.",
    "zh": "这些回答来自第三方文章({names}),并非币安官方信息。操作前请向币安核实。",
}
CANNOT_ACT = {
    "en": (
        "I can't close or change your account from this chat: only you can, signed in to your Binance account. "
        "Here is what the sources say about doing it; if you get stuck, ask to talk to a person."
    ),
    "zh": "我无法在这个对话中替你注销或更改账户，只有你本人登录币安账户后才能操作。以下是来源中关于如何操作的说明；如果遇到问题，可以选择联系人工客服。",
}
HANDOFF_NEXT = {
    "en": (
        "Thanks, your request is with our support team, together with this conversation. A person will reply "
        "in this chat; keep this page open or come back later to see it.{contact}"
    ),
    "zh": "谢谢,您的请求和本次对话已转给我们的客服团队。客服人员会在此对话中回复;您可以保持页面打开,或稍后回来查看。{contact}",
}
HANDOFF_CONTACT = {
    "en": " If we need more time, we will also write to the contact you gave.",
    "zh": "如需更多时间,我们也会通过您留下的联系方式与您联系。",
}
