"""Invented people: first and last names drawn with the demo's random generator."""

FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jonas",
    "Katharina", "Lukas", "Mia", "Noah", "Olga", "Paul", "Rana", "Simon", "Tanja", "Ulrich",
    "Vera", "Wolfgang", "Yasemin", "Zoe", "Aylin", "Bernd", "Carla", "Deniz", "Emil", "Frieda",
    "Georg", "Hatice", "Ingo", "Jana", "Karl", "Lena", "Marek", "Nora", "Oskar", "Petra",
]  # fmt: skip
LAST_NAMES = [
    "Albers", "Becker", "Brandt", "Demir", "Engel", "Fischer", "Graf", "Hoffmann", "Jansen",
    "Kaya", "Keller", "Lange", "Maier", "Nowak", "Otto", "Peters", "Quast", "Richter", "Schulz",
    "Sommer", "Thiel", "Uhlig", "Vogel", "Wagner", "Yilmaz", "Zimmer", "Arnold", "Bauer", "Conrad",
    "Dietrich", "Ebert", "Franke", "Günther", "Hahn", "Iwanow", "Jung", "Krüger", "Lorenz",
]  # fmt: skip
