"""Write newsgen/data/ner/places-id-regions.yaml: Indonesia's regencies and cities.

    npm pack idn-area-data@4.0.1 && tar xzf idn-area-data-4.0.1.tgz
    python scripts/make_regions.py package/data/regencies.csv

Source: idn-area-data (https://github.com/fityannugroho/idn-area-data), data under
the Open Database License; the file written is under the ODbL too (see
LICENSE-idn-area-data beside it). Names already in places.yaml, and names that
are also common words or given names (COMMON below), are left out: a
capitalised "Batu" opening a sentence is a stone more often than the city.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "newsgen" / "data" / "ner"
# also words ("batang" stem, "buru" hunt, "puncak" peak, "landak" porcupine, "kaur" a village
# official) or given names (Bima): the CRF decides those from the context
COMMON = {"Banjar", "Batang", "Batu", "Bima", "Bone", "Buru", "Karo", "Kaur", "Kudus", "Kuningan", "Landak",
          "Metro", "Pati", "Puncak", "Toba"}
ALIASES = {"Bau Bau": ["Baubau"], "Fak Fak": ["Fakfak"], "Toli-Toli": ["Tolitoli"], "Lubuk Linggau": ["Lubuklinggau"],
           "Pagar Alam": ["Pagaralam"], "Tanjungbalai": ["Tanjung Balai"], "Padangsidimpuan": ["Padang Sidempuan"]}
HEADER = """\
# Indonesia's regencies (kabupaten) and cities (kota), typed `place`: made by
# scripts/make_regions.py from idn-area-data (github.com/fityannugroho/idn-area-data),
# under the Open Database License (ODbL 1.0): see LICENSE-idn-area-data.
# Names in places.yaml and names that are also common words are left out.
"""

TWINS_HEADER = """\
# Regencies that share their name with a city ("Kabupaten Bandung" is not Bandung): only
# these keep "Kabupaten" in their canonical name; "Kabupaten Cianjur" is Cianjur. Made by
# scripts/make_regions.py from idn-area-data, ODbL 1.0 (see LICENSE-idn-area-data).
"""


def region_names(csv_path: Path) -> tuple[list[str], list[str]]:
    """Every regency and city name, and the names a regency and a city share ("Bandung")."""
    kinds: dict[str, set[str]] = {}
    for row in csv.DictReader(csv_path.open(encoding="utf-8")):
        kind, name = row["name"].split(" ", 1)
        kinds.setdefault(re.sub(r"^Administrasi\s+", "", name.strip()), set()).add(kind)  # "Kota Administrasi …"
    return sorted(kinds), sorted(name for name, both in kinds.items() if len(both) == 2)


def known_places() -> set[str]:
    known = set()
    for table in yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8")).values():
        for name, aliases in (table or {}).items():
            known.update(n.casefold() for n in [name, *(aliases or [])])
    return known


def main() -> None:
    known = known_places()
    names, twins = region_names(Path(sys.argv[1]))
    regions = {name: ALIASES.get(name, []) for name in names if name.casefold() not in known and name not in COMMON}
    text = HEADER + yaml.safe_dump({"regions": regions}, allow_unicode=True, sort_keys=True, width=120,
                                   default_flow_style=None)
    (DATA / "places-id-regions.yaml").write_text(text, encoding="utf-8")
    (DATA / "regency-twins.yaml").write_text(TWINS_HEADER + yaml.safe_dump({"twins": twins}, width=120),
                                              encoding="utf-8")
    print(f"{len(regions)} regencies and cities written; {len(twins)} regencies named like a city")


if __name__ == "__main__":
    main()
