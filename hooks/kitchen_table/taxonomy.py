"""content/taxonomy.yml: grades, skills, settings and materials, each with a label per language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .schemas import validate
from .source import Document, read_document

GRADES = ("PK", "K", "1", "2", "3", "4", "5", "6", "7", "8")

Labels = Mapping[str, str]


def in_language(labels: Labels, language: str) -> str:
    """The label in `language`, or in English where it has not been translated yet."""
    return labels.get(language) or labels["en"]


@dataclass(frozen=True)
class Skill:
    id: str
    """`math` for an area, `math.counting` for a sub-skill."""
    area: str
    labels: Labels


@dataclass(frozen=True)
class Setting:
    id: str
    labels: Labels
    group: str
    """indoors, outdoors or on-the-go: what the filters offer."""


@dataclass(frozen=True)
class Material:
    id: str
    labels: Labels
    at_home: bool


@dataclass(frozen=True)
class ResourceCategory:
    id: str
    labels: Labels
    color: str
    """The map marker's colour, #rrggbb."""


RESOURCE_GROUPS = (
    "resource_categories",
    "resource_languages",
    "resource_documents",
    "resource_access",
)


@dataclass(frozen=True)
class Taxonomy:
    grades: Mapping[str, Labels]
    skills: Mapping[str, Skill]
    settings: Mapping[str, Setting]
    materials: Mapping[str, Material]
    resource_categories: Mapping[str, ResourceCategory] = field(default_factory=dict)
    resource_languages: Mapping[str, Labels] = field(default_factory=dict)
    """Languages a resource's staff speak, by ISO 639 code: the language's name per language."""
    resource_documents: Mapping[str, Labels] = field(default_factory=dict)
    resource_access: Mapping[str, Labels] = field(default_factory=dict)

    @property
    def areas(self) -> list[Skill]:
        return [skill for skill in self.skills.values() if skill.id == skill.area]


def read_taxonomy(file: Path, display_path: str, schema: Path) -> tuple[Document, Taxonomy | None]:
    """The taxonomy, or None when it has errors (they are in the returned document)."""

    doc = read_document(file, display_path)
    if doc.errors or not validate(doc, schema):
        return doc, None
    data = doc.data
    skills: dict[str, Skill] = {}
    for area, entry in data["skills"].items():
        skills[area] = Skill(area, area, entry["label"])
        for sub, labels in (entry.get("subskills") or {}).items():
            skills[f"{area}.{sub}"] = Skill(f"{area}.{sub}", area, labels)
    taxonomy = Taxonomy(
        grades={grade: data["grades"][grade] for grade in GRADES},
        skills=skills,
        settings={k: Setting(k, v["label"], v["group"]) for k, v in data["settings"].items()},
        materials={k: Material(k, v["label"], v["at_home"]) for k, v in data["materials"].items()},
        resource_categories={
            k: ResourceCategory(k, v["label"], v["color"])
            for k, v in (data.get("resource_categories") or {}).items()
        },
        resource_languages={
            k: v["label"] for k, v in (data.get("resource_languages") or {}).items()
        },
        resource_documents={
            k: v["label"] for k, v in (data.get("resource_documents") or {}).items()
        },
        resource_access={k: v["label"] for k, v in (data.get("resource_access") or {}).items()},
    )
    return doc, taxonomy


def missing_labels(doc: Document, languages: tuple[str, ...]) -> list[tuple[tuple, str]]:
    """Labels not yet translated into a site language: (location, language) pairs."""
    missing: list[tuple[tuple, str]] = []
    data = doc.data

    def check(labels: Labels, location: tuple) -> None:
        missing.extend((location, lang) for lang in languages if lang not in labels)

    for grade, labels in data["grades"].items():
        check(labels, ("grades", grade))
    for area, entry in data["skills"].items():
        check(entry["label"], ("skills", area, "label"))
        for sub, labels in (entry.get("subskills") or {}).items():
            check(labels, ("skills", area, "subskills", sub))
    for group in ("settings", "materials"):
        for key, entry in data[group].items():
            check(entry["label"], (group, key, "label"))
    for group in RESOURCE_GROUPS:
        for key, entry in (data.get(group) or {}).items():
            check(entry["label"], (group, key, "label"))
    return missing
