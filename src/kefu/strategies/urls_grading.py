"""Pages of the strategies app: grading."""

urlpatterns: list = []
