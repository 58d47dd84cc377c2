"""Import pages: upload, preview, apply, progress and result, rejected rows, template.

Customers and transactions (spend) share every page but the upload and the template: a batch's
kind decides the permission it needs (`importing.KINDS`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kefu.core.choices import ImportRowStatus, ImportStatus
from kefu.core.errors import ApplicationError
from kefu.core.exports import XLSX, export_response, xlsx_bytes
from kefu.core.forms import add_application_error
from kefu.core.services import audit_record
from kefu.customers import importing
from kefu.customers.importing import transactions as transaction_rows

PERM = "customers.import_customers"
TRANSACTION_PERM = "customers.add_transaction"
PREVIEW_ROWS = 200
EXAMPLE = {
    "kind": gettext_lazy("individual"),
    "name": "张三",
    "mobile": "13800138000",
    "phone": "010-62345678",
    "address": "北京市海淀区中关村大街1号",
    "email": "zhangsan@example.com",
    "gender": gettext_lazy("male"),
    "birth_date": "1987-01-09",
    "occupation": "工程师",
    "hobbies": "摄影",
    "notes": "老客户",
    "tags": "VIP、经销商",
    "grade": "金卡",
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV, with a header row; at most 50,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )


def _guarded(view, perm: str = PERM):
    return login_required(permission_required(perm, raise_exception=True)(view))


def _upload(request, kind: str, title: str):
    spec = importing.import_kind(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = importing.import_batch_create(
                kind=kind,
                filename=upload.name,
                content=upload.read(importing.MAX_BYTES + 1),
                by=request.user,
            )
            return redirect("customers:import_detail", pk=batch.pk)
        except ApplicationError as error:
            add_application_error(form, error)
    batches = importing.import_batch_visible_to(request.user, kinds=(kind,))
    return render(
        request,
        "customers/import_upload.html",
        {
            "title": title,
            "kind": kind,
            "form": form,
            "submit_label": _("Upload and check"),
            "cancel_url": "/customers/",
            "columns": [str(c.label) for c in spec.columns],
            "required": [str(c.label) for c in spec.columns if c.required],
            "batches": batches.select_related("created_by")[:10],
        },
    )


@_guarded
def import_upload(request):
    return _upload(request, importing.KIND, _("Import customers"))


@login_required
@permission_required((PERM, TRANSACTION_PERM), raise_exception=True)
def transaction_import_upload(request):
    """Transactions (spend) from the sales system: the same checks, preview and rejected rows."""
    return _upload(request, importing.TRANSACTIONS, _("Import transactions"))


def _cells(row, titles: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """A row's (text, error) per column, and the errors that belong to no column."""
    cells = row.data.get("cells", [])
    placed = {field for _title, field, _text in cells}
    shown = [(text, row.errors.get(field, "")) for _title, field, text in cells]
    shown += [("", "")] * (len(titles) - len(shown))
    return shown, [message for field, message in row.errors.items() if field not in placed]


@_guarded
def import_detail(request, pk: int):
    batch = importing.import_batch_get(user=request.user, pk=pk)
    if request.headers.get("HX-Request"):
        response = render(request, "customers/import_status.html", {"batch": batch})
        if batch.status in (ImportStatus.PREVIEW, ImportStatus.DONE, ImportStatus.FAILED):
            response["HX-Refresh"] = "true"  # the whole page then shows the result
        return response
    only_rejected = request.GET.get("only") == "rejected" or batch.status != ImportStatus.PREVIEW
    titles = importing.import_batch_titles(batch=batch)
    rows = importing.import_row_list(
        batch=batch, status=ImportRowStatus.REJECTED if only_rejected else ""
    )[:PREVIEW_ROWS]
    if batch.status == ImportStatus.CHECKING:
        rows = []
    return render(
        request,
        "customers/import_detail.html",
        {
            "title": _("Import of {filename}").format(filename=batch.filename),
            "batch": batch,
            "new_import": "customers:transaction_import"
            if batch.kind == importing.TRANSACTIONS
            else "customers:import",
            "titles": titles,
            "rows": [(row, *_cells(row, titles)) for row in rows],
            "only_rejected": only_rejected,
            "preview_rows": PREVIEW_ROWS,
            "can_apply": (
                batch.status == ImportStatus.PREVIEW
                and batch.valid_rows > 0
                and batch.created_by_id == request.user.pk
            ),
        },
    )


@_guarded
@require_POST
def import_apply(request, pk: int):
    batch = importing.import_batch_get(user=request.user, pk=pk)
    importing.import_batch_apply(batch=batch, by=request.user)
    messages.success(request, _("The import has started; this page shows its progress."))
    return redirect("customers:import_detail", pk=batch.pk)


@_guarded
def import_rejected(request, pk: int, fmt: str):
    """The rejected rows as uploaded, with a reason column: fix them and upload the file again."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    batch = importing.import_batch_get(user=request.user, pk=pk)
    audit_record(
        actor=request.user,
        action="customer.import_rejected_export",
        obj=batch,
        ip=request.META.get("REMOTE_ADDR"),
    )
    rows = importing.import_row_list(batch=batch, status=ImportRowStatus.REJECTED)
    return export_response(
        fmt=fmt,
        filename=f"rejected-rows-{batch.pk}",
        headers=[*importing.import_batch_titles(batch=batch), str(importing.REASON)],
        rows=(
            [
                *(text for _title, _field, text in row.data["cells"]),
                importing.import_row_reason(row),
            ]
            for row in rows.iterator(chunk_size=2000)
        ),
    )


@_guarded
def import_template(request):
    """An .xlsx with the header row and one example row."""
    content = xlsx_bytes(
        headers=[str(c.label) for c in importing.COLUMNS],
        rows=[[str(EXAMPLE.get(c.field, "")) for c in importing.COLUMNS]],
        title=_("Customers"),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="customer-import-template.xlsx"'
    return response


@login_required
@permission_required((PERM, TRANSACTION_PERM), raise_exception=True)
def transaction_import_template(request):
    """An .xlsx with the transaction columns and one example row."""
    columns = transaction_rows.COLUMNS
    content = xlsx_bytes(
        headers=[str(c.label) for c in columns],
        rows=[[str(transaction_rows.EXAMPLE.get(c.field, "")) for c in columns]],
        title=_("Transactions"),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="transaction-import-template.xlsx"'
    return response
