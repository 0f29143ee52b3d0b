"""The few neutral words Handout Kit adds itself (page numbers, footers), per language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Labels:
    page: str
    of: str
    reviewed: str
    by: str
    contact: str
    phone: str
    email: str
    website: str
    booking: str
    part: str  # "{title} ({n} of {m})" for a section continued over several slides
    months: tuple[str, ...]
    date_format: str  # with {day}, {month} and {year}

    def page_of(self) -> tuple[str, str]:
        return self.page, self.of

    def reviewed_line(self, when: str, who: str) -> str:
        return f"{self.reviewed} {when} {self.by} {who}"

    def date(self, when: date) -> str:
        """``when`` written out the way the language writes dates."""
        return self.date_format.format(
            day=when.day, month=self.months[when.month - 1], year=when.year
        )

    def continued(self, title: str, number: int, total: int) -> str:
        return self.part.format(title=title, n=number, m=total)


LABELS: dict[str, Labels] = {
    "en": Labels(
        page="Page",
        of="of",
        reviewed="Reviewed",
        by="by",
        contact="Contact us",
        phone="Phone",
        email="Email",
        website="Web",
        booking="Book online",
        part="{title} ({n} of {m})",
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        date_format="{month} {day}, {year}",
    ),
    "es": Labels(
        page="Página",
        of="de",
        reviewed="Revisado",
        by="por",
        contact="Contacto",
        phone="Teléfono",
        email="Correo",
        website="Web",
        booking="Reservar cita",
        part="{title} ({n} de {m})",
        months=(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        date_format="{day} de {month} de {year}",
    ),
    "fr": Labels(
        page="Page",
        of="sur",
        reviewed="Relu le",
        by="par",
        contact="Nous contacter",
        phone="Téléphone",
        email="Courriel",
        website="Site",
        booking="Prendre rendez-vous",
        part="{title} ({n} sur {m})",
        months=(
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        date_format="{day} {month} {year}",
    ),
    "de": Labels(
        page="Seite",
        of="von",
        reviewed="Geprüft am",
        by="von",
        contact="Kontakt",
        phone="Telefon",
        email="E-Mail",
        website="Web",
        booking="Termin buchen",
        part="{title} ({n} von {m})",
        months=(
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ),
        date_format="{day}. {month} {year}",
    ),
}


def labels_for(language: str) -> Labels | None:
    """Labels for ``language`` (``en``, ``es-MX``...), or None when there are none."""
    return LABELS.get(language) or LABELS.get(language.split("-")[0].lower())
