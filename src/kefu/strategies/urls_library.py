"""Pages of the strategies app: library."""

urlpatterns: list = []
