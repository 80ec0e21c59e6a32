"""What the delivery tests share: the people, the sender, an SMTP configuration."""

from __future__ import annotations

from datetime import date

from riskreg.delivery.message import Sender
from riskreg.delivery.smtp import SmtpConfig

TODAY = date(2026, 11, 22)
SENDER = Sender("millennium@vastkom.example", "Projekt Millennium – VästKom")
#: (code, role, name, address, lang)
PEOPLE = (
    ("1487", "project_lead", "Åsa Öberg", "projektledare@vanersborg.kommun.example", "sv"),
    ("1487", "management_council", "Ledningsrådet i Vänersborg",
     "ledningsrad@vanersborg.kommun.example", "sv"),
    ("1480", "project_lead", "Göran Ängström", "projektledare@goteborg.kommun.example", "en"),
    ("1480", "management_council", "", "ledningsrad@goteborg.kommun.example", "sv"),
    ("1485", "project_lead", "Märta Ödlund", "projektledare@uddevalla.kommun.example", "sv"),
    ("1485", "management_council", "Ledningsrådet Uddevalla",
     "ledningsrad@uddevalla.kommun.example", "sv"),
)
CODES = "1487,1480,1485"


def fixed_today() -> date:
    return TODAY


def config_for(port: int, timeout: float = 5.0) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=port, security="none", sender=SENDER,
                      timeout=timeout)
