"""The app's URLs plus the framework's floor, for `manage.py bench` only."""

from django.shortcuts import render
from django.urls import include, path


def floor(request, size: int):
    """A minimal view rendering a template whose output is `size` bytes: what any Django page
    of that size costs on this machine, through the same middleware."""
    line = "Ratsanfragen " * 6
    return render(request, "tooling/bench_floor.html", {"lines": [line] * max(1, size // (len(line) + 7))})


urlpatterns = [
    path("__bench/floor/<int:size>/", floor),
    path("", include("config.urls")),
]
