"""The first questions and answers, loaded once by ``load_initial_data``.

Figures are named placeholders (see stations.faq), filled in from the records when the
page is shown; staff edit these in the admin afterwards.
"""

QUESTIONS = [
    (
        "How many people have visited the space station?",
        "how-many-people",
        "{people_visited} people from {countries} countries have been aboard the station, "
        "as of {as_of}, our newest record. Some flew more than once; each person counts "
        "once.\n\n"
        "See [station visitors by country](/visitors/) for who came from where, and the "
        "first from each country.",
    ),
    (
        "How long has the station been in orbit?",
        "how-long-in-orbit",
        "Its first element was launched on {first_launch}: {years_in_orbit} years in orbit. "
        "The [modules and assembly](/modules/) page lists every element in the order of "
        "its launch.",
    ),
    (
        "How long have people lived aboard?",
        "how-long-lived-aboard",
        "Without a break since the first expedition began on {first_expedition_start}: "
        "{years_crewed} years, over {expeditions} [expeditions](/expeditions/).",
    ),
    (
        "How many spacewalks have there been?",
        "how-many-spacewalks",
        "{spacewalks} spacewalks to build and maintain the station, {eva_hours} hours "
        "outside in all. Every one is on the [spacewalks](/spacewalks/) page; the "
        "[facts page](/facts/) names the record holders.",
    ),
    (
        "Who builds and runs the station?",
        "who-runs-the-station",
        "Five space agencies are its partners: NASA, Roscosmos, the European Space Agency, "
        "the Japan Aerospace Exploration Agency and the Canadian Space Agency. With the "
        "companies that fly crews and cargo and the agencies whose people have visited, "
        "our records count {agencies} agencies and companies: see "
        "[international cooperation](/agencies/).",
    ),
    (
        "How do vehicles reach the station?",
        "how-do-vehicles-arrive",
        "Crew and cargo spacecraft dock at a port or are caught by the robotic arm and "
        "berthed. Our records hold {vehicle_visits} such visits: see "
        "[visiting vehicles](/vehicles/).",
    ),
    (
        "Where do the figures on this site come from?",
        "where-do-the-figures-come-from",
        "From open datasets and public records, each named with its licence on the "
        "[data sources](/data-sources/) page. Every figure is counted from those records, "
        "never typed in, and is as current as the newest record: {as_of}.",
    ),
]
