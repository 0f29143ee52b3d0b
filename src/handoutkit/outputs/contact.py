"""The clinic's contact details as labelled links: one rule for the handout and the deck.

Each output chooses which lines it shows and in what order; what a line says, what it links
to (``tel:`` with the digits and ``+`` only, ``mailto:``, the web address as the clinic wrote
it) and how an address is shown without its scheme are decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..language.labels import Labels
from ..model import Contact


class Field(Enum):
    """Which contact detail a line shows."""

    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"
    BOOKING = "booking"
    ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class ContactLink:
    """One filled-in contact detail: its label (none for the address), text and link."""

    field: Field
    label: str
    text: str  # as the clinic wrote it
    href: str | None

    @property
    def shown(self) -> str:
        """The text, a web address without ``https://`` and a trailing slash."""
        if self.field in (Field.WEBSITE, Field.BOOKING):
            return re.sub(r"^https?://", "", self.text).rstrip("/")
        return self.text


def phone_href(phone: str) -> str:
    """``tel:`` and the number's digits and ``+``, as dialers want it."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def contact_links(contact: Contact, labels: Labels) -> tuple[ContactLink, ...]:
    """The contact details that are filled in: phone, email, website, booking, address."""
    lines: list[ContactLink] = []
    if contact.phone:
        lines.append(
            ContactLink(Field.PHONE, labels.phone, contact.phone, phone_href(contact.phone))
        )
    if contact.email:
        mail = f"mailto:{contact.email}"
        lines.append(ContactLink(Field.EMAIL, labels.email, contact.email, mail))
    if contact.website:  # the brand reader lets only http:// and https:// addresses in
        lines.append(ContactLink(Field.WEBSITE, labels.website, contact.website, contact.website))
    if contact.booking_url:
        book = contact.booking_url
        lines.append(ContactLink(Field.BOOKING, labels.booking, book, book))
    if contact.address:
        lines.append(ContactLink(Field.ADDRESS, "", contact.address, None))
    return tuple(lines)
