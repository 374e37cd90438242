"""Full-text search of the library in Italian, on SQLite (FTS5 over Snowball stems) and on
PostgreSQL (the Italian tsvector): "regolamenti" finds "regolamento", in titles, summaries and
the text of PDF, DOCX and ODT files, and the index follows every change."""

from __future__ import annotations

import pytest

from agilepa.community import selectors, services
from agilepa.community.search import italian_stems
from agilepa.community.selectors import LibraryFilters
from tests.filebuilders import docx_bytes, odt_bytes, pdf_bytes, upload


def publish(community, **kwargs):
    fields = {
        "theme": community.tables["disciplina-regolamenti"],
        "title": "Materiale",
        "summary": "Un materiale della rete",
        "kind": "guide",
        "url": "https://www.example.it/materiale",
    }
    fields.update(kwargs)
    return services.publish_material(community.hr_a, **fields)


def found(access, query: str) -> list[int]:
    return [m.pk for m in selectors.library(access, LibraryFilters(query=query))]


def test_the_stemmer_joins_singular_and_plural():
    assert italian_stems("Regolamenti") == italian_stems("regolamento")
    assert italian_stems("spazi di coworking") == italian_stems("spazio di coworking")


def test_plural_query_finds_a_singular_title(community):
    material = publish(community, title="Regolamento per il lavoro agile")
    other = publish(community, title="Guida alla formazione", summary="Corsi per i dirigenti")
    result = found(community.hr_b, "regolamenti")
    assert material.pk in result
    assert other.pk not in result


def test_singular_query_finds_a_plural_summary(community):
    material = publish(community, summary="Raccolta dei regolamenti approvati dai comuni")
    assert found(community.hr_b, "regolamento") == [material.pk]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("testo.pdf", pdf_bytes("Disciplina delle postazioni condivise")),
        ("testo.docx", docx_bytes("Disciplina delle postazioni condivise")),
        ("testo.odt", odt_bytes("Disciplina delle postazioni condivise")),
    ],
)
def test_words_inside_the_file_are_found(community, name, data):
    material = publish(community, title="Allegato", file=upload(name, data))
    assert found(community.hr_b, "postazione condivisa") == [material.pk]


def test_every_word_must_match(community):
    publish(community, title="Regolamento smart working")
    assert found(community.hr_b, "regolamento coworking") == []


def test_operators_and_quotes_in_the_query_are_plain_words(community):
    material = publish(community, title="Regolamento AND NEAR")
    assert found(community.hr_b, 'regolamenti "AND" NEAR(') == [material.pk]
    assert found(community.hr_b, '"*') == []


def test_the_index_follows_edit_new_version_and_withdrawal(community):
    material = publish(community, title="Piano", text="prima stesura")
    assert found(community.hr_b, "stesura") == [material.pk]

    services.update_material(community.hr_a, material, title="Piano degli spazi")
    assert found(community.hr_b, "spazio") == [material.pk]

    services.add_version(
        community.hr_a, material, file=upload("v2.pdf", pdf_bytes("Hub di coworking"))
    )
    assert found(community.hr_b, "coworking") == [material.pk]
    # The old version's text is no longer what the material says.
    assert found(community.hr_b, "stesura") == []

    services.delete_material(community.hr_a, material)
    assert found(community.hr_b, "spazio") == []


def test_search_combines_with_the_filters(community):
    guide = publish(community, title="Regolamento commentato", kind="guide")
    model = publish(community, title="Regolamento tipo", kind="regulation")
    query = LibraryFilters(query="regolamenti", kind="regulation")
    assert [m.pk for m in selectors.library(community.hr_b, query)] == [model.pk]
    assert guide.pk in found(community.hr_b, "regolamenti")


def test_search_never_reveals_what_the_viewer_may_not_see(community):
    hidden = publish(community, title="Regolamento interno", visibility="body")
    assert found(community.hr_b, "regolamento") == []
    assert found(community.hr_a, "regolamento") == [hidden.pk]
