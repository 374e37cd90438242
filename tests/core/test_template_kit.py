"""The template kit: the body layout's breadcrumbs, the chart include and its one static script,
the pagination include (core/body_base.html, core/_chart.html, core/_pagination.html)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

import agilepa
from agilepa.core.charts import Series, chart_config
from tests.routes import site_routes
from tests.surveys.test_results import answered  # noqa: F401 (the answered survey fixture)

# Every page that draws a Chart.js chart.
CHART_PAGES = {
    "indicators:dashboard",
    "maturity:overview",
    "maturity:result",
    "measurement:body",
    "objectives:detail",
    "spaces:occupancy",
    "surveys:results",
}
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)


def inline_scripts(html: str) -> list[str]:
    """The <script> elements a browser would run that carry their code in the page: no src,
    and not a data block (json_script writes type="application/json")."""
    return [
        attributes
        for attributes in SCRIPT.findall(html)
        if "src=" not in attributes and 'type="application/json"' not in attributes
    ]


def crumbs(html: str) -> list[str]:
    trail = html.split('<ol class="breadcrumb">')[1].split("</ol>")[0]
    return re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>.*?</li>', trail, re.S)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


# --- breadcrumbs ---------------------------------------------------------------------------


def test_a_body_page_starts_its_breadcrumbs_with_the_body_and_marks_the_last_crumb(
    world, client
) -> None:
    client.force_login(world.users["hr_admin"])
    html = client.get(f"/b/{world.a.body.slug}/units/{world.a.service.pk}/").content.decode()
    items = crumbs(html)
    assert 'href="/"' in items[0]  # the site's home, from base.html
    assert f'href="/b/{world.a.body.slug}/"' in items[1] and world.a.body.name in items[1]
    assert f'href="/b/{world.a.body.slug}/units/"' in items[2]
    assert 'aria-current="page"' in items[-1] and "href=" not in items[-1]
    assert world.a.service.name in items[-1]
    assert sum('aria-current="page"' in item for item in items) == 1


def test_the_body_home_is_the_current_crumb_on_the_body_home(world, client) -> None:
    client.force_login(world.users["hr_admin"])
    items = crumbs(client.get(f"/b/{world.a.body.slug}/").content.decode())
    assert len(items) == 2
    assert 'aria-current="page"' in items[-1] and world.a.body.name in items[-1]


def test_no_page_writes_the_breadcrumb_markup_by_hand() -> None:
    templates = Path(agilepa.__file__).parent
    by_hand = [
        str(path.relative_to(templates))
        for path in templates.glob("*/templates/**/*.html")
        if "breadcrumb-item" in path.read_text() and path.name != "base.html"
    ]
    assert by_hand == []


# --- charts --------------------------------------------------------------------------------


def test_the_chart_include_writes_a_canvas_and_its_configuration_and_no_code() -> None:
    config = chart_config("line", ["01/2026", "02/2026"], [Series("Agile days", [10, None])])
    html = render_to_string(
        "core/_chart.html",
        {"id": "trend-chart", "config": config, "label": "Agile days", "caption": "See the table."},
    )
    assert '<canvas id="trend-chart"' in html and 'role="img"' in html
    assert 'aria-label="Agile days"' in html and "<figcaption" in html
    assert 'data-chart-config="trend-chart-data"' in html
    data = html.split('<script id="trend-chart-data" type="application/json">')[1]
    drawn = json.loads(data.split("</script>")[0])
    assert drawn["type"] == "line"
    assert drawn["data"]["labels"] == ["01/2026", "02/2026"]
    assert drawn["data"]["datasets"][0]["data"] == [10, None]
    assert inline_scripts(html) == []


def test_no_template_carries_inline_script() -> None:
    templates = Path(agilepa.__file__).parent
    inline = {
        str(path.relative_to(templates)): found
        for path in templates.glob("*/templates/**/*.html")
        if (found := inline_scripts(path.read_text()))
    }
    assert inline == {}


def test_the_policy_lets_no_inline_script_run(settings) -> None:
    script_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert script_src == ["'self'"]


def test_every_page_that_draws_a_chart_runs_no_inline_script(matrix, client) -> None:
    world, own, _foreign = matrix
    client.force_login(world.users["hr_admin"])
    seen = set()
    for template, name in site_routes():
        if name not in CHART_PAGES:
            continue
        seen.add(name)
        response = client.get("/" + own.fill(template), follow=True)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "core/charts.js" in html, name
        assert inline_scripts(html) == [], name
    assert seen == CHART_PAGES
    dashboard = client.get(f"/b/{world.a.body.slug}/indicators/").content.decode()
    assert 'data-chart-config="trend-chart-data"' in dashboard
    assert '<script id="trend-chart-data" type="application/json">' in dashboard


# --- pagination ----------------------------------------------------------------------------


def test_the_page_links_keep_the_filters_and_change_only_the_page() -> None:
    page = Paginator(range(120), 10).get_page(5)
    request = RequestFactory().get("/library/", {"q": "smart", "kind": "guide", "page": "5"})
    html = render_to_string("core/_pagination.html", {"page": page}, request=request)
    links = set(re.findall(r'href="([^"]*)"', html))
    assert "?q=smart&amp;kind=guide&amp;page=4" in links  # the previous page
    assert "?q=smart&amp;kind=guide&amp;page=6" in links  # the next page
    assert all("q=smart&amp;kind=guide&amp;page=" in link for link in links if "page=" in link)
    assert 'aria-label="Pages of the results"' in html
    assert re.search(r'aria-current="page"[^>]*>.*?5</a>', html, re.S)
    assert "…" in html  # the elided pages
    assert "hx-get" not in html


def test_the_page_links_load_through_htmx_only_where_the_page_asks() -> None:
    page = Paginator(range(30), 10).get_page(1)
    request = RequestFactory().get("/people/")
    html = render_to_string("core/_pagination.html", {"page": page, "htmx": True}, request=request)
    assert 'hx-get="?page=2"' in html


def test_a_single_page_has_no_pagination() -> None:
    page = Paginator(range(5), 10).get_page(1)
    html = render_to_string(
        "core/_pagination.html", {"page": page}, request=RequestFactory().get("/")
    )
    assert html.strip() == ""


def test_each_survey_chart_carries_its_own_configuration(world, answered) -> None:  # noqa: F811
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users["observer"])
    html = client.get(
        f"/b/{world.a.body.slug}/surveys/campaigns/{answered.pk}/results/"
    ).content.decode()
    canvases = re.findall(r'<canvas id="(chart-[^"]+)"[^>]*data-chart-config="([^"]+)"', html)
    assert canvases
    for canvas_id, config_id in canvases:
        assert config_id == canvas_id + "-data"
        data = html.split(f'<script id="{config_id}" type="application/json">')[1]
        config = json.loads(data.split("</script>")[0])
        assert config["type"] == "bar" and config["options"]["indexAxis"] == "y"
        assert config["data"]["labels"] and sum(config["data"]["datasets"][0]["data"]) > 0
    assert inline_scripts(html) == []
