"""Small actions on the 360 page: add a phone, an address, a contact, an installed product."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.customers import services
from kefu.customers.choices import CustomerKind
from kefu.customers.forms import AddressAddForm, AssetForm, ContactForm, PhoneAddForm
from kefu.customers.selectors import customer_get, customer_visible_to


def _action(request, pk: int, form_class, title: str, apply):
    customer = customer_get(user=request.user, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            apply(customer, form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(customer.get_absolute_url())
        except ApplicationError as error:
            add_application_error(form, error)
    return render(
        request,
        "core/form_page.html",
        {
            "title": f"{customer.name} · {title}",
            "form": form,
            "cancel_url": customer.get_absolute_url(),
        },
    )


@login_required
@permission_required("customers.change_customer", raise_exception=True)
def phone_add(request, pk: int):
    return _action(
        request,
        pk,
        PhoneAddForm,
        _("Add phone"),
        lambda c, d: services.customer_phone_add(
            customer=c, raw=d["number"], label=d["label"], by=request.user
        ),
    )


@login_required
@permission_required("customers.change_customer", raise_exception=True)
def phone_remove(request, pk: int, phone_pk: int):
    customer = customer_get(user=request.user, pk=pk)
    if request.method == "POST":
        phone = get_object_or_404(customer.phones.all(), pk=phone_pk)
        services.customer_phone_remove(phone=phone, by=request.user)
        messages.success(request, _("The phone was removed."))
    return redirect(customer.get_absolute_url())


@login_required
@permission_required("customers.change_customer", raise_exception=True)
def address_add(request, pk: int):
    return _action(
        request,
        pk,
        AddressAddForm,
        _("Add address"),
        lambda c, d: services.customer_address_add(
            customer=c,
            region_code=d["region_code"],
            detail=d["detail"],
            label=d["label"],
            by=request.user,
        ),
    )


@login_required
@permission_required("customers.change_customer", raise_exception=True)
def asset_add(request, pk: int):
    return _action(
        request,
        pk,
        AssetForm,
        _("Register installed product"),
        lambda c, d: services.asset_register(
            customer=c,
            product_model=d["product_model"],
            serial_number=d["serial_number"],
            purchase_date=d["purchase_date"],
            by=request.user,
        ),
    )


def _link_contact(request, company, data):
    person = (
        customer_visible_to(request.user)
        .filter(code=data["person_code"].strip().upper(), kind=CustomerKind.PERSON)
        .first()
    )
    if person is None:
        raise ApplicationError(
            "contact.person_unknown",
            _("No such individual customer."),
            fields={"person_code": _("No individual customer has this code.")},
        )
    services.contact_link(
        company=company,
        person=person,
        title=data["title"],
        is_primary=data["is_primary"],
        by=request.user,
    )


@login_required
@permission_required("customers.change_customer", raise_exception=True)
def contact_add(request, pk: int):
    return _action(
        request, pk, ContactForm, _("Add contact"), lambda c, d: _link_contact(request, c, d)
    )
