"""ApplicationError: the one exception services raise for a refused business action.

A view, an API endpoint or a task never builds its own error text: it lets the error travel to the
one handler (pages: `core.middleware`, API: `kefu.api`), which renders `code`, `message` and
`fields` the same way everywhere.
"""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A business rule refused an action. `fields` maps a field name to its message."""

    status = 400

    def __init__(
        self, code: str, message=None, *, fields: dict | None = None, status: int = 400, **params
    ):
        self.code = code
        self.params = params
        self.fields = {k: str(v) for k, v in (fields or {}).items()}
        self.status = status
        text = message if message is not None else _("The request was refused.")
        self._message = text
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(self._message)
        try:
            return text.format(**self.params) if self.params else text
        except (KeyError, IndexError):
            return text

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
