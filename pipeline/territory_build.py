"""Build the compact territorial reference the project ships (`data/reference/`) from the
published files of `@etalab/decoupage-administratif` (../shared/reference/territory).

    python -m pipeline.territory_build ../shared/reference/territory data/reference

Writes communes.csv (current communes: INSEE code, name, département, région, SIREN),
epci_<vintage>.csv (SIREN, name, type, département and région of most members) for the 2021,
2023 and 2026 maps, departements.csv and regions.csv. Deterministic: sorted rows.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path


def build(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    communes = [
        c
        for c in json.loads((src / "communes.json").read_text(encoding="utf-8"))
        if c.get("type") == "commune-actuelle"
    ]
    where = {c["code"]: (c.get("departement", ""), c.get("region", "")) for c in communes}
    _write(
        out / "communes.csv",
        ["code", "nom", "departement", "region", "siren"],
        sorted(
            (c["code"], c["nom"], c.get("departement", ""), c.get("region", ""), c.get("siren", ""))
            for c in communes
        ),
    )
    for vintage, name in (
        ("2021", "older_vintages/epci_2021.json"),
        ("2023", "older_vintages/epci_2023.json"),
        ("2026", "epci.json"),
    ):
        rows = []
        for e in json.loads((src / name).read_text(encoding="utf-8")):
            deps = Counter(where.get(m["code"], ("", ""))[0] for m in e.get("membres", []))
            regs = Counter(where.get(m["code"], ("", ""))[1] for m in e.get("membres", []))
            rows.append(
                (
                    e["code"],
                    e["nom"],
                    e.get("type", ""),
                    deps.most_common(1)[0][0] if deps else "",
                    regs.most_common(1)[0][0] if regs else "",
                )
            )
        _write(
            out / f"epci_{vintage}.csv",
            ["siren", "nom", "type", "departement", "region"],
            sorted(rows),
        )
    deps = json.loads((src / "departements.json").read_text(encoding="utf-8"))
    # typeLiaison: the article before the name ("de la Seine-Saint-Denis", "du Nord")
    _write(
        out / "departements.csv",
        ["code", "nom", "region", "liaison"],
        sorted((d["code"], d["nom"], d["region"], str(d.get("typeLiaison", ""))) for d in deps),
    )
    regs = json.loads((src / "regions.json").read_text(encoding="utf-8"))
    _write(out / "regions.csv", ["code", "nom"], sorted((r["code"], r["nom"]) for r in regs))


def _write(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
