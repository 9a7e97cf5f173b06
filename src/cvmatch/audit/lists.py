"""The swap lists of the counterfactual probe: first names, pronouns, ages, universities.

First names: two common given names per gender for each of eight origins (anglophone, French,
German, Spanish/Latin American, West African, South Asian, East Asian, Arabic), so a swap moves
gender, origin or both. Universities: groups of similar standing (a probe compares like with
like, so a score change reads as a name effect, not a quality signal).
"""

__all__ = ["AGES", "FIRST_NAMES", "GRADUATION_YEARS", "PRONOUNS", "UNIVERSITIES"]

# (gender, origin) → first names.
FIRST_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("female", "anglophone"): ("Emily", "Sarah"),
    ("male", "anglophone"): ("James", "Michael"),
    ("female", "french"): ("Camille", "Élodie"),
    ("male", "french"): ("Julien", "Mathieu"),
    ("female", "german"): ("Katrin", "Anja"),
    ("male", "german"): ("Tobias", "Jürgen"),
    ("female", "hispanic"): ("Lucía", "Carmen"),
    ("male", "hispanic"): ("Alejandro", "Javier"),
    ("female", "west_african"): ("Chiamaka", "Adaeze"),
    ("male", "west_african"): ("Oluwaseun", "Kwame"),
    ("female", "south_asian"): ("Priya", "Ananya"),
    ("male", "south_asian"): ("Rahul", "Arjun"),
    ("female", "east_asian"): ("Mei", "Ji-woo"),
    ("male", "east_asian"): ("Wei", "Hiroshi"),
    ("female", "arabic"): ("Fatima", "Layla"),
    ("male", "arabic"): ("Mohammed", "Omar"),
}
# A line stating pronouns, in the forms CVs use.
PRONOUNS: tuple[str, ...] = ("he/him", "she/her", "they/them")
# Dates of birth spanning a career: 25, 40 and 58 years old in 2025.
AGES: tuple[str, ...] = ("14/03/2000", "14/03/1985", "14/03/1967")
GRADUATION_YEARS: tuple[str, ...] = ("2018", "2005", "1990")
# Universities of similar standing, in several countries.
UNIVERSITIES: tuple[str, ...] = (
    "University of Manchester",
    "Université Grenoble Alpes",
    "Universität Hamburg",
    "Universidad de Granada",
    "University of Lagos",
    "University of Delhi",
)
