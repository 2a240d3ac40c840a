"""The demo's fixed data: its people (with their roles and departments), its departments, and the
pictures it draws itself (a coat of arms for the letterhead, a map as an annex), so that the
demo ships no image file."""

from __future__ import annotations

from dataclasses import dataclass

from inquiries import roles


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    department: str = ""
    is_head: bool = False

    @property
    def password(self) -> str:
        return f"demo-{self.username}"


DEMO_USERS = [
    DemoUser("vorsitz", "Dilara", "Görgen", roles.COMMITTEE_CHAIR),
    DemoUser("ratsmitglied", "Jonas", "Weber", roles.COUNCIL_MEMBER),
    DemoUser("ratsbuero", "Sabine", "Krause", roles.COUNCIL_OFFICE, department="BM"),
    DemoUser("buergermeister", "Christoph", "Becker", roles.SIGNATORY),
    DemoUser("integration", "Aylin", "Yıldız", roles.DEPARTMENT_STAFF, department="INT"),
    DemoUser(
        "integration-leitung", "Markus", "Hoffmann", roles.DEPARTMENT_HEAD, department="INT", is_head=True
    ),
    DemoUser("finanzen", "Petra", "Schmitz", roles.DEPARTMENT_STAFF, department="FIN"),
    DemoUser("auslaenderbehoerde", "Stefan", "Klein", roles.DEPARTMENT_STAFF, department="ABH"),
    DemoUser("jugendamt", "Laura", "Wagner", roles.DEPARTMENT_STAFF, department="JUG"),
    DemoUser("buero-bm", "Thomas", "Müller", roles.DEPARTMENT_STAFF, department="BM"),
]

DEPARTMENTS = [
    ("INT", "Integration und Kommunales Integrationszentrum"),
    ("FIN", "Finanzen und Kämmerei"),
    ("ABH", "Ausländerbehörde"),
    ("JUG", "Jugendamt"),
    ("BM", "Büro des Bürgermeisters"),
]


def _demo_logo_png() -> bytes:
    """A small shield in the town's colours, drawn here so that the demo ships no image file."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 140), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(6, 6), (114, 6), (114, 70), (60, 134), (6, 70)]
    draw.polygon(shield, fill=(190, 20, 30, 255), outline=(60, 60, 60, 255))
    draw.polygon([(60, 6), (114, 6), (114, 70), (60, 134)], fill=(250, 250, 250, 255))
    draw.line(shield + [shield[0]], fill=(60, 60, 60, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _demo_map_png() -> bytes:
    """A schematic map: bus stops as dots, the barrier-free ones filled."""
    import io
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(96)
    image = Image.new("RGB", (480, 320), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    for x in range(0, 480, 40):
        draw.line([(x, 0), (x, 320)], fill=(225, 225, 220))
    for y in range(0, 320, 40):
        draw.line([(0, y), (480, y)], fill=(225, 225, 220))
    for index in range(96):
        x, y = rng.randrange(12, 468), rng.randrange(12, 308)
        fill = (20, 110, 60) if index < 41 else None
        draw.ellipse([(x - 5, y - 5), (x + 5, y + 5)], outline=(20, 60, 40), fill=fill, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
