"""Pages of the strategies app: plans."""

urlpatterns: list = []
