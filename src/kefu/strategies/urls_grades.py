"""Pages of the strategies app: grades."""

urlpatterns: list = []
