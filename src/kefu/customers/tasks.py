"""Jobs of the customers app. Thin: they load by id and call one service.

Both commit in steps (a large file would otherwise hold the database for minutes), so they are not
atomic jobs: each step records its progress on the batch and its rows, and a run that follows a
crash carries on from the last committed step (ADR 0004).
"""

from kefu.core.job_runner import job
from kefu.customers.importing import import_batch_check, import_batch_run


@job(atomic=False)
def apply_customer_import_task(*, batch_id: int) -> None:
    import_batch_run(batch_id=batch_id)


@job(atomic=False)
def check_customer_import_task(*, batch_id: int) -> None:
    import_batch_check(batch_id=batch_id)
