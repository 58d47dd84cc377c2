"""Pages of the strategies app: care."""

urlpatterns: list = []
