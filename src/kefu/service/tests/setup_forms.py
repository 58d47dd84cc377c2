"""What the setup-page tests post: a form read the way a browser would post it, edited."""

from html.parser import HTMLParser

from django.urls import reverse

from kefu.service.models import Queue, SlaLevel

EDIT = reverse("service:workflow_edit", args=["complaint"])
DETAIL = reverse("service:workflow_detail", args=["complaint"])


class FormReader(HTMLParser):
    """What a browser would post for a form: named inputs, checked boxes, selected options."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.skip = form_id, False, 0
        self.select, self.pairs = None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "template":
            self.skip += 1
        if self.skip or ("name" not in a and tag != "option"):
            return
        if tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.pairs.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.pairs.append((self.select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "template" and self.inside:
            self.skip -= 1
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def browser_post_data(html: str, form_id: str) -> dict:
    reader = FormReader(form_id)
    reader.feed(html)
    data: dict = {}
    for name, value in reader.pairs:
        data.setdefault(name, []).append(value)
    return data


def add_state(data, *, code, name, category, **extra):
    i = int(data["states-TOTAL_FORMS"][0])
    data["states-TOTAL_FORMS"] = [str(i + 1)]
    row = {"code": code, "name": name, "name_en": "", "category": category, "ORDER": ""}
    data.update({f"states-{i}-{k}": [v] for k, v in (row | extra).items()})


def add_transition(data, *, code, name, sources, target, **extra):
    i = int(data["transitions-TOTAL_FORMS"][0])
    data["transitions-TOTAL_FORMS"] = [str(i + 1)]
    data.update(
        {
            f"transitions-{i}-code": [code],
            f"transitions-{i}-name": [name],
            f"transitions-{i}-sources": sources,
            f"transitions-{i}-target": [target],
        }
    )
    data.update({f"transitions-{i}-{k}": v for k, v in extra.items()})


def setup_pages():
    level = SlaLevel.objects.get(is_default=True)
    queue = Queue.objects.get(code="complaint")
    return [
        reverse("service:workflow_list"),
        DETAIL,
        EDIT,
        reverse("service:sla_list"),
        reverse("service:sla_create"),
        reverse("service:sla_edit", args=[level.pk]),
        reverse("service:queue_list"),
        reverse("service:queue_create"),
        reverse("service:queue_edit", args=[queue.pk]),
        reverse("service:setup_user_lookup") + "?q=agent",
    ]
