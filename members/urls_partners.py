"""URL patterns of the partners pages, included by members/urls.py under "members"."""

urlpatterns: list = []
