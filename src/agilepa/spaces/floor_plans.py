"""Floor plans of a hub: an image (PNG, JPEG) or an SVG drawing, on which HR places the seats
and the meeting rooms.

An uploaded file goes through the core's upload kit first (its kind decided by content, its
size limited, HTML/SVG with scripts or event handlers refused). An SVG is then rebuilt from an
allow-list: parsed with defusedxml refusing any document type declaration (so no entity bomb
and no external entity), and only drawing elements and presentation attributes kept; scripts,
event handlers, styles, foreign content and every reference outside the document (`href` to
another address, `url(` to another file) are dropped. The file is served through a
permission-checked view with a policy that forbids scripts, and shown through `<image>`, which
never runs them: three locks, each enough on its own."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from agilepa.core.uploads import KINDS, CheckedUpload, check_upload, parse_xml, store_upload
from agilepa.spaces.models import FloorPlan, Hub

MAX_PLAN_BYTES = 5 * 1024 * 1024
MAX_PLAN_PIXELS = 50_000_000  # a larger image is a decompression bomb, not a floor plan
PLAN_KINDS = frozenset({"png", "jpeg", "svg"})

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle",
        "ellipse", "line", "polyline", "polygon", "text", "tspan", "linearGradient",
        "radialGradient", "stop", "clipPath", "pattern", "marker",
    }
)  # fmt: skip
SVG_ATTRIBUTES = frozenset(
    {
        "id", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
        "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
        "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin",
        "stroke-dasharray", "stroke-miterlimit", "opacity", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "dominant-baseline", "offset", "stop-color",
        "stop-opacity", "preserveAspectRatio", "clip-path", "clip-rule", "gradientUnits",
        "gradientTransform", "patternUnits", "patternTransform", "markerWidth", "markerHeight",
        "refX", "refY", "orient", "marker-start", "marker-mid", "marker-end", "dx", "dy",
        "version",
    }
)  # fmt: skip
HREFS = {"href", f"{{{XLINK_NS}}}href"}
# A value that reaches outside the document or runs code: only `url(#id)` references stay.
_OUTSIDE = re.compile(r"url\(\s*['\"]?\s*[^#'\"\s]|javascript:|data:|expression\(", re.I)
_NUMBER = re.compile(r"^\s*([0-9.]+)")


@dataclass(frozen=True)
class PlanFile:
    """A checked floor plan ready to store: its content, kind and size in pixels (or SVG
    user units), whose ratio places the seats."""

    content: bytes
    kind: str
    width: float
    height: float


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        namespace, name = tag[1:].split("}", 1)
        return namespace, name
    return "", tag


def _clean_element(element: ElementTree.Element) -> None:
    for child in list(element):
        namespace, name = _local(child.tag) if isinstance(child.tag, str) else ("", "")
        if namespace not in (SVG_NS, "") or name not in SVG_ELEMENTS:
            element.remove(child)  # scripts, foreignObject, images, editors' metadata
            continue
        _clean_element(child)
    for attribute, value in list(element.attrib.items()):
        namespace, name = _local(attribute)
        keep = namespace == "" and name in SVG_ATTRIBUTES and not _OUTSIDE.search(value)
        if attribute in HREFS:
            keep = value.strip().startswith("#")  # a reference inside the drawing only
        if not keep:
            del element.attrib[attribute]


def sanitise_svg(data: bytes) -> bytes:
    """The SVG rebuilt from the allow-list. Raises ValidationError for a document with a
    type declaration (entities), a broken one, or one that is not an SVG drawing."""
    try:
        root = parse_xml(data)
    except DefusedXmlException as exc:
        raise ValidationError(
            _("The SVG file declares entities or a document type, which are not accepted.")
        ) from exc
    except ElementTree.ParseError as exc:
        raise ValidationError(_("The SVG file cannot be read: export it again.")) from exc
    if _local(root.tag) != (SVG_NS, "svg"):
        raise ValidationError(_("The file is not an SVG drawing."))
    _clean_element(root)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))


def _svg_size(svg: bytes) -> tuple[float, float]:
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own sanitised output, no DTD
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
        if width > 0 and height > 0:
            return width, height
    sizes = [_NUMBER.match(root.get(a, "")) for a in ("width", "height")]
    if all(sizes):
        width, height = (float(m.group(1)) for m in sizes if m)
        if width > 0 and height > 0:
            return width, height
    return 100.0, 100.0


def _image_size(data: bytes) -> tuple[float, float]:
    """The size read from the header only: the pixels are never decoded here."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The image cannot be read: export it again.")) from exc
    if width * height > MAX_PLAN_PIXELS:
        raise ValidationError(
            _("The image is %(w)d by %(h)d pixels: a floor plan needs far fewer.")
            % {"w": width, "h": height}
        )
    return float(width), float(height)


def check_plan(uploaded: IO[bytes]) -> PlanFile:
    """A floor plan upload checked (and an SVG sanitised), or ValidationError saying why not."""
    checked = check_upload(uploaded, allowed=PLAN_KINDS, max_bytes=MAX_PLAN_BYTES)
    uploaded.seek(0)
    data = uploaded.read()
    if checked.kind == "svg":
        clean = sanitise_svg(data)
        return PlanFile(clean, "svg", *_svg_size(clean))
    return PlanFile(data, checked.kind, *_image_size(data))


def store_plan(plan: PlanFile, original_name: str) -> str:
    """Save the checked plan under the media folder; its stored name."""
    checked = CheckedUpload(
        kind=plan.kind,
        mime=KINDS[plan.kind][1],
        size=len(plan.content),
        original_name=original_name,
    )
    return store_upload(ContentFile(plan.content), checked, folder="floor-plans").name


def add_floor_plan(hub: Hub, name: str, uploaded: IO[bytes]) -> FloorPlan:
    """HR's new plan of a floor of its hub, or a new file for a floor that has one (its seats
    keep their places)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the floor.")})
    try:
        plan = check_plan(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    stored = store_plan(plan, getattr(uploaded, "name", "") or name)
    floor, _created = FloorPlan.objects.update_or_create(
        hub=hub,
        name=name,
        defaults={"file": stored, "kind": plan.kind, "width": plan.width, "height": plan.height},
    )
    return floor
