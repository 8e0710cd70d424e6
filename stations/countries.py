"""English names of the countries whose people and agencies fly to the station."""

COUNTRY_NAMES = {
    "AE": "United Arab Emirates",
    "AT": "Austria",
    "BE": "Belgium",
    "BR": "Brazil",
    "BY": "Belarus",
    "CA": "Canada",
    "CH": "Switzerland",
    "CN": "China",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "HU": "Hungary",
    "IE": "Ireland",
    "IL": "Israel",
    "IN": "India",
    "IT": "Italy",
    "JP": "Japan",
    "KR": "South Korea",
    "KZ": "Kazakhstan",
    "MY": "Malaysia",
    "NL": "Netherlands",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "RU": "Russia",
    "SA": "Saudi Arabia",
    "SE": "Sweden",
    "TR": "Turkey",
    "UA": "Ukraine",
    "US": "United States",
    "ZA": "South Africa",
}


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code.upper(), code.upper()) if code else ""
