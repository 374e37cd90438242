"""The notice's text: the shipped model with the body's details filled in, and a small,
safe rendering of its Markdown (headings, paragraphs, bulleted lists, **bold**). Everything is
escaped first: HR's text can never carry HTML or a script into the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agilepa.org.models import Body

from .registry import retention_placeholders

DATA = Path(__file__).parent / "data"
# Where the model leaves the body a decision it must take: publishing is refused while one is left.
TO_COMPLETE = re.compile(r"\[DA COMPLETARE[^\]]*\]")


@cache
def shipped_model() -> str:
    return (DATA / "informativa-modello.md").read_text(encoding="utf-8")


def placeholders(body: Body) -> dict[str, str]:
    address = ", ".join(p for p in (body.address, body.municipality) if p)
    return {
        "ente": body.name,
        "codice_ipa": f" (codice IPA {body.ipa_code})" if body.ipa_code else "",
        "indirizzo": address or "[DA COMPLETARE: indirizzo della sede legale]",
        **retention_placeholders(body),
    }


def model_for(body: Body) -> str:
    """The model notice with the body's name, IPA code, address and the retention terms in it.
    Only the named placeholders are replaced: braces elsewhere are left as they are."""
    text = shipped_model()
    for key, value in placeholders(body).items():
        text = text.replace("{" + key + "}", value)
    return text.strip()


def unfinished(text: str) -> list[str]:
    return TO_COMPLETE.findall(text)


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "h3", "p", "ul"
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """Markdown's headings (# is the page's title, shown one level below the page's h1),
    bulleted lists and paragraphs; a plain text without Markdown is paragraphs."""
    found: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            found.append(Block("p", (" ".join(paragraph),)))
            paragraph.clear()
        if items:
            found.append(Block("ul", tuple(items)))
            items.clear()

    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if not line:
            flush()
        elif heading:
            flush()
            found.append(Block("h2" if len(heading.group(1)) == 1 else "h3", (heading.group(2),)))
        elif re.match(r"^[-*]\s+", line):
            if paragraph:
                flush()
            items.append(re.sub(r"^[-*]\s+", "", line))
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return found


def inline(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escape(text))


def to_html(text: str) -> SafeString:
    parts = []
    for block in blocks(text):
        if block.kind == "ul":
            items = "".join(f"<li>{inline(item)}</li>" for item in block.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<{block.kind}>{inline(block.lines[0])}</{block.kind}>")
    # Every piece of text is escaped above: only our own tags are left unescaped.
    return mark_safe("\n".join(parts))
