"""Forms of the customer pages. They parse input only; rules live in validation.py/services.py."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.accounts.scoping import org_units_visible_to
from kefu.catalog.models import ProductModel, Region
from kefu.catalog.selectors import province_choices
from kefu.customers.choices import CustomerKind, Gender
from kefu.customers.grades import grades_by_code
from kefu.customers.models import Tag
from kefu.customers.validation import CustomerData


def grade_choices(current: str = "") -> list[tuple[str, str]]:
    """Active grades, best first, plus the `current` one even when it is no longer active."""
    return [(g.code, g.name) for g in grades_by_code().values() if g.is_active or g.code == current]


class CustomerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"col": "col-md-3", "placeholder": _("name, code, phone, last digits, pinyin")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All"))] + CustomerKind.choices
    )
    grade = forms.ChoiceField(label=_("Grade"), required=False)
    region = forms.ChoiceField(label=_("Province"), required=False)
    tag = forms.ModelChoiceField(
        label=_("Tag"), required=False, queryset=Tag.objects.all(), empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All")), *province_choices()]
        self.fields["grade"].choices = [("", _("All"))] + grade_choices()

    def clean_tag(self):
        tag = self.cleaned_data.get("tag")
        return tag.pk if tag else None


class CustomerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=CustomerKind.choices, initial=CustomerKind.PERSON
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Customer code"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to have one generated."),
    )
    mobile = forms.CharField(label=_("Mobile phone"), max_length=30, required=False)
    phone = forms.CharField(
        label=_("Fixed phone"),
        max_length=30,
        required=False,
        help_text=_("With area code, e.g. 0335-6666666"),
    )
    region_code = forms.ChoiceField(
        label=_("Region (district)"),
        required=False,
        widget=forms.Select(attrs={"data-tom-select": "1"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_(
            "Street and number; or the whole address, which is parsed when no region is chosen."
        ),
    )
    org_unit = forms.ChoiceField(label=_("Owning unit"), required=False)
    grade = forms.ChoiceField(label=_("Grade"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    main_business = forms.CharField(
        label=_("Main business"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"data-kind": "company"}),
    )
    contact_person = forms.CharField(
        label=_("Contact person"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"data-kind": "company"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", "—")] + Gender.choices,
        widget=forms.Select(attrs={"data-kind": "person"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "data-kind": "person"}),
    )
    occupation = forms.CharField(
        label=_("Occupation"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"data-kind": "person"}),
    )
    hobbies = forms.CharField(
        label=_("Hobbies"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"data-kind": "person"}),
    )
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
    )
    confirm_duplicate = forms.BooleanField(
        label=_("I checked the possible duplicates: save anyway"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = org_units_visible_to(user)
        self.fields["org_unit"].choices = [("", "—")] + [(u.pk, str(u)) for u in units]
        selected = self.data.get("region_code") or self.initial.get("region_code")
        choices = [("", _("Type to search a district"))]
        chosen = Region.objects.filter(code=selected).first() if selected else None
        if chosen:
            choices.append((chosen.code, chosen.full_name))
        self.fields["region_code"].choices = choices
        self.fields["region_code"].widget.attrs["data-url"] = reverse("customers:regions")
        current = self.initial.get("grade") or ""
        self.fields["grade"].choices = [("", "—")] + grade_choices(current)
        if current and not user.has_perm("customers.override_grade"):
            # grading runs set it; changing it by hand is a manager's override
            self.fields["grade"].disabled = True
            self.fields["grade"].help_text = _("Set by grading runs.")

    def clean_region_code(self):
        return self.cleaned_data.get("region_code") or ""

    def to_data(self) -> CustomerData:
        c = self.cleaned_data
        return CustomerData(
            kind=c["kind"],
            name=c["name"],
            code=c.get("code", ""),
            mobile=c.get("mobile", ""),
            phone=c.get("phone", ""),
            region_code=c.get("region_code", ""),
            address=c.get("address", ""),
            email=c.get("email", ""),
            grade=c.get("grade", ""),
            main_business=c.get("main_business", ""),
            contact_person=c.get("contact_person", ""),
            gender=c.get("gender", ""),
            birth_date=c.get("birth_date"),
            occupation=c.get("occupation", ""),
            hobbies=c.get("hobbies", ""),
            notes=c.get("notes", ""),
            tags=[t for t in c.get("tags", "").replace("，", ",").split(",") if t.strip()],
            org_unit_id=int(c["org_unit"]) if c.get("org_unit") else None,
        )


class PhoneAddForm(forms.Form):
    number = forms.CharField(label=_("Phone"), max_length=30)
    label = forms.CharField(label=_("Label"), max_length=20, required=False)


class AddressAddForm(forms.Form):
    region_code = forms.CharField(label=_("Region code"), max_length=6, required=False)
    detail = forms.CharField(label=_("Address"), max_length=200)
    label = forms.CharField(label=_("Label"), max_length=20, required=False)


class AssetForm(forms.Form):
    product_model = forms.ModelChoiceField(
        label=_("Product model"), queryset=ProductModel.objects.filter(is_active=True)
    )
    serial_number = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    purchase_date = forms.DateField(
        label=_("Purchase date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ContactForm(forms.Form):
    person_code = forms.CharField(label=_("Person's customer code"), max_length=30)
    title = forms.CharField(label=_("Position"), max_length=50, required=False)
    is_primary = forms.BooleanField(label=_("Main contact"), required=False)
