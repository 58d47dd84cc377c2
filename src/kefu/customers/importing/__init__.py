"""Customer import from Excel (.xlsx) and CSV, with a preview, row-level errors and rejected rows.

`reading` turns a file into titled rows (or refuses it whole), `checking` finds every row's
problems, `batches` holds the services (upload, check, apply, run) and selectors of ImportBatch.
Transactions (spend) use the same batches: `transactions` holds their columns and row checks.
"""

from kefu.customers.importing.batches import (
    KIND,
    KINDS,
    TRANSACTIONS,
    import_batch_apply,
    import_batch_check,
    import_batch_create,
    import_batch_get,
    import_batch_run,
    import_batch_titles,
    import_batch_visible_to,
    import_kind,
    import_row_list,
    import_row_reason,
)
from kefu.customers.importing.reading import COLUMNS, MAX_BYTES, MAX_ROWS, REASON

__all__ = [
    "COLUMNS",
    "KIND",
    "KINDS",
    "MAX_BYTES",
    "MAX_ROWS",
    "REASON",
    "TRANSACTIONS",
    "import_batch_apply",
    "import_batch_check",
    "import_batch_create",
    "import_batch_get",
    "import_batch_run",
    "import_batch_titles",
    "import_batch_visible_to",
    "import_kind",
    "import_row_list",
    "import_row_reason",
]
