"""Criteria a call can start from. The Provincia di Pavia Smart Working Award (a finalist of the
Politecnico di Milano's Smart Working Award 2022, PA category) judged a smart-working project on
flexibility, responsibility for results, equipment, cloud, training, adoption rate and
work-life balance. Its weights were not published: the defaults below are ours (results and the
three human-side criteria weigh most), and the organiser edits them when opening a call."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CriterionTemplate:
    name: str
    description: str
    weight: int


PAVIA = (
    CriterionTemplate(
        _("Flexibility"),
        _("Freedom given to people in choosing places, times and tools of work."),
        15,
    ),
    CriterionTemplate(
        _("Responsibility for results"),
        _("Work organised by objectives, with results measured and discussed."),
        20,
    ),
    CriterionTemplate(
        _("Equipment"),
        _("Mobile devices, connectivity and security given to the people who work remotely."),
        10,
    ),
    CriterionTemplate(
        _("Cloud"),
        _("Services, applications and data reachable in the cloud, with licences planned."),
        10,
    ),
    CriterionTemplate(
        _("Training"),
        _("Training that accompanies people in the digital transformation and agile work."),
        15,
    ),
    CriterionTemplate(
        _("Adoption rate"),
        _("Share of the staff who work in lavoro agile, against those who could."),
        15,
    ),
    CriterionTemplate(
        _("Work-life balance"),
        _("Effects on wellbeing and on the quality of life of the employees."),
        15,
    ),
)
TEMPLATES = {"pavia": PAVIA}
