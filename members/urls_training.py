"""URL patterns of the training pages, included by members/urls.py under "members"."""

urlpatterns: list = []
