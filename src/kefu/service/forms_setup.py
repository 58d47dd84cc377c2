"""Forms of the service setup pages. They parse input only; the rules live in the services
(`workflow_save` with `workflows.definition_check`, `services.setup`)."""

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kefu.accounts.roles import ROLES
from kefu.service.choices import AssignStrategy, Priority, QueueKind, StateCategory, TicketType
from kefu.service.models import Ticket
from kefu.service.selectors_setup import (
    queue_breach_choices,
    queue_member_choices,
    queue_org_unit_choices,
)
from kefu.service.services.setup import TARGET_PARTS, QueueData, SlaLevelData, target_key
from kefu.service.workflows import TRANSITION_FIELDS

SMALL = {"class": "form-control-sm"}
STATE_CODE = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lower-case letters, digits and '_', starting with a letter.")
)


def role_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _chinese) in ROLES.items()]


def field_choices() -> list[tuple[str, str]]:
    return [(name, Ticket._meta.get_field(name).verbose_name) for name in TRANSITION_FIELDS]


# ----- workflow editor ------------------------------------------------------------------------


class StateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, validators=[STATE_CODE])
    name = forms.CharField(label=_("Chinese name"), max_length=50)
    name_en = forms.CharField(label=_("English name"), max_length=50, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *StateCategory.choices])
    arrival = forms.BooleanField(label=_("Arrival on site"), required=False)


class TransitionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, validators=[STATE_CODE])
    name = forms.CharField(label=_("Name"), max_length=50)
    name_en = forms.CharField(label=_("English name"), max_length=50, required=False)
    sources = forms.MultipleChoiceField(
        label=_("From"),
        widget=forms.SelectMultiple(attrs={"data-tom-select": "", "data-states": "many", **SMALL}),
    )
    target = forms.ChoiceField(label=_("To"), widget=forms.Select(attrs={"data-states": "one"}))
    roles = forms.MultipleChoiceField(
        label=_("Roles allowed"),
        required=False,
        help_text=_("None chosen: every role that may change tickets."),
        widget=forms.SelectMultiple(attrs={"data-tom-select": "", **SMALL}),
    )
    required_fields = forms.MultipleChoiceField(
        label=_("Required fields"),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-tom-select": "", **SMALL}),
    )
    note_required = forms.BooleanField(label=_("Note required"), required=False)
    audit = forms.BooleanField(label=_("Audit step"), required=False)

    def __init__(self, *args, state_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = list(state_choices)
        self.fields["target"].choices = [("", "—"), *state_choices]
        self.fields["roles"].choices = role_choices()
        self.fields["required_fields"].choices = field_choices()


StateFormSet = forms.formset_factory(StateForm, extra=0, can_order=True, can_delete=True)
TransitionFormSet = forms.formset_factory(TransitionForm, extra=0, can_delete=True)


class WorkflowForm(forms.Form):
    base = forms.IntegerField(required=False, widget=forms.HiddenInput)  # the version edited
    initial = forms.ChoiceField(label=_("Initial state"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        widget=forms.TextInput(attrs={"col": "col-md-8"}),
        help_text=_("Saved with the new version; running tickets keep their version."),
    )

    def __init__(self, *args, state_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initial"].choices = list(state_choices)
        self.fields["initial"].widget.attrs.update({"col": "col-md-4", "data-states": "one"})


def _state_label(code, name) -> str:
    return f"{name} ({code})" if name else code


def state_choices_of(states: StateFormSet) -> list[tuple[str, str]]:
    """The states the page holds now (posted or initial), for the transition and initial selects."""
    choices = []
    for form in states.forms:
        if states.can_delete and form["DELETE"].value():
            continue
        code = (form["code"].value() or "").strip()
        if code and code not in dict(choices):
            choices.append((code, _state_label(code, (form["name"].value() or "").strip())))
    return choices


def workflow_forms(definition: dict, data=None, *, base: int | None = None):
    """The page's three forms, bound to `data` or filled from `definition` (of version `base`)."""
    states = StateFormSet(
        data,
        prefix="states",
        initial=None if data else [dict(s, ORDER=i) for i, s in enumerate(definition["states"], 1)],
    )
    choices = state_choices_of(states)
    transitions = TransitionFormSet(
        data,
        prefix="transitions",
        form_kwargs={"state_choices": choices},
        initial=None if data else [_transition_initial(t) for t in definition["transitions"]],
    )
    main = WorkflowForm(
        data,
        state_choices=choices,
        initial=None if data else {"initial": definition["initial"], "base": base},
    )
    return main, states, transitions


def _transition_initial(t: dict) -> dict:
    return {
        "code": t["code"],
        "name": t["name"],
        "name_en": t.get("name_en", ""),
        "sources": t["from"],
        "target": t["to"],
        "roles": t.get("roles", []),
        "required_fields": t.get("fields", []),
        "note_required": t.get("note_required", False),
        "audit": t.get("audit", False),
    }


def workflow_definition(main: WorkflowForm, states, transitions) -> dict:
    """The definition the three valid forms describe, in the shape `definition_check` takes."""
    state_rows = [
        {name: f.cleaned_data[name] for name in ("code", "name", "name_en", "category", "arrival")}
        for f in states.ordered_forms
    ]
    deleted = set(map(id, transitions.deleted_forms))
    transition_rows = [
        {
            "code": f.cleaned_data["code"],
            "name": f.cleaned_data["name"],
            "name_en": f.cleaned_data["name_en"],
            "from": f.cleaned_data["sources"],
            "to": f.cleaned_data["target"],
            "roles": f.cleaned_data["roles"],
            "fields": f.cleaned_data["required_fields"],
            "note_required": f.cleaned_data["note_required"],
            "audit": f.cleaned_data["audit"],
        }
        for f in transitions.forms
        if f.cleaned_data and id(f) not in deleted
    ]
    return {
        "initial": main.cleaned_data["initial"],
        "states": state_rows,
        "transitions": transition_rows,
    }


# ----- response-time levels -------------------------------------------------------------------


class SlaLevelForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=50)
    rank = forms.IntegerField(
        label=_("Rank"), min_value=0, initial=0, help_text=_("Higher ranks are tighter levels.")
    )
    is_default = forms.BooleanField(label=_("Default level"), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("code", "name", "rank", "is_default"):
            self.fields[name].widget.attrs["col"] = "col-md-3"
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Entitlements refer to the code; it cannot change.")
        for ticket_type in TicketType.values:
            for priority in Priority.values:
                for part in TARGET_PARTS:
                    self.fields[target_key(ticket_type, priority, part)] = forms.IntegerField(
                        required=False,
                        widget=forms.NumberInput(attrs={"min": 1, "step": 1}),
                    )

    @staticmethod
    def target_initial(level) -> dict:
        initial = {}
        for target in level.targets.all():
            for part, name in TARGET_PARTS.items():
                key = target_key(target.ticket_type, target.priority, part)
                initial[key] = getattr(target, name)
        return initial

    def level_data(self) -> SlaLevelData:
        data = self.cleaned_data
        return SlaLevelData(
            code=data["code"], name=data["name"], rank=data["rank"], is_default=data["is_default"]
        )

    def targets(self) -> list[dict]:
        return [
            {"ticket_type": tt, "priority": prio}
            | {
                name: self.cleaned_data.get(target_key(tt, prio, part))
                for part, name in TARGET_PARTS.items()
            }
            for tt in TicketType.values
            for prio in Priority.values
        ]

    def matrix(self) -> list[tuple[str, list[list]]]:
        """Rows of ticket types, one cell per priority: its three (bound input, label, hint)."""
        parts = [
            ("first", _("first response"), _("resp.")),
            ("arrival", _("arrival on site"), _("arr.")),
            ("resolution", _("resolution"), _("res.")),
        ]
        return [
            (
                label,
                [
                    [(self[target_key(tt, prio, part)], name, hint) for part, name, hint in parts]
                    for prio in Priority.values
                ],
            )
            for tt, label in TicketType.choices
        ]

    def main_fields(self):
        return [self[name] for name in ("code", "name", "rank", "is_default")]


# ----- queues ---------------------------------------------------------------------------------


class QueueForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), choices=QueueKind.choices)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=None, required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(
            attrs={
                "data-tom-select": "",
                "data-url": reverse_lazy("service:setup_user_lookup"),
                "col": "col-12",
            }
        ),
        help_text=_("Type a name or user name to add a member."),
    )
    strategy = forms.ChoiceField(label=_("Auto-assignment"), choices=AssignStrategy.choices)
    breach_queue = forms.ModelChoiceField(
        label=_("On SLA breach, move to"), queryset=None, required=False
    )
    ticket_types = forms.MultipleChoiceField(
        label=_("Default for ticket types"),
        choices=TicketType.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"data-tom-select": "", "col": "col-12"}),
        help_text=_("New tickets of these types go to this queue."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, queue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = queue_org_unit_choices(user)
        self.fields["breach_queue"].queryset = queue_breach_choices(queue=queue)
        users = queue_member_choices()
        self.fields["members"].queryset = users
        self.fields["members"].label_from_instance = member_label
        # Only the chosen members are rendered; Tom Select loads the others as one types.
        chosen = self._chosen_members()
        self.fields["members"].widget.choices = [
            (u.pk, member_label(u)) for u in users.filter(pk__in=chosen)
        ]

    def _chosen_members(self) -> list:
        if self.is_bound:
            raw = self.data.getlist(self.add_prefix("members"))
        else:
            raw = self.initial.get("members") or []
        return [int(v) for v in raw if str(v).isdigit()]

    def queue_data(self) -> QueueData:
        data = self.cleaned_data
        return QueueData(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            strategy=data["strategy"],
            org_unit=data["org_unit"],
            breach_queue=data["breach_queue"],
            members=list(data["members"]),
            ticket_types=list(data["ticket_types"]),
            is_active=data["is_active"],
        )

    @staticmethod
    def initial_of(queue) -> dict:
        return {
            "code": queue.code,
            "name": queue.name,
            "kind": queue.kind,
            "org_unit": queue.org_unit_id,
            "members": [u.pk for u in queue.members.all()],
            "strategy": queue.strategy,
            "breach_queue": queue.breach_queue_id,
            "ticket_types": queue.ticket_types or [],
            "is_active": queue.is_active,
        }


def member_label(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.username})" if full and full != user.username else user.username
