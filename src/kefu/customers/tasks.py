"""Jobs of the customers app. Thin: they load by id and call one service."""

from huey.contrib.djhuey import db_task

from kefu.customers.importing import import_batch_check, import_batch_run


@db_task()
def apply_customer_import_task(*, batch_id: int) -> None:
    import_batch_run(batch_id=batch_id)


@db_task()
def check_customer_import_task(*, batch_id: int) -> None:
    import_batch_check(batch_id=batch_id)
