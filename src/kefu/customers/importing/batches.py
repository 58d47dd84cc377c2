"""Writes and reads of customer imports: upload and check, apply, run; the batches a user sees.

`import_batch_create` keeps every row of a file on an ImportBatch; once checked (at once for a
small file, by `import_batch_check` in a job for a large one) the batch is in status preview, each
row valid or rejected with its reasons; no customer is created yet, and a malformed file writes
nothing.
`import_batch_apply` queues a batch once; its task calls `import_batch_run`, which creates each
valid row's customer through `customer_create` in its own savepoint, so that one bad row never
stops the others, and which marks the batch failed, with the error, when anything else breaks.

Transactions (spend) go through the same steps: `ImportKind` says, per kind of batch, which
columns a file has, how its rows are checked and how a valid row is applied.
"""

import dataclasses
import datetime
import hashlib
import logging
from collections.abc import Callable

from django.db import DataError, IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.accounts.scoping import scoped
from kefu.core.choices import ImportRowStatus, ImportStatus
from kefu.core.errors import ApplicationError
from kefu.core.models import ImportBatch, ImportRow
from kefu.core.services import audit_record
from kefu.customers.choices import GradeChangeSource
from kefu.customers.importing import transactions as transaction_rows
from kefu.customers.importing.checking import CheckedRow, check_rows, flag_duplicates, phone_owners
from kefu.customers.importing.reading import COLUMNS, Column, cell_text, read_table
from kefu.customers.services import customer_create
from kefu.customers.validation import CustomerData

logger = logging.getLogger(__name__)

KIND = "customers"
TRANSACTIONS = "transactions"
INLINE_CHECK_ROWS = 2000  # larger files are checked by a job
CHUNK = 200  # rows created per transaction: progress shows, other writers are not held up


def _stored(row: CheckedRow) -> dict:
    customer = dataclasses.asdict(row.data)
    customer["birth_date"] = row.data.birth_date.isoformat() if row.data.birth_date else None
    return {"cells": row.cells, "customer": customer, "phones": row.phones}


@dataclasses.dataclass(frozen=True)
class ImportKind:
    """What differs between imports: the file's columns, checking rows, applying a valid row."""

    code: str
    perm: str  # held by whoever uploads, previews and applies such a file
    columns: list[Column]
    check: Callable  # (titles, fields, body, *, user) -> rows with .line .cells .errors
    stored: Callable  # checked row -> ImportRow.data
    apply: Callable  # (ImportRows, *, by) -> None: sets each row's status, errors, object_id
    audit: str  # audit actions are "<audit>_upload", "<audit>_apply", "<audit>_done"
    no_rows: object = None


def _check(titles, fields, body, *, user) -> list[CheckedRow]:
    rows = check_rows(titles=titles, fields=fields, body=body)
    flag_duplicates(rows, user=user)
    return rows


def _apply_customers(rows: list[ImportRow], *, by) -> None:
    owners = phone_owners(
        user=by, numbers={n for r in rows for n in r.data.get("phones", {}).values()}
    )
    for row in rows:
        _create_one(row, by=by, owners=owners)


KINDS = {
    KIND: ImportKind(
        KIND,
        "customers.import_customers",
        COLUMNS,
        _check,
        _stored,
        _apply_customers,
        "customer.import",
    ),
    TRANSACTIONS: ImportKind(
        TRANSACTIONS,
        "customers.add_transaction",
        transaction_rows.COLUMNS,
        transaction_rows.check_rows,
        transaction_rows.stored,
        transaction_rows.apply_rows,
        "transaction.import",
        transaction_rows.NO_ROWS,
    ),
}


def import_kind(code: str) -> ImportKind:
    if code not in KINDS:
        raise ApplicationError("import.kind", _("Unknown kind of import."))
    return KINDS[code]


def import_batch_create(*, kind: str = KIND, filename: str, content: bytes, by) -> ImportBatch:
    """Read a whole file and keep every row; a malformed file writes nothing.

    A file of up to INLINE_CHECK_ROWS rows is checked at once, so the preview follows the upload;
    a larger one is checked by a job (status checking), so that no request runs for minutes.
    """
    from kefu.customers.tasks import check_customer_import_task

    spec = import_kind(kind)
    titles, fields, body = read_table(
        filename=filename, content=content, columns=spec.columns, no_rows=spec.no_rows
    )
    checked = spec.check(titles, fields, body, user=by) if len(body) <= INLINE_CHECK_ROWS else None
    with transaction.atomic():  # short: the checking above holds no write lock
        batch = ImportBatch.objects.create(
            kind=kind,
            filename=filename[:200],
            created_by=by,
            status=ImportStatus.CHECKING,
            file_sha256=hashlib.sha256(content).hexdigest(),
            columns=[[t, f] for t, f in zip(titles, fields, strict=True)],
            total_rows=len(body),
        )
        ImportRow.objects.bulk_create(
            [
                ImportRow(
                    batch=batch,
                    line_no=line,
                    data={"raw": [cell_text(c) for c in cells]},
                    status=ImportRowStatus.PENDING,
                )
                for line, cells in body
            ]
            if checked is None
            else [_row_of(batch, r, spec) for r in checked],
            batch_size=1000,
        )
        if checked is None:
            check_customer_import_task(batch_id=batch.pk)  # sent to the consumers on commit
        else:
            _mark_checked(batch, checked)
        audit_record(
            actor=by,
            action=f"{spec.audit}_upload",
            obj=batch,
            changes={"filename": batch.filename, "rows": len(body)},
        )
    return batch


def _row_of(batch: ImportBatch, row, spec: ImportKind) -> ImportRow:
    return ImportRow(
        batch=batch,
        line_no=row.line,
        data=spec.stored(row),
        errors=row.errors,
        status=ImportRowStatus.REJECTED if row.errors else ImportRowStatus.VALID,
    )


def _mark_checked(batch: ImportBatch, rows: list[CheckedRow]) -> None:
    rejected = sum(1 for r in rows if r.errors)
    batch.status = ImportStatus.PREVIEW
    batch.valid_rows, batch.rejected_rows = len(rows) - rejected, rejected
    batch.save(update_fields=["status", "valid_rows", "rejected_rows", "updated_at"])


def import_batch_check(*, batch_id: int) -> None:
    """The check job of a large file: every pending row checked, then the batch is previewable."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.CHECKING).first()
    if batch is None:  # already checked: a repeated message does nothing
        return
    try:
        pending = list(import_row_list(batch=batch, status=ImportRowStatus.PENDING))
        titles = [t for t, _f in batch.columns]
        fields = [f for _t, f in batch.columns]
        body = [(r.line_no, r.data["raw"]) for r in pending]
        spec = import_kind(batch.kind)
        checked = spec.check(titles, fields, body, user=batch.created_by)
        with transaction.atomic():  # rows replaced whole: far faster than a bulk update
            import_row_list(batch=batch, status=ImportRowStatus.PENDING).delete()
            ImportRow.objects.bulk_create(
                [_row_of(batch, c, spec) for c in checked], batch_size=1000
            )
            _mark_checked(batch, checked)
    except Exception as exc:  # the batch must not stay "checking" for ever
        logger.exception("checking import %s failed", batch_id)
        _fail(batch_id, exc)


def _fail(batch_id: int, exc: Exception) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportStatus.FAILED,
        error=f"{type(exc).__name__}: {exc}"[:2000],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


@transaction.atomic
def import_batch_apply(*, batch: ImportBatch, by) -> ImportBatch:
    """Queue the creation of a previewed batch's valid rows; once only, by its uploader."""
    from kefu.customers.tasks import apply_customer_import_task

    if batch.created_by_id != by.pk:
        raise ApplicationError(
            "import.not_yours",
            _("Only the person who uploaded this file can import it."),
            status=403,
        )
    applied = ApplicationError(
        "import.applied", _("This file has already been imported."), status=409
    )
    if batch.status != ImportStatus.PREVIEW:
        raise applied
    if not batch.valid_rows:
        raise ApplicationError("import.nothing_valid", _("This file has no valid row to import."))
    moved = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.QUEUED, updated_at=timezone.now()
    )
    if not moved:  # applied meanwhile, in another request
        raise applied
    batch.status = ImportStatus.QUEUED
    audit_record(
        actor=by,
        action=f"{import_kind(batch.kind).audit}_apply",
        obj=batch,
        changes={"valid_rows": batch.valid_rows},
    )
    apply_customer_import_task(batch_id=batch.pk)  # in the ledger now, sent on commit
    return batch


def _customer_data_of(row: ImportRow) -> CustomerData:
    stored = dict(row.data["customer"])
    birth = stored.pop("birth_date")
    return CustomerData(**stored, birth_date=datetime.date.fromisoformat(birth) if birth else None)


def _create_one(row: ImportRow, *, by, owners: dict[str, str]) -> None:
    taken = {
        f: _("This phone already belongs to customer {code}.").format(code=owners[n])
        for f, n in row.data.get("phones", {}).items()
        if n in owners
    }
    if taken:  # someone entered the customer after the preview
        row.status, row.errors = ImportRowStatus.REJECTED, taken
        return
    try:
        with transaction.atomic():
            customer = customer_create(
                data=_customer_data_of(row), by=by, grade_source=GradeChangeSource.IMPORT
            )
    except ApplicationError as exc:
        row.status, row.errors = ImportRowStatus.REJECTED, exc.fields or {"row": exc.message}
    except (IntegrityError, DataError) as exc:
        row.status, row.errors = (
            ImportRowStatus.REJECTED,
            {"row": _("The database refused this row: {error}").format(error=exc)},
        )
    else:
        row.status, row.object_id = ImportRowStatus.IMPORTED, str(customer.pk)


@transaction.atomic
def _apply_chunk(batch: ImportBatch, rows: list[ImportRow]) -> None:
    import_kind(batch.kind).apply(rows, by=batch.created_by)
    for row in rows:
        row.save(update_fields=["status", "errors", "object_id"])  # faster than bulk_update
    imported = sum(1 for r in rows if r.status == ImportRowStatus.IMPORTED)
    failed = len(rows) - imported
    ImportBatch.objects.filter(pk=batch.pk).update(
        imported_rows=F("imported_rows") + imported,
        valid_rows=F("valid_rows") - failed,
        rejected_rows=F("rejected_rows") + failed,
        updated_at=timezone.now(),
    )


def import_batch_run(*, batch_id: int) -> None:
    """The task's body: create the customers of a queued batch; a crash marks the batch failed."""
    # Running too: the job ledger lets one worker at a time run a batch, and the run after a
    # crash carries on with the rows still valid (each chunk commits with its rows' status).
    started = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING, updated_at=timezone.now())
    if not started:  # already run, or not applied: a repeated message does nothing
        return
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    last = 0
    try:
        while rows := list(
            ImportRow.objects.filter(
                batch=batch, status=ImportRowStatus.VALID, line_no__gt=last
            ).order_by("line_no")[:CHUNK]
        ):
            _apply_chunk(batch, rows)
            last = rows[-1].line_no
    except Exception as exc:  # whatever it was, the batch must not stay "running" for ever
        logger.exception("import %s failed", batch_id)
        _fail(batch_id, exc)
        return
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )
    batch.refresh_from_db()
    audit_record(
        actor=batch.created_by,
        action=f"{import_kind(batch.kind).audit}_done",
        obj=batch,
        changes={"imported": batch.imported_rows, "rejected": batch.rejected_rows},
    )


def import_batch_visible_to(user, *, kinds=(KIND,)) -> QuerySet[ImportBatch]:
    """Imports of `kinds` the user uploaded; all of them with the see-all-customers permission."""
    return scoped(
        ImportBatch.objects.filter(kind__in=kinds),
        user,
        view_all_perm="customers.view_all_customers",
        org_field=None,
        owner_field="created_by",
    )


def import_batch_get(*, user, pk: int) -> ImportBatch:
    """A customer or transaction import the user sees (whose kind's permission they hold)."""
    kinds = [code for code, spec in KINDS.items() if user.has_perm(spec.perm)]
    batch = (
        import_batch_visible_to(user, kinds=kinds)
        .select_related("created_by")
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def import_row_list(*, batch: ImportBatch, status: str = "") -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(batch=batch).order_by("line_no")
    return rows.filter(status=status) if status else rows


def import_batch_titles(*, batch: ImportBatch) -> list[str]:
    """The column titles of the batch's file that map to a field, as uploaded."""
    return [title for title, field in batch.columns if field]


def import_row_reason(row: ImportRow) -> str:
    """A row's reasons in one line, each under its column's title: "手机: …；出生日期: …"."""
    titles = {field: title for title, field, _text in row.data.get("cells", [])}
    labels = {c.field: str(c.label) for c in COLUMNS + transaction_rows.COLUMNS}
    return "；".join(
        message if field == "row" else f"{titles.get(field) or labels.get(field, field)}: {message}"
        for field, message in row.errors.items()
    )
