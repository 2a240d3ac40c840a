from django.apps import AppConfig


class ToolingConfig(AppConfig):
    """The product's own tooling: demo data, benchmark and load test. No models; it builds on
    every other app and nothing builds on it."""

    name = "tooling"
