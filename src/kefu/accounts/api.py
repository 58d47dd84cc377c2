"""API of accounts: who am I."""

from ninja import Router, Schema

from kefu.core.api_errors import errors

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    org_unit: str | None
    roles: list[str]


@router.get("/me", response={200: MeOut, **errors()})
def me(request):
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.username,
        name=user.name,
        org_unit=user.org_unit.name if user.org_unit_id else None,
        roles=sorted(user.role_codes()),
    )
