"""Every group, person, place and dated event of the Peru profile is asked about directly.

The lists below come from reading the profile sentence by sentence.
"""

from __future__ import annotations

import pytest
from bank_quality import answers_of, contains

from quizapp.bank.generator import GenerationResult

DIRECT = ("short_answer", "cloze", "multiple_choice")

GROUPS = [
    "Shining Path", "Túpac Amaru Revolutionary Movement", "Revolutionary Armed Forces of Colombia",
    "Militarized Communist Party of Peru", "‘Ndrangheta",
    "Tren de Aragua", "Gallegos",
]  # not the Peruvian National Police: "a centralized police force, the ____" is a guess
PEOPLE = [
    "Abimael Guzmán", "Alberto Fujimori", "Vladimiro Montesinos",
    "David Bazán Arévalo", "Dina Boluarte", "Pedro Castillo", "Florindo Eleuterio Flores",
    "Jorge Quispe Palomino", "Victor Quispe Palomino",
]
# Countries are asked by their borders (a gap on a country is general knowledge).
PLACES = [
    "Colombia", "Ecuador", "Brazil", "Bolivia", "Chile",
    "VRAEM", "Huallaga Valley", "Ayacucho", "Tocache", "Callao", "Madre de Dios",
    "La Libertad", "San Miguel del Ene", "Miami", "Dallas",
]
# Places and people general knowledge names without the profile (countries, continents, oceans,
# lakes, the capital, the region's famous figures): a gap on them is a give-away (two readers of
# sampled banks rejected each), so none is asked.
GUESSABLE = {
    "Augusto Pinochet": "military regime of Augusto Pinochet",
    "United States": "exported legally to the United States",
    "Lima": "reaching the capital Lima",
    "Lake Titicaca": "near Lake Titicaca",
    "Amazon": "greater swathe of Amazon territory",
    "Colombia": "Alongside with Colombia and Bolivia",
    "Medellín Cartel": "the powerful Medellín and Cali Cartels",
    "Cali Cartel": "the powerful Medellín and Cali Cartels",
    "Venezuela": "Venezuela’s largest criminal organization",
    "Italy": "Italy’s ‘Ndrangheta",
    "Pacific Ocean": "coastline faces the Pacific Ocean",
    "South America": "South America’s fourth-largest country",
    "Europe": "Europe",
    "Asia": "Asia",
}
# (answer, words of the sentence it dates): exact years, month-years, ranges and decades.
DATED = [
    ("late 1990s", "civil conflict"), ("19th century", "exported legally"),
    ("early 20th century", "outlawed the drug"), ("1948", "doing so"), ("1970s", "Pinochet"),
    ("1980s", "biggest producer"), ("1980", "war"), ("2000", "70,000"),  # a range by its end
    ("1992", "captured and imprisoned"), ("2021", "died in prison"), ("2000", "Fujimori"),
    ("2001", "Montesinos"), ("2017", "Tocache"), ("early to mid-2010s", "comeback"),
    ("2017", "ambitious plan"),
    ("2021", "record high"), ("2017", "organized crime activity"),
    ("2022", "Dina Boluarte"), ("2012", "Comrade Artemio"),
    ("2021", "confirmed dead"), ("2021", "massacred"), ("2023", "seven officers"),
    ("2022", "Gallegos"), ("2018", "pardon"), ("2021", "defense minister"),
    ("2022", "prison population"),
    ("2015", "95% of suspects"), ("2015", "speed up judicial proceedings"),
    ("2016", "longer sentences"),
]


@pytest.mark.parametrize("name", GROUPS + PEOPLE + PLACES)
def test_entity_is_the_answer_of_a_direct_question(peru: GenerationResult, name: str) -> None:
    assert name in answers_of(peru.bank, *DIRECT)


@pytest.mark.parametrize(("name", "words"), GUESSABLE.items(), ids=list(GUESSABLE))
def test_a_place_general_knowledge_gives_is_never_a_gap(peru: GenerationResult, name: str,
                                                        words: str) -> None:
    assert not [q.prompt for q in peru.bank.questions if q.answer == name
                and q.type in ("cloze", "multiple_choice") and "____" in q.prompt
                and contains(q.source.quote, words)]


# Years that date a statistic ("as of 2023, ... 100,000 personnel") or an edition ("the 2022
# Rule of Law Index") are no events: the figure may be asked, the year is not.
DATED_FIGURES = [("2020", "$3.9 billion"), ("2023", "100,000"), ("2022", "4,000"),
                 ("2022", "Rule of Law Index")]


@pytest.mark.parametrize(("year", "words"), DATED_FIGURES, ids=[w for _, w in DATED_FIGURES])
def test_the_year_of_a_statistic_is_not_asked(peru: GenerationResult, year: str,
                                               words: str) -> None:
    assert not any(q.answer == year and contains(q.source.quote, words)
                   for q in peru.bank.questions)


# "by 2015 ... following a 14% decline in 2014": each year gives the other away, so neither
# is a gap.
BESIDE = [("2015", "taken back the title"), ("2014", "14% decline")]


@pytest.mark.parametrize(("answer", "words"), BESIDE, ids=[w for _, w in BESIDE])
def test_a_year_next_to_the_year_before_it_is_not_a_gap(peru: GenerationResult, answer: str,
                                                       words: str) -> None:
    assert not any(q.type in ("cloze", "multiple_choice") and q.answer == answer
                   and "____" in q.prompt and contains(q.source.quote, words)
                   for q in peru.bank.questions)


@pytest.mark.parametrize(("answer", "words"), DATED, ids=[f"{a}-{w}" for a, w in DATED])
def test_dated_fact_is_asked(peru: GenerationResult, answer: str, words: str) -> None:
    """Its date is the answer, or (for an act of the state, whose year alone is trivia) the
    event is the answer of "which of these happened in <year>?"."""
    assert any(q.type in DIRECT and contains(q.source.quote, words) and (
        q.answer == answer or q.prompt.endswith(f"happened in {answer}?"))
        for q in peru.bank.questions)


def test_every_alias_acronym_and_spanish_name_is_asked(peru: GenerationResult) -> None:
    asked = answers_of(peru.bank)
    # Acronyms are accepted typed answers (no question asks what their letters stand for);
    # "Movimiento Revolucionario Túpac Amaru" is a look-alike of the English name: not asked.
    for name in ("Comrade Artemio", "Raúl", "José", "MRTA", "FARC", "MPCP",
                 "Sendero Luminoso"):
        assert name in asked, name


def test_the_second_profile_covers_its_entities(ecuador: GenerationResult) -> None:
    asked = answers_of(ecuador.bank, *DIRECT)
    for name in ("Los Choneros", "Los Lobos", "Jalisco Cartel New Generation", "Sinaloa Cartel",
                 "José Adolfo Macías Villamar", "Jorge Luis Zambrano", "Wilmer Chavarría Barre",
                 "Daniel Noboa", "Rafael Correa", "Fernando Villavicencio", "Guayaquil",
                 "Esmeraldas", "Manabí", "El Oro", "Quito", "Manta", "Colombia", "Peru"):
        assert name in asked, name
