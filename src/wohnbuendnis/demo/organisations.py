"""The invented member organisations of the Musterstadt alliance, modelled on the sectors and
kinds of members of the Kassel alliance (seed 000): administration, housing industry, social
economy, interest groups, politics and advisory boards, science.

Each row: key, name, short name, sector, role of its people, number of people.
"""

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Sector

A, H, S, G, P, W = (
    Sector.ADMINISTRATION,
    Sector.HOUSING_INDUSTRY,
    Sector.SOCIAL_ECONOMY,
    Sector.INTEREST_GROUP,
    Sector.POLITICS,
    Sector.SCIENCE,
)

ORGANISATIONS = [
    ("dezernat", "Stadt Musterstadt – Dezernat Klima, Bauen und Soziales", "Dezernat", A, Role.COORDINATION, 2),
    ("wohnen", "Stadt Musterstadt – Amt für Bauverwaltung, Wohnen und Vergabemanagement", "Amt Wohnen", A, Role.HOUSING_OFFICE, 3),
    ("planung", "Stadt Musterstadt – Stadtplanungsamt", "Stadtplanung", A, Role.SPECIALIST_OFFICE, 2),
    ("statistik", "Stadt Musterstadt – Statistikstelle", "Statistik", A, Role.SPECIALIST_OFFICE, 1),
    ("sozialamt", "Stadt Musterstadt – Sozialamt", "Sozialamt", A, Role.SOCIAL_WELFARE_OFFICE, 1),
    ("jobcenter", "Jobcenter Musterstadt", "Jobcenter", A, Role.JOBCENTER, 1),
    ("gwm", "Gemeinnützige Wohnungsbaugesellschaft Musterstadt mbH", "GWM", H, Role.LANDLORD, 2),
    ("eintracht", "Wohnungsbaugenossenschaft Eintracht eG", "Eintracht eG", H, Role.LANDLORD, 1),
    ("vorwaerts", "Baugenossenschaft Vorwärts eG", "Vorwärts eG", H, Role.LANDLORD, 1),
    ("nordwohnen", "Nordwohnen Immobilien AG", "Nordwohnen", H, Role.LANDLORD, 1),
    ("heimstaette", "Landesheimstätte Musterland GmbH", "Heimstätte", H, Role.LANDLORD, 1),
    ("wohnstadt", "Wohnstadt Musterstadt GmbH", "Wohnstadt", H, Role.LANDLORD, 1),
    ("bg1894", "Baugenossenschaft 1894 eG", "BG 1894", H, Role.LANDLORD, 1),
    ("studierendenwerk", "Studierendenwerk Musterstadt", "Studierendenwerk", H, Role.LANDLORD, 1),
    ("verwaltung", "Hausverwaltung Schmidt & Partner", "Schmidt & Partner", H, Role.LANDLORD, 1),
    ("makler", "Maklerverband Musterland", "Maklerverband", H, Role.MEMBER, 1),
    ("foerderbank", "Förderbank Musterland", "Förderbank", H, Role.MEMBER, 1),
    ("diakonie", "Diakonisches Werk Musterstadt", "Diakonie", S, Role.SOCIAL_AGENCY, 2),
    ("caritas", "Caritasverband Musterstadt", "Caritas", S, Role.SOCIAL_AGENCY, 1),
    ("awo", "Arbeiterwohlfahrt Kreisverband Musterstadt", "AWO", S, Role.SOCIAL_AGENCY, 1),
    ("drk", "Deutsches Rotes Kreuz Kreisverband Musterstadt", "DRK", S, Role.SOCIAL_AGENCY, 1),
    ("paritaet", "Paritätischer Wohlfahrtsverband Musterland", "Paritätischer", S, Role.SOCIAL_AGENCY, 1),
    ("weitblick", "Wohnungsnotfallhilfe Haus Weitblick", "Haus Weitblick", S, Role.SOCIAL_AGENCY, 1),
    ("nachbarschaft", "Nachbarschaftshilfe Nordstadt e. V.", "Nachbarschaftshilfe", S, Role.SOCIAL_AGENCY, 1),
    ("frauenhaus", "Frauenhaus Musterstadt e. V.", "Frauenhaus", S, Role.SOCIAL_AGENCY, 1),
    ("lebenshilfe", "Lebenshilfe Musterstadt e. V.", "Lebenshilfe", S, Role.SOCIAL_AGENCY, 1),
    ("mieterbund", "Mieterbund Musterstadt e. V.", "Mieterbund", G, Role.MEMBER, 2),
    ("hausundgrund", "Haus & Grund Musterstadt e. V.", "Haus & Grund", G, Role.MEMBER, 1),
    ("architekten", "Architektenkammer Musterland, Bezirk Musterstadt", "Architektenkammer", G, Role.MEMBER, 1),
    ("initiative", "Initiative Wohnen für alle Musterstadt", "Wohnen für alle", G, Role.MEMBER, 1),
    ("auslaenderbeirat", "Ausländerbeirat der Stadt Musterstadt", "Ausländerbeirat", P, Role.POLITICS, 1),
    ("behindertenbeirat", "Behindertenbeirat der Stadt Musterstadt", "Behindertenbeirat", P, Role.POLITICS, 1),
    ("seniorenbeirat", "Seniorenbeirat der Stadt Musterstadt", "Seniorenbeirat", P, Role.POLITICS, 1),
    ("fraktion_a", "Fraktion Soziale Mitte in der Stadtverordnetenversammlung", "Soziale Mitte", P, Role.POLITICS, 1),
    ("fraktion_b", "Fraktion Bürgerunion in der Stadtverordnetenversammlung", "Bürgerunion", P, Role.POLITICS, 1),
    ("fraktion_c", "Fraktion Grüne Liste in der Stadtverordnetenversammlung", "Grüne Liste", P, Role.POLITICS, 1),
    ("fraktion_d", "Fraktion Liberale in der Stadtverordnetenversammlung", "Liberale", P, Role.POLITICS, 1),
    ("fraktion_e", "Fraktion Linke Liste in der Stadtverordnetenversammlung", "Linke Liste", P, Role.POLITICS, 1),
    ("hochschule", "Hochschule Musterstadt – Fachgebiet Stadt- und Regionalplanung", "Hochschule", W, Role.MEMBER, 1),
    ("institut", "Institut für Wohnungsmarktforschung Musterland", "Institut", W, Role.MEMBER, 1),
]  # fmt: skip

# The demo login of each role: (username, organisation key, index of the person, function).
DEMO_LOGINS = [
    ("koordination", "wohnen", 0, "Koordinator des Bündnisses"),
    ("fachamt", "statistik", 0, "Wohnungsmarktbeobachtung"),
    ("wohnungsamt", "wohnen", 2, "Vergabe geförderter Wohnungen"),
    ("vermieter", "gwm", 0, "Leitung Vermietung"),
    ("sozialtraeger", "diakonie", 0, "Fachstelle Wohnungsnotfälle"),
    ("politik", "fraktion_a", 0, "Wohnungspolitische Sprecherin"),
    ("mitglied", "mieterbund", 0, "Geschäftsführung"),
    ("jobcenter", "jobcenter", 0, "Leistungsabteilung, Kosten der Unterkunft"),
    ("sozialamt", "sozialamt", 0, "Hilfe zum Lebensunterhalt, Kosten der Unterkunft"),
]

# Organisations admitted after the others (no random draw, so the rest of the demo stays as it
# was): key, name, short name, sector, role, number of people; their demo logins.
LATER_ORGANISATIONS = [
    ("datenschutz", "Stadt Musterstadt – Behördliche Datenschutzbeauftragte", "Datenschutz", A,
     Role.DATA_PROTECTION, 1),
]  # fmt: skip
LATER_LOGINS = [("datenschutz", "datenschutz", 0, "Behördliche Datenschutzbeauftragte")]

# People whose role differs from their organisation's: (organisation key, index) → role.
ROLE_EXCEPTIONS = {("wohnen", 0): Role.COORDINATION, ("wohnen", 1): Role.COORDINATION}

# Working groups: (short name, name, mandate, chair's organisation, member organisations).
WORKING_GROUPS = [
    ("AG 1", "Innenentwicklung", "Flächen im Bestand aktivieren, Baulücken und Brachen nutzen.",
     "planung", ["planung", "gwm", "nordwohnen", "hausundgrund", "architekten", "hochschule", "bg1894"]),
    ("AG 2", "Wohnkosten", "Mieten, Nebenkosten und Kosten der Unterkunft im Blick behalten.",
     "mieterbund", ["mieterbund", "hausundgrund", "jobcenter", "sozialamt", "gwm", "eintracht", "institut"]),
    ("AG 3", "Zugang zu Wohnraum/Diskriminierungsfreiheit",
     "Zugang für alle Gruppen sichern; Schulungen und Beratung gegen Diskriminierung.",
     "diakonie", ["diakonie", "auslaenderbeirat", "behindertenbeirat", "caritas", "vorwaerts", "initiative", "awo"]),
    ("AG 4", "Kooperative Wohnungsvermittlung",
     "Geförderte Wohnungen nach sozialer Dringlichkeit vermitteln (Prioritätenliste, Benennungsrecht).",
     "wohnen", ["wohnen", "gwm", "wohnstadt", "heimstaette", "weitblick", "frauenhaus", "diakonie", "jobcenter"]),
    ("AG 5", "Umbau des Wohnungsbestandes",
     "Barrierearm und klimagerecht umbauen, Wohnungstausch erleichtern.",
     "eintracht", ["eintracht", "bg1894", "seniorenbeirat", "behindertenbeirat", "lebenshilfe", "architekten", "foerderbank"]),
]  # fmt: skip

REGIONAL_MEMBERS = [
    "planung", "statistik", "gwm", "heimstaette", "foerderbank", "paritaet",
    "mieterbund", "hausundgrund", "institut", "hochschule", "drk", "caritas",
]  # fmt: skip
