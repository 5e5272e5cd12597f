from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lawtrail.api"
    label = "api"
