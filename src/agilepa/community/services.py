"""Writes of the community, each validated and in a transaction: publishing materials and their
versions, reusing them, joining tables, registering people, and the coordinator's tables and
meetings."""

from __future__ import annotations

from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements.models import DocumentTemplate, Regulation
from agilepa.community import search as fulltext
from agilepa.community import selectors
from agilepa.community.models import (
    DEFAULT_TABLES,
    Licence,
    Material,
    MaterialKind,
    MaterialVersion,
    MaturityDimension,
    Meeting,
    MeetingRegistration,
    Reuse,
    Table,
    TableBody,
    TableMember,
    Visibility,
)
from agilepa.core.access import Access, PermissionDeniedForRole, can_coordinate
from agilepa.core.links import check_link
from agilepa.core.models import User
from agilepa.core.uploads import DOCUMENT_KINDS, check_upload, extract_text, store_upload
from agilepa.org.models import Network, Person

MATERIAL_FILE_KINDS = DOCUMENT_KINDS | {"png", "jpeg"}


# --- tables seeded on every network --------------------------------------------------------------


def seed_tables(network: Network) -> list[Table]:
    """The four tables of the issue, on a network that lacks them (idempotent)."""
    created = []
    for name, slug in DEFAULT_TABLES:
        table, made = Table.objects.get_or_create(
            network=network, slug=slug, defaults={"name": name}
        )
        if made:
            created.append(table)
    return created


def seed_tables_of_new_network(
    sender: type, instance: Network, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        seed_tables(instance)


# --- the library ---------------------------------------------------------------------------------


def _require_hr(access: Access) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole


def require_author(access: Access, material: Material) -> None:
    _require_hr(access)
    if material.author_body_id != access.body.pk:
        raise PermissionDeniedForRole


def _validate_fields(access: Access, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    theme = fields.get("theme")
    if theme is not None and not selectors.tables_for(access).filter(pk=theme.pk).exists():
        errors["theme"] = _(
            "The theme must be a table of a network your body is an active member of."
        )
    if "kind" in fields and fields["kind"] not in MaterialKind.values:
        errors["kind"] = _("Choose a kind from the list.")
    if "licence" in fields and fields["licence"] not in Licence.values:
        errors["licence"] = _("Choose a licence from the list.")
    if "visibility" in fields and fields["visibility"] not in Visibility.values:
        errors["visibility"] = _("Choose public, network or body.")
    unknown = set(fields.get("dimensions") or []) - set(MaturityDimension.values)
    if unknown:
        errors["dimensions"] = _("Unknown dimensions: %(d)s.") % {"d": ", ".join(sorted(unknown))}
    if "url" in fields:
        try:
            check_link(str(fields["url"]), "url")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if "title" in fields and not str(fields["title"]).strip():
        errors["title"] = _("Give the material a title.")
    if "summary" in fields and not str(fields["summary"]).strip():
        errors["summary"] = _("Write a short summary: it is what people find in a search.")
    if errors:
        raise ValidationError(errors)


def refresh_search(material: Material) -> None:
    version = selectors.current_version(material)
    text = version.content_text if version else ""
    material.search_document = "\n".join([material.title, material.summary, text])
    Material.objects.filter(pk=material.pk).update(search_document=material.search_document)
    fulltext.index_material(material.pk, material.search_document)


def _new_version(
    access: Access,
    material: Material,
    *,
    file: IO[bytes] | None,
    text: str,
    note: str,
    stored_files: list[str],
) -> MaterialVersion:
    last = (
        MaterialVersion.objects.select_for_update()
        .filter(material=material)
        .order_by("-number")
        .first()
    )
    version = MaterialVersion(
        material=material,
        number=(last.number + 1) if last else 1,
        text=text.strip(),
        note=note.strip(),
        created_by_id=access.user_id,
    )
    if file is not None:
        try:
            checked = check_upload(
                file, allowed=MATERIAL_FILE_KINDS, max_bytes=settings.MATERIAL_MAX_BYTES
            )
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        stored = store_upload(file, checked, folder=f"materials/{material.author_body_id}")
        stored_files.append(stored.name)
        version.file.name = stored.name
        version.original_name = stored.original_name
        version.mime = stored.mime
        version.file_kind = stored.kind
        version.size = stored.size
        version.extracted_text = extract_text(stored.name, stored.kind)
    version.save()
    return version


def _forget_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def publish_material(
    access: Access,
    *,
    theme: Table,
    title: str,
    summary: str,
    kind: str,
    licence: str = Licence.CC_BY,
    visibility: str = Visibility.NETWORK,
    dimensions: list[str] | None = None,
    url: str = "",
    file: IO[bytes] | None = None,
    text: str = "",
    note: str = "",
) -> Material:
    """HR publishes a material of its body: a file, a text or a link (at least one)."""
    _require_hr(access)
    fields = {
        "theme": theme,
        "title": title,
        "summary": summary,
        "kind": kind,
        "licence": licence,
        "visibility": visibility,
        "dimensions": dimensions or [],
    }
    _validate_fields(access, {**fields, "url": url})
    if file is None and not text.strip() and not url.strip():
        raise ValidationError({"file": _("Attach a file, write the text or give a link.")})
    stored: list[str] = []
    try:
        with transaction.atomic():
            material = Material.objects.create(
                author_body=access.body,
                url=url.strip(),
                created_by_id=access.user_id,
                **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
            )
            if file is not None or text.strip():
                _new_version(access, material, file=file, text=text, note=note, stored_files=stored)
            refresh_search(material)
    except Exception:
        _forget_files(stored)
        raise
    return material


def update_material(access: Access, material: Material, **fields: Any) -> Material:
    """The author body's HR changes the description (not the content: that is a new version)."""
    require_author(access, material)
    allowed = {"theme", "title", "summary", "kind", "licence", "visibility", "dimensions", "url"}
    fields = {k: v for k, v in fields.items() if k in allowed}
    _validate_fields(access, fields)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(material, name, value.strip() if isinstance(value, str) else value)
        material.save()
        refresh_search(material)
    return material


def add_version(
    access: Access,
    material: Material,
    *,
    file: IO[bytes] | None = None,
    text: str = "",
    note: str = "",
) -> MaterialVersion:
    """A new file or text makes a new version; the old ones stay downloadable."""
    require_author(access, material)
    if file is None and not text.strip():
        raise ValidationError({"file": _("Attach the new file or write the new text.")})
    stored: list[str] = []
    try:
        with transaction.atomic():
            version = _new_version(
                access, material, file=file, text=text, note=note, stored_files=stored
            )
            material.save(update_fields=["updated_at"])
            refresh_search(material)
    except Exception:
        _forget_files(stored)
        raise
    return version


def delete_material(access: Access, material: Material) -> None:
    """The author body withdraws a material; its files go once the deletion is committed."""
    require_author(access, material)
    names = [v.file.name for v in material.versions.all() if v.file]
    pk = material.pk
    with transaction.atomic():
        material.meetings.clear()
        material.delete()
        fulltext.unindex_material(pk)
        transaction.on_commit(lambda: _forget_files(names))


def record_download(material: Material) -> None:
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)


def reuse_material(access: Access, material: Material) -> Reuse:
    """Copy a model Regolamento (as a draft Regulation) or a model agreement (into the body's
    document template) into the user's own body, linked to the material and its version.
    Only the body's HR may reuse; the material must be visible to the body."""
    _require_hr(access)
    if not selectors.visible_materials(access).filter(pk=material.pk).exists():
        raise PermissionDeniedForRole
    if not material.is_reusable:
        raise ValidationError(
            _("Only a Regolamento or a model agreement can be reused; download the others.")
        )
    version = selectors.current_version(material)
    if version is None or not version.content_text.strip():
        raise ValidationError(
            _("This material has no text to copy (a link, or a file without text): download it.")
        )
    today = timezone.localdate()
    source = _("From the library: “%(title)s” by %(body)s, version %(v)d, %(licence)s.") % {
        "title": material.title,
        "body": material.author_body.name,
        "v": version.number,
        "licence": material.get_licence_display(),
    }
    with transaction.atomic():
        reuse = Reuse(
            material=material, version=version, body=access.body, created_by_id=access.user_id
        )
        if material.kind == MaterialKind.REGULATION:
            last = (
                Regulation.objects.select_for_update()
                .filter(body=access.body)
                .order_by("-version")
                .first()
            )
            reuse.regulation = Regulation.objects.create(
                body=access.body,
                version=(last.version + 1) if last else 1,
                title=material.title[:200],
                adopted_on=today,
                effective_from=today,
                act_reference=source[:200],
                allowed_places=list(last.allowed_places) if last else ["home"],
                text=version.content_text,
                is_draft=True,
                created_by_id=access.user_id,
            )
        else:
            template, _made = DocumentTemplate.objects.select_for_update().get_or_create(
                body=access.body
            )
            reuse.replaced_text = template.clauses
            template.clauses = f"{version.content_text.strip()}\n\n{source}"
            template.save(update_fields=["clauses", "updated_at"])
            reuse.document_template = template
        reuse.save()
    return reuse


# --- tables: bodies and people ------------------------------------------------------------------


def join_table(access: Access, table: Table, today: date | None = None) -> TableBody:
    _require_hr(access)
    if not selectors.tables_for(access).filter(pk=table.pk).exists():
        raise PermissionDeniedForRole
    joined, _made = TableBody.objects.get_or_create(
        table=table, body=access.body, defaults={"joined_on": today or timezone.localdate()}
    )
    return joined


def leave_table(access: Access, table: Table) -> None:
    """The body leaves; its people leave with it (their past attendance stays counted)."""
    _require_hr(access)
    with transaction.atomic():
        TableMember.objects.filter(table=table, person__body=access.body).delete()
        TableBody.objects.filter(table=table, body=access.body).delete()


def _own_person(access: Access, person_id: int | None) -> Person:
    try:
        return Person.objects.get(pk=person_id, body=access.body, is_active=True)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"person_id": _("Choose an active person of your body.")}) from None


def register_table_member(access: Access, table: Table, person_id: int | None) -> TableMember:
    """HR registers one of its people on a table (the body joins it too, if it had not)."""
    _require_hr(access)
    person = _own_person(access, person_id)
    with transaction.atomic():
        join_table(access, table)
        member, _made = TableMember.objects.get_or_create(
            table=table,
            person=person,
            defaults={"joined_on": timezone.localdate(), "registered_by_id": access.user_id},
        )
    return member


def register_for_meeting(
    access: Access, meeting: Meeting, person_id: int | None = None
) -> MeetingRegistration:
    """A person registers for a meeting of a table their body joined; HR may register any of
    its people. Nobody registers for a cancelled or past meeting."""
    if person_id is None or (access.person_id is not None and person_id == access.person_id):
        if access.person_id is None:
            raise ValidationError({"person_id": _("Choose the person to register.")})
        person_id = access.person_id
    elif not access.is_hr:
        raise PermissionDeniedForRole
    person = _own_person(access, person_id)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("This meeting is over: registrations are closed."))
    if not selectors.body_has_joined(access.body, meeting.table):
        raise ValidationError(
            _("%(body)s has not joined the table “%(table)s”: its HR office joins it first.")
            % {"body": access.body.name, "table": meeting.table.name}
        )
    registration, _made = MeetingRegistration.objects.get_or_create(
        meeting=meeting, person=person, defaults={"registered_by_id": access.user_id}
    )
    return registration


def cancel_registration(access: Access, meeting: Meeting, person_id: int | None = None) -> None:
    person_id = person_id or access.person_id
    if person_id != access.person_id and not access.is_hr:
        raise PermissionDeniedForRole
    person = _own_person(access, person_id)
    MeetingRegistration.objects.filter(meeting=meeting, person=person).delete()


# --- the coordinator's side -----------------------------------------------------------------------


def _require_coordinator(user: User, network: Network) -> None:
    if not can_coordinate(user, network):
        raise PermissionDenied(_("Only the network's coordinator may do this."))


def save_table(
    user: User, network: Network, *, name: str, description: str = "", table: Table | None = None
) -> Table:
    from django.utils.text import slugify

    _require_coordinator(user, network)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the table a name.")})
    clash = Table.objects.filter(network=network, name__iexact=name)
    if table is not None:
        clash = clash.exclude(pk=table.pk)
    if clash.exists():
        raise ValidationError({"name": _("The network already has a table of that name.")})
    with transaction.atomic():
        if table is None:
            base = slugify(name)[:50] or "tavolo"
            slug, n = base, 1
            while Table.objects.filter(network=network, slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            table = Table(network=network, slug=slug)
        table.name = name
        table.description = description.strip()
        table.save()
    return table


def _validate_meeting(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if not fields.get("title", "").strip():
        errors["title"] = _("Give the meeting a title.")
    if isinstance(starts, datetime) and isinstance(ends, datetime) and ends <= starts:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not fields.get("place", "").strip() and not fields.get("online_url", "").strip():
        errors["place"] = _("Give a place, an online link, or both.")
    try:
        check_link(str(fields.get("online_url", "")), "online_url")
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)


MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "agenda", "minutes")


def schedule_meeting(user: User, table: Table, **fields: Any) -> Meeting:
    _require_coordinator(user, table.network)
    data = {k: fields.get(k, "") for k in MEETING_FIELDS}
    _validate_meeting(data)
    with transaction.atomic():
        meeting = Meeting(table=table, **data)
        meeting.full_clean(exclude=["table"])
        meeting.save()
    return meeting


def update_meeting(
    user: User, meeting: Meeting, *, outputs: list[int] | None = None, **fields: Any
) -> Meeting:
    """Change a meeting: its details, the minutes, the cancellation and the outputs (materials
    shared with the network)."""
    network = meeting.table.network
    _require_coordinator(user, network)
    data = {k: fields.get(k, getattr(meeting, k)) for k in MEETING_FIELDS}
    _validate_meeting(data)
    with transaction.atomic():
        for name, value in data.items():
            setattr(meeting, name, value)
        if "is_cancelled" in fields:
            meeting.is_cancelled = bool(fields["is_cancelled"])
        meeting.full_clean(exclude=["table"])
        meeting.save()
        if outputs is not None:
            allowed = selectors.materials_for_outputs(network).filter(pk__in=outputs)
            if allowed.count() != len(set(outputs)):
                raise ValidationError(
                    {"outputs": _("An output must be a material shared with the network.")}
                )
            meeting.outputs.set(allowed)
    return meeting


def record_attendance(user: User, meeting: Meeting, attended_ids: list[int]) -> int:
    """After the meeting, mark who attended among the registered: the others did not."""
    _require_coordinator(user, meeting.table.network)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    registrations = meeting.registrations.all()
    unknown = set(attended_ids) - set(registrations.values_list("person_id", flat=True))
    if unknown:
        raise ValidationError(
            {"person_ids": _("Only registered people can be marked as attending.")}
        )
    with transaction.atomic():
        registrations.update(attended=False)
        return registrations.filter(person_id__in=attended_ids).update(attended=True)
