"""Indonesia's three time zones, and which one a region keeps.

Keppres No. 41 Tahun 1987 divides the country into WIB (UTC+7), WITA (UTC+8) and WIT
(UTC+9) by province; provinces formed later keep the zone of the province they were
split from (Kalimantan Utara from Kalimantan Timur, Sulawesi Barat from Sulawesi
Selatan, the new Papua provinces from Papua and Papua Barat). A regency or city keeps
its province's zone; the national task force sits in Jakarta. The database stores UTC:
these zones only say how a time is entered, shown and "today" is counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone


@dataclass(frozen=True)
class Zone:
    abbreviation: str  # what Indonesians write after a time: "09.00 WIT"
    name: str  # the IANA zone

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    def __str__(self) -> str:
        return self.abbreviation


WIB = Zone("WIB", "Asia/Jakarta")
WITA = Zone("WITA", "Asia/Makassar")
WIT = Zone("WIT", "Asia/Jayapura")

# Kemendagri province codes outside WIB. Everything else (Sumatra, Java, Kalimantan
# Barat and Tengah, and the nation) is WIB.
_PROVINCE_ZONES = {
    "51": WITA,  # Bali
    "52": WITA,  # Nusa Tenggara Barat
    "53": WITA,  # Nusa Tenggara Timur
    "63": WITA,  # Kalimantan Selatan
    "64": WITA,  # Kalimantan Timur
    "65": WITA,  # Kalimantan Utara
    "71": WITA,  # Sulawesi Utara
    "72": WITA,  # Sulawesi Tengah
    "73": WITA,  # Sulawesi Selatan
    "74": WITA,  # Sulawesi Tenggara
    "75": WITA,  # Gorontalo
    "76": WITA,  # Sulawesi Barat
    "81": WIT,  # Maluku
    "82": WIT,  # Maluku Utara
    "91": WIT,  # Papua
    "92": WIT,  # Papua Barat
    "93": WIT,  # Papua Selatan
    "94": WIT,  # Papua Tengah
    "95": WIT,  # Papua Pegunungan
    "96": WIT,  # Papua Barat Daya
}


def zone_for_code(code: str) -> Zone:
    """The zone of the region with Kemendagri code ``code`` ("ID", "91", "91.71")."""
    return _PROVINCE_ZONES.get(code[:2], WIB)


def today_in(zone: Zone, now: datetime.datetime | None = None) -> datetime.date:
    """The date it is now in ``zone``: a deadline falls due on the task force's own day."""
    return timezone.localtime(now or timezone.now(), zone.tzinfo).date()


def local(value: datetime.datetime, zone: Zone) -> datetime.datetime:
    """An aware datetime as the wall-clock time of ``zone``."""
    return timezone.localtime(value, zone.tzinfo)
