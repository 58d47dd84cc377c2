"""The variables of answer templates (应答模板) and the renderer that fills them.

A template's text names variables in braces, e.g. "{客户称呼}，您好，坐席{坐席工号}为您服务。".
The set is fixed (VARIABLES); saving a template naming any other is refused. Rendering fills each
from the customer, the ticket and the agent; a value that cannot be known renders as a sensible
fallback ({客户称呼} → 您), and only the ticket's own values ({服务单号}, {产品型号}, {预约时间})
stay as the placeholder when there is no ticket, listed in `missing` so that the agent sees what
to fill in by hand.

This app sits below customers and service: the customer and the ticket are read duck-typed
(`name`, `gender`, `kind`; `number`, `product_model`, `appointment_start`, `customer`).
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.accounts.parameters import parameter_value

COMPANY_PARAMETER = "knowledge.company_name"
COMPANY_DEFAULT = "本公司"

VARIABLE = re.compile(r"\{(\w{1,20})\}")

# name → what it becomes (shown to template editors, in this order)
VARIABLES = {
    "客户称呼": _(
        "the customer's surname and 先生/女士 (张先生), or 您 when the gender is unknown"
    ),
    "客户姓名": _("the customer's full name"),
    "坐席工号": _("the agent's employee number (else the user name)"),
    "坐席姓名": _("the agent's name"),
    "服务单号": _("the ticket number"),
    "产品型号": _("the ticket's product model"),
    "预约时间": _("the ticket's appointment time"),
    "公司名称": _("the company name (system parameter knowledge.company_name)"),
    "当前日期": _("today's date"),
}
# values only a ticket has: without one the placeholder stays, for the agent to fill in
TICKET_ONLY = ("服务单号", "产品型号", "预约时间")

# two-character surnames (复姓) common enough to meet on the phone
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 "
    "独孤 南宫 西门 申屠 澹台 万俟 闻人 呼延 赫连 钟离 百里 东郭 左丘 拓跋".split()
)
TITLES = {"m": "先生", "f": "女士"}


@dataclass
class Rendered:
    text: str
    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


def variables_in(text: str) -> list[str]:
    """The variable names a text uses, in order, each once."""
    return list(dict.fromkeys(VARIABLE.findall(text or "")))


def unknown_variables(text: str) -> list[str]:
    return [name for name in variables_in(text) if name not in VARIABLES]


def variables_help() -> str:
    """ "{客户称呼}, {客户姓名}, …": the known variables, for an error message or a form's help."""
    return "、".join(f"{{{name}}}" for name in VARIABLES)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def surname(name: str) -> str:
    """张三 → 张, 欧阳修 → 欧阳; a name not written in Chinese is kept whole."""
    name = (name or "").strip()
    if not name or not _is_han(name[0]):
        return name
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[0]


def form_of_address(customer) -> str:
    """张先生 / 李女士 for an individual whose gender is known; 您 otherwise."""
    if customer is None or getattr(customer, "kind", "person") == "company":
        return "您"
    title = TITLES.get(getattr(customer, "gender", "") or "")
    family = surname(getattr(customer, "name", ""))
    return f"{family}{title}" if title and family else "您"


def _appointment(ticket) -> str:
    start = getattr(ticket, "appointment_start", None)
    if start is None:
        return ""
    start = timezone.localtime(start)
    text = f"{start.month}月{start.day}日 {start:%H:%M}"
    end = getattr(ticket, "appointment_end", None)
    if end is not None:
        end = timezone.localtime(end)
        text += (
            f"–{end:%H:%M}"
            if end.date() == start.date()
            else f"–{end.month}月{end.day}日 {end:%H:%M}"
        )
    return text


def _company() -> str:
    return str(parameter_value(COMPANY_PARAMETER) or "").strip() or COMPANY_DEFAULT


def _values(*, customer, ticket, agent) -> dict[str, str]:
    today = timezone.localdate()
    model = getattr(ticket, "product_model", None) if ticket is not None else None
    return {
        "客户称呼": form_of_address(customer),
        "客户姓名": (getattr(customer, "name", "") or "").strip() or "您",
        "坐席工号": (getattr(agent, "employee_no", "") or "").strip()
        or getattr(agent, "username", ""),
        "坐席姓名": (getattr(agent, "name", "") or "").strip()
        or getattr(agent, "get_full_name", lambda: "")()
        or getattr(agent, "username", ""),
        "服务单号": getattr(ticket, "number", "") if ticket is not None else "",
        "产品型号": str(model) if model is not None else "",
        "预约时间": _appointment(ticket) if ticket is not None else "",
        "公司名称": _company(),
        "当前日期": f"{today.year}年{today.month}月{today.day}日",
    }


def template_fill(*, template, customer=None, ticket=None, agent) -> Rendered:
    """The template's text with its variables filled, and the ones left as placeholders."""
    if customer is None and ticket is not None:
        customer = getattr(ticket, "customer", None)
    values = _values(customer=customer, ticket=ticket, agent=agent)
    missing: list[str] = []

    def fill(match: re.Match) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return value
        if name not in missing:
            missing.append(name)
        return match.group(0)

    return Rendered(VARIABLE.sub(fill, template.body), missing)


def template_render(*, template, customer=None, ticket=None, agent) -> str:
    """The template's text with its variables filled for this customer, ticket and agent."""
    return template_fill(template=template, customer=customer, ticket=ticket, agent=agent).text
