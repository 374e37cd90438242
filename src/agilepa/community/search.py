"""Full-text search of the library, in Italian, on both databases.

PostgreSQL: `to_tsvector('italian', search_document)` with a GIN expression index (migration
0002) and `websearch_to_tsquery('italian', …)`: the database stems ("regolamenti" and
"regolamento" both become "regol").

SQLite: FTS5's own stemmer (porter) is English-only, so the words are stemmed here with the
Snowball Italian stemmer, for the documents and the query alike, and an FTS5 table holds the
stemmed words (`community_material_fts`, kept in step by `index_material`/`unindex_material`,
called by the services on create, edit, new version and delete).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When

FTS_TABLE = "community_material_fts"
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("italian")


def italian_stems(text: str) -> list[str]:
    """The Snowball Italian stems of the words of `text`, lower-cased ("Regolamenti" → "regol")."""
    words = [w for w in _WORD.findall(text.lower()) if not w.isdigit() or len(w) > 1]
    return _stemmer().stemWords(words)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def create_index_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "CREATE INDEX IF NOT EXISTS community_material_search ON community_material USING gin"
            " (to_tsvector('italian'::regconfig, COALESCE(search_document, '')))"
        ]
    if vendor == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "material_id UNINDEXED, words, tokenize = 'unicode61 remove_diacritics 2')"
        ]
    return []


def drop_index_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return ["DROP INDEX IF EXISTS community_material_search"]
    if vendor == "sqlite":
        return [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
    return []


def index_material(material_id: int, document: str) -> None:
    """Replace the material's row of the SQLite index (PostgreSQL indexes the column itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE material_id = %s", [material_id])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (material_id, words) VALUES (%s, %s)",  # noqa: S608
            [material_id, " ".join(italian_stems(document))],
        )


def unindex_material(material_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE material_id = %s", [material_id])  # noqa: S608


def search(materials: QuerySet, query: str) -> QuerySet:
    """The materials matching every word of `query`, best first; all of them for a blank query."""
    query = query.strip()
    if not query:
        return materials
    if is_postgresql():
        vector = SearchVector("search_document", config="italian")
        tsquery = SearchQuery(query, config="italian", search_type="websearch")
        return (
            materials.annotate(search_rank=SearchRank(vector, tsquery))
            .annotate(search_vector=vector)
            .filter(search_vector=tsquery)
            .order_by("-search_rank", "-updated_at", "-pk")
        )
    stems = italian_stems(query)
    if not stems:
        return materials.none()
    # Each stem is a quoted FTS5 string: no operator of the user's text reaches the parser.
    match = " AND ".join('"' + stem.replace('"', "") + '"' for stem in stems)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT material_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank",  # noqa: S608
            [match],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return materials.none()
    order = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return materials.filter(pk__in=ids).annotate(search_rank=order).order_by("search_rank")
