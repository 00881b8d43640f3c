"""The licences of the open data: the DCAT-AP.de licence URI (``dct:license``) and the
address of the licence text for each ``alliance.models.DataLicence``."""

from __future__ import annotations

from dataclasses import dataclass

from wohnbuendnis.alliance.models import Alliance, DataLicence

#: The DCAT-AP.de licence vocabulary (https://www.dcat-ap.de/def/licenses/).
VOCABULARY = "http://dcat-ap.de/def/licenses/"
TEXTS = {
    DataLicence.DL_BY: "https://www.govdata.de/dl-de/by-2-0",
    DataLicence.DL_ZERO: "https://www.govdata.de/dl-de/zero-2-0",
    DataLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    DataLicence.CC_ZERO: "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass(frozen=True)
class Licence:
    key: str
    name: str
    uri: str  # dct:license
    text: str  # where people read it

    def as_json(self) -> dict[str, str]:
        return {"id": self.key, "name": self.name, "uri": self.uri, "url": self.text}


def of(alliance: Alliance) -> Licence:
    key = DataLicence(alliance.data_licence)
    return Licence(key.value, str(key.label), VOCABULARY + key.value, TEXTS[key])
