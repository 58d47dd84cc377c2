"""What one demo ticket is about: the customer, the product, the words, the per-type fields.

`case_draw` returns the values a ticket opens with (what an agent types into the desk form),
filled the way `ticket_create` fills them (contact, address and region from the customer, the
response-time level and priority from the entitlement hook), and the answer it will end with.
"""

import random
from dataclasses import dataclass, field

from kefu.accounts.models import User
from kefu.catalog.choices import DictKind
from kefu.catalog.models import ProductModel
from kefu.customers.models import Asset
from kefu.demo import generators as gen
from kefu.demo import service_content as sc
from kefu.demo.service_cast import Card, Cast
from kefu.service import sla
from kefu.service.choices import FIELD_TYPES, Channel, Priority, TicketType

PRIORITIES = {Priority.LOW: 10, Priority.NORMAL: 65, Priority.HIGH: 20, Priority.URGENT: 5}
SEVERITY_PRIORITY = {
    "minor": Priority.NORMAL,
    "normal": Priority.NORMAL,
    "serious": Priority.HIGH,
    "critical": Priority.URGENT,
}
CHANNELS = {
    Channel.PHONE_IN: 62,
    Channel.WEB: 10,
    Channel.IM: 8,
    Channel.EMAIL: 6,
    Channel.WALK_IN: 5,
    Channel.LETTER: 5,
    Channel.FAX: 1,
    Channel.PHONE_OUT: 3,
}
COMPLAINT_CHANNELS = {
    Channel.PHONE_IN: 60,
    Channel.LETTER: 12,
    Channel.EMAIL: 12,
    Channel.WEB: 10,
    Channel.WALK_IN: 6,
}
OUTBOUND_TYPES = {TicketType.FOLLOW_UP, TicketType.CARE}
ANONYMOUS_SHARE = 0.12  # consultations from callers who give no customer record
ASSET_SHARE = 0.85  # after-sales tickets about a product the customer has registered
SLOT_SHARE = 0.6  # installations and deliveries booked with a wished-for time


@dataclass
class Case:
    """A ticket's opening values, who registers it and how it will be answered."""

    fields: dict
    desk: User  # the agent who registers it
    field_user: User  # who records the outlet's steps
    resolution: str
    card: Card | None
    reasons: list[str] = field(default_factory=list)
    wants_slot: bool = False  # the customer asked for an appointment when calling


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def short_name(model: ProductModel) -> str:
    return sc.SHORT_NAMES.get(model.code, model.product_type.name)


def case_draw(cast: Cast, ticket_type: str) -> Case:
    rng = cast.rng
    card = _card(cast, ticket_type)
    new = ticket_type in (TicketType.INSTALLATION, TicketType.DELIVERY)

    def pick(key: str = "") -> tuple[ProductModel, Asset | None]:
        return _product(cast, card, key, new=new)

    texts = _TEXTS[ticket_type](rng, pick)
    asset = texts.pop("asset", None)
    resolution = texts.pop("resolution")
    category = texts.pop("complaint_category", None)
    words = texts.pop("fault_words", "")
    desk = cast.desk_agent(card.branch) if card else cast.user(f"agent{rng.randint(1, 6)}")
    fields = {
        "ticket_type": ticket_type,
        "priority": texts.pop("priority", None) or _priority(rng, ticket_type),
        "channel": _channel(rng, ticket_type),
        "customer": card.customer if card else None,
        "asset": asset,
        "serial_number": asset.serial_number if asset else "",
        "complaint_category": cast.categories.get(category) if category else None,
        **_contact(rng, card, ticket_type),
        **texts,
    }
    if ticket_type == TicketType.SUGGESTION:  # the agent files it under a feedback category
        code = sc.SUGGESTION_CATEGORIES.get(fields["subject"], "")
        fields["feedback_category"] = cast.codes.get((DictKind.FEEDBACK_CATEGORY, code))
    if words:  # a repair: the agent picks the phenomenon of the product's type
        product_type_id = fields["product_model"].product_type_id
        fields["fault_phenomenon"] = cast.faults.phenomenon(rng, product_type_id, words)
    level, fields["priority"], reasons = sla.effective_level_and_priority(
        customer=fields["customer"], ticket_type=ticket_type, priority=fields["priority"]
    )
    fields["sla_level"] = level
    return Case(
        fields=fields,
        desk=desk,
        field_user=cast.field_user(card),
        resolution=resolution,
        card=card,
        reasons=reasons,
        wants_slot=ticket_type in (TicketType.INSTALLATION, TicketType.DELIVERY)
        and rng.random() < SLOT_SHARE,
    )


def _card(cast: Cast, ticket_type: str) -> Card | None:
    """Who calls: for repairs mostly a customer with registered products; now and then an
    anonymous caller for a consultation."""
    rng = cast.rng
    after_sales = ticket_type in (TicketType.REPAIR, TicketType.RETURN_EXCHANGE)
    if after_sales and rng.random() < ASSET_SHARE:
        return rng.choice([card for card in cast.cards if card.assets])
    consult = ticket_type not in FIELD_TYPES | OUTBOUND_TYPES | {TicketType.COMPLAINT}
    if consult and rng.random() < ANONYMOUS_SHARE:
        return None
    return rng.choice(cast.cards)


def _product(cast: Cast, card: Card | None, key: str, *, new: bool):
    """A product matching `key` (a type or model code; "" for any): mostly one the customer has
    registered (after-sales work is about it), a new one for installations and deliveries."""

    def fits(model: ProductModel) -> bool:
        return not key or key in (model.code, model.product_type.code)

    owned = [a for a in (card.assets if card else []) if fits(a.product_model)]
    if owned and not new and cast.rng.random() < ASSET_SHARE:
        asset = cast.rng.choice(owned)
        return asset.product_model, asset
    return cast.rng.choice([m for m in cast.models if fits(m)]), None


def _priority(rng: random.Random, ticket_type: str) -> int:
    if ticket_type in OUTBOUND_TYPES:
        return Priority.LOW if rng.random() < 0.4 else Priority.NORMAL
    return _pick(rng, PRIORITIES)


def _channel(rng: random.Random, ticket_type: str) -> str:
    if ticket_type in OUTBOUND_TYPES:
        return Channel.PHONE_OUT
    return _pick(rng, COMPLAINT_CHANNELS if ticket_type == TicketType.COMPLAINT else CHANNELS)


def _contact(rng: random.Random, card: Card | None, ticket_type: str) -> dict:
    """Contact, address and region as `ticket_create` fills them from the customer."""
    if card is None:
        title = rng.choice(("先生", "女士"))
        surname = gen.person_name(rng, "m" if title == "先生" else "f")[0]
        return {"contact_name": surname + title, "contact_phone": gen.mobile(rng, set())}
    customer = card.customer
    values = {
        "contact_name": (customer.contact_person or customer.name)[:50],
        "contact_phone": card.phone,
        "region_id": card.region_id,
    }
    if ticket_type in FIELD_TYPES:
        values["address"] = card.address
    return values


# ---- the words, per ticket type -----------------------------------------------------------------


def _repair(rng, pick) -> dict:
    model, asset = pick()
    faults = sc.FAULTS.get(model.code) or sc.FAULTS[model.product_type.code]
    what, phenomenon, fixes = rng.choice(faults)
    short = short_name(model)
    return {
        "product_model": model,
        "asset": asset,
        "subject": f"{short}{what}",
        "fault_description": phenomenon,
        "fault_words": what,  # the taxonomy's phenomenon is looked up by them (case_draw)
        "description": f"客户反映{short}（{model.name}，型号{model.code}）{phenomenon}。"
        + rng.choice(sc.REPAIR_EXTRAS),
        "resolution": rng.choice(fixes),
    }


def _installation(rng, pick) -> dict:
    model, _asset = pick()
    return {
        "product_model": model,
        "subject": f"{short_name(model)}安装预约",
        "description": f"客户新购{model.name}（{model.code}），预约上门安装。"
        + rng.choice(sc.INSTALL_DETAILS),
        "resolution": rng.choice(sc.INSTALL_RESOLUTIONS),
    }


def _delivery(rng, pick) -> dict:
    model, _asset = pick()
    store, when = rng.choice(sc.STORES), rng.choice(sc.DELIVERY_WHEN)
    return {
        "product_model": model,
        "subject": f"{short_name(model)}送货上门",
        "description": f"客户在{store}购买{model.name}（{model.code}），要求{when}送货上门。",
        "order_reference": f"SO{rng.randrange(10**10):010d}",
        "resolution": rng.choice(sc.DELIVERY_RESOLUTIONS),
    }


def _return_exchange(rng, pick) -> dict:
    model, asset = pick()
    kind = rng.choice(("return", "exchange"))
    label = "退货" if kind == "return" else "换货"
    reason = rng.choice(sc.RETURN_REASONS)
    return {
        "product_model": model,
        "subject": f"{short_name(model)}{label}申请",
        "description": f"客户反映购买的{model.name}（{model.code}）{reason}，申请{label}。",
        "asset": asset,
        "return_kind": kind,
        "order_reference": f"SO{rng.randrange(10**10):010d}",
        "resolution": rng.choice(sc.RETURN_RESOLUTIONS[kind]),
    }


def _from_table(table):
    """Subject, description and answer from one row of `table`, naming the product if it asks."""

    def draw(rng, pick) -> dict:
        key, subject, description, answer = rng.choice(table)
        model, asset = pick(key) if "{" in subject + description else (None, None)
        names = {"short": short_name(model), "model": model.name} if model else {}
        return {
            "product_model": model,
            "asset": asset,
            "subject": subject.format(**names),
            "description": description.format(**names),
            "resolution": answer,
        }

    return draw


def _complaint(rng, pick) -> dict:
    subject, description, category, party, detail, severity, answer = rng.choice(sc.COMPLAINTS)
    model, asset = pick() if party == "product" else (None, None)
    return {
        "product_model": model,
        "asset": asset,
        "subject": subject,
        "description": description,
        "complaint_category": category,
        "responsible_party": party,
        "responsible_detail": detail,
        "severity": severity,
        "priority": SEVERITY_PRIORITY[severity],
        "resolution": answer,
    }


def _follow_up(rng, pick) -> dict:
    model, asset = pick()
    return {
        "product_model": model,
        "asset": asset,
        "subject": rng.choice(sc.FOLLOW_UPS).format(short=short_name(model)),
        "description": rng.choice(sc.FOLLOW_UP_DESCRIPTIONS),
        "resolution": rng.choice(sc.FOLLOW_UP_RESULTS),
    }


_TEXTS = {
    TicketType.REPAIR: _repair,
    TicketType.INSTALLATION: _installation,
    TicketType.DELIVERY: _delivery,
    TicketType.RETURN_EXCHANGE: _return_exchange,
    TicketType.GUIDANCE: _from_table(sc.GUIDANCE),
    TicketType.FAULT_CONSULT: _from_table(sc.FAULT_CONSULTS),
    TicketType.BUSINESS_CONSULT: _from_table(sc.BUSINESS_CONSULTS),
    TicketType.SUGGESTION: _from_table(sc.SUGGESTIONS),
    TicketType.COMPLAINT: _complaint,
    TicketType.FOLLOW_UP: _follow_up,
    TicketType.CARE: _from_table(sc.CARES),
}
