from django.urls import path, register_converter

from agilepa.indicators import views


class Choice:
    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Kind(Choice):
    regex = "network|body"


class Format(Choice):
    regex = "csv|json"


register_converter(Kind, "odkind")
register_converter(Format, "odfmt")

app_name = "indicators"
B = "b/<slug:body>/indicators"
urlpatterns = [
    path(f"{B}/", views.dashboard, name="dashboard"),
    path(f"{B}/refresh/", views.refresh, name="refresh"),
    path(f"{B}/declared/", views.declared, name="declared"),
    path(f"{B}/targets/", views.targets, name="targets"),
    path(f"{B}/benchmark/", views.benchmark, name="benchmark"),
    path(f"{B}/benchmark/opt-in/", views.opt_in, name="opt_in"),
    path(f"{B}/benchmark/open-data/", views.open_data_opt_in, name="open_data_opt_in"),
    path("networks/<slug:network>/indicators/", views.network_indicators, name="network"),
    path(
        "open-data/indicators/<odkind:scope_kind>/<slug:scope_slug>/<int:year>.<odfmt:fmt>",
        views.open_data,
        name="open_data",
    ),
]
