"""Customer pages: list and search, create/edit with duplicate warning, the 360 view, delete."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.catalog.selectors import region_full_name, region_list
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.core.listing import Column, ListPageView
from kefu.core.services import audit_record
from kefu.customers import services
from kefu.customers.forms import CustomerFilterForm, CustomerForm
from kefu.customers.grades import grade_badge, grade_name, grades_by_code
from kefu.customers.panels import customer_panels
from kefu.customers.selectors import (
    customer_duplicates,
    customer_get,
    customer_list,
    phone_display,
)


def _grade(grades: dict):
    return lambda c: grade_badge(c.grade, grades)


def _phones(user):
    return lambda c: "，".join(phone_display(user, p.number) for p in c.phones.all())


class CustomerListView(ListPageView):
    title = gettext_lazy("Customers")
    view_perm = "customers.view_customer"
    export_perm = "customers.export_customers"
    create_perm = "customers.add_customer"
    create_url = reverse_lazy("customers:create")
    filter_form_class = CustomerFilterForm
    default_sort = "-id"
    export_name = "customers"
    template_name = "customers/list.html"

    @property
    def columns(self):
        user = self.request.user
        return [
            Column("code", gettext_lazy("Customer code"), sort="code"),
            Column("name", gettext_lazy("Name"), sort="name"),
            Column("kind", gettext_lazy("Type")),
            Column("phones", gettext_lazy("Phones"), value=_phones(user)),
            Column(
                "region",
                gettext_lazy("Region"),
                value=lambda c: region_full_name(c.region_id),
            ),
            Column("grade", gettext_lazy("Grade"), sort="grade", value=_grade(grades_by_code())),
            Column(
                "org_unit",
                gettext_lazy("Owning unit"),
                value=lambda c: c.org_unit.name if c.org_unit_id else "",
            ),
            Column(
                "created_at",
                gettext_lazy("Created"),
                sort="id",
                value=lambda c: c.created_at.date(),
            ),
        ]

    def get_queryset(self, filters):
        return customer_list(user=self.request.user, **filters)

    def export_columns(self):
        # the grade's name, not its badge's HTML
        grades = grades_by_code()
        plain = Column("grade", gettext_lazy("Grade"), value=lambda c: grade_name(c.grade, grades))
        return [plain if c.key == "grade" else c for c in super().export_columns()]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("export") in ("csv", "xlsx"):
            audit_record(
                actor=request.user,
                action="customer.export",
                object_type="customers",
                changes={"filters": request.GET.dict()},
            )
        return response


def _form_page(request, form, *, title, customer=None, duplicates=None):
    if not duplicates:  # the "save anyway" box only makes sense beside a duplicate warning
        form.fields["confirm_duplicate"].widget = forms.HiddenInput()
    return render(
        request,
        "customers/form.html",
        {
            "title": title,
            "form": form,
            "customer": customer,
            "duplicates": duplicates or [],
            "cancel_url": customer.get_absolute_url()
            if customer
            else reverse_lazy("customers:list"),
        },
    )


@login_required
@permission_required("customers.add_customer", raise_exception=True)
def customer_create(request):
    # a screen pop with an unknown caller opens this page with ?mobile= prefilled
    mobile = request.GET.get("mobile", "").strip()[:20]
    initial = {"mobile": mobile} if mobile.lstrip("+").replace("-", "").isdigit() else {}
    form = CustomerForm(request.POST or None, user=request.user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        duplicates = customer_duplicates(
            user=request.user, name=data.name, phones=[data.mobile, data.phone]
        )
        if not duplicates or form.cleaned_data["confirm_duplicate"]:
            try:
                customer = services.customer_create(data=data, by=request.user)
                messages.success(
                    request, _("Customer {name} was created.").format(name=customer.name)
                )
                return redirect(customer.get_absolute_url())
            except ApplicationError as error:
                add_application_error(form, error)
    return _form_page(request, form, title=_("New customer"), duplicates=duplicates)


def _initial(customer) -> dict:
    phones = list(customer.phones.all())
    mobile = next((p.number for p in phones if p.kind == "mobile"), "")
    fixed = next((p.number for p in phones if p.kind == "fixed"), "")
    address = next((a for a in customer.addresses.all() if a.is_default), None)
    initial = {name: getattr(customer, name) for name in services.PLAIN_FIELDS}
    initial.update(
        {
            "code": customer.code,
            "mobile": mobile.removeprefix("+86"),
            "phone": fixed.removeprefix("+86"),
            "org_unit": customer.org_unit_id or "",
            "region_code": address.region_id if address else "",
            "address": address.detail if address else "",
            "tags": ", ".join(t.name for t in customer.tags.all()),
        }
    )
    return initial


@login_required
@permission_required("customers.change_customer", raise_exception=True)
def customer_edit(request, pk: int):
    customer = customer_get(user=request.user, pk=pk)
    form = CustomerForm(request.POST or None, user=request.user, initial=_initial(customer))
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        duplicates = customer_duplicates(
            user=request.user,
            name=data.name,
            phones=[data.mobile, data.phone],
            exclude_pk=customer.pk,
        )
        if not duplicates or form.cleaned_data["confirm_duplicate"]:
            try:
                services.customer_update(
                    customer=customer,
                    data=data,
                    by=request.user,
                    version=int(request.POST.get("version", 0)),
                )
                messages.success(request, _("Saved."))
                return redirect(customer.get_absolute_url())
            except ApplicationError as error:
                add_application_error(form, error)
    return _form_page(
        request, form, title=_("Edit customer"), customer=customer, duplicates=duplicates
    )


@login_required
@permission_required("customers.view_customer", raise_exception=True)
def customer_detail(request, pk: int):
    customer = customer_get(user=request.user, pk=pk)
    audit_record(
        actor=request.user, action="customer.view", obj=customer, ip=request.META.get("REMOTE_ADDR")
    )
    user = request.user
    return render(
        request,
        "customers/detail.html",
        {
            "title": customer.name,
            "customer": customer,
            "phones": [(p, phone_display(user, p.number)) for p in customer.phones.all()],
            "addresses": list(customer.addresses.all()),
            "contacts": list(customer.contacts.all()),
            "companies": list(customer.contact_of.all()),
            "assets": list(customer.assets.all()),
            "tags": list(customer.tags.all()),
            "can_change": user.has_perm("customers.change_customer"),
            "can_delete": user.has_perm("customers.delete_customer"),
            "panels": customer_panels(request, customer),
        },
    )


@login_required
@permission_required("customers.delete_customer", raise_exception=True)
@require_POST
def customer_delete(request, pk: int):
    customer = customer_get(user=request.user, pk=pk)
    services.customer_delete(customer=customer, by=request.user)
    messages.success(request, _("Customer {name} was deleted.").format(name=customer.name))
    return redirect("customers:list")


@login_required
def region_lookup(request):
    """Districts for the region picker (Tom Select): [{"value", "text"}]."""
    regions = region_list(user=request.user, q=request.GET.get("q", "").strip(), level=3)[:30]
    return JsonResponse({"results": [{"value": r.code, "text": r.full_name} for r in regions]})
