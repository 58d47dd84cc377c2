"""Pages of the strategies app: needs."""

urlpatterns: list = []
