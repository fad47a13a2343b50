# ruff: noqa: E501
"""The long report: "Gulf of Guinea Ports Council, Annual Report 2023" (invented; people fictional).

A fixed foreword, a fixed mid-report message and a fixed outlook carry every quotation and every
person. The chapters between them are recombined, with a fixed seed, from hand-written sentence
templates about ports, money, safety and people, filled with varying ports, figures and years; those
sentences never quote anyone and never name a person, so the gold file can list every quote.
The text is hard-wrapped at 88 columns and paged: a running header on top of every page, a centred
page number at the bottom, pages separated by form feeds. About 1.1 MB.
"""

from __future__ import annotations

import random
import textwrap

SEED = 2023
WIDTH = 88
LINES_PER_PAGE = 56
HEADER = "GULF OF GUINEA PORTS COUNCIL \u00b7 ANNUAL REPORT 2023"
TARGET_BYTES = 1_100_000

PORTS = ["Tema", "Lom\u00e9", "Cotonou", "Abidjan", "Lagos", "Douala", "San Pedro", "Takoradi"]
COUNTRY = {
    "Tema": "Ghana",
    "Lom\u00e9": "Togo",
    "Cotonou": "Benin",
    "Abidjan": "C\u00f4te d'Ivoire",
    "Lagos": "Nigeria",
    "Douala": "Cameroon",
    "San Pedro": "C\u00f4te d'Ivoire",
    "Takoradi": "Ghana",
}
LENDERS = ["the World Bank", "the African Development Bank"]
CARGOES = [
    "containers",
    "bulk grain",
    "cocoa",
    "cement clinker",
    "fuel products",
    "vehicles",
    "fertiliser",
    "timber",
]
TERMINALS = [
    "the container terminal",
    "the bulk terminal",
    "the fishing port",
    "the tanker berth",
    "the ro-ro berth",
    "the inland depot",
]

FOREWORD = [
    "FOREWORD BY THE CHAIR",
    "This report covers the Council's work in the calendar year 2023, a year in which the eight member ports of the Gulf of Guinea Ports Council handled more cargo than in any year since the Council was founded, and in which the limits of the region's road and rail links became impossible to ignore.",
    "Our chair, Adjoa Mensah-Bonsu, a former harbour master of Takoradi, opened the Council's annual assembly in Abidjan in November with a warning. \u201cWe have built quays faster than we have built the roads behind them,\u201d she said. \u201cA ship that is unloaded in a day and a container that then waits a week is not a success.\u201d",
    'She returned to the theme when she presented the accounts to member governments, adding: "Every port director in this room can tell you the number of cranes they operate. Very few can tell you how long a container takes to reach Kumasi, Ouagadougou or Niamey."',
    "Mensah-Bonsu said the Council would publish a corridor dwell-time index for every member port from the second quarter of 2024.",
]

MESSAGE = [
    "A WORD FROM THE SECRETARY GENERAL",
    'The Council\'s secretary general, Olumide Bakare, who took office in March, has made data sharing between ports the first priority of his term. "However," Bakare said at the launch of the shared vessel-call register, "a register is only as good as the last port that fills it in."',
    "Christelle Kouassi, the Council's chief financial officer, said the surplus for the year would be held in reserve against the costs of the 2024 dredging programme.",
    "\u201cWe will not spend money we have not yet collected,\u201d Kouassi told the finance committee. \u201cPort dues are paid late in a bad year, and we plan for bad years.\u201d",
]

OUTLOOK = [
    "OUTLOOK FOR 2024",
    "The Council expects volumes to grow more slowly in 2024 than in 2023. Members have agreed to work together on three shared projects: the corridor dwell-time index, a common standard for electronic cargo manifests, and joint training for pilots and tug masters.",
    'In the words of Olumide Bakare, the aim for the coming year is to "make the whole coast work like one port, even when it is eight".',
    "Adjoa Mensah-Bonsu, Chair\nOlumide Bakare, Secretary General\nAbidjan, 29 February 2024",
]

CHAPTERS = [
    "The year in numbers",
    "Container traffic",
    "Bulk, breakbulk and liquid cargo",
    "Infrastructure and dredging",
    "Corridors and hinterland links",
    "Safety, security and the environment",
    "People and training",
    "Digital systems",
    "Finance",
    "Governance and risk",
    "Member port reviews",
    "Statistical annex",
]

# Sentence templates. Fields: {port}, {port2}, {country}, {cargo}, {terminal}, {lender}, {n}, {m},
# {pct}, {pct2}, {year}, {month}, {days}, {money}. No quotation marks, no speech verbs, no people.
SENTENCES = [
    "Throughput at {port} reached {n} thousand tonnes of {cargo} in {year}, {pct} per cent more than in the previous year.",
    "At {port}, {terminal} operated at {pct} per cent of its design capacity for most of the year, and at close to full capacity in {month}.",
    "Average vessel waiting time at anchorage off {port} fell to {days} days, against {m} days a year earlier.",
    "The share of {cargo} in total traffic at {port} rose to {pct} per cent, reflecting stronger demand from {country} and its landlocked neighbours.",
    "Work on the extension of {terminal} at {port2} advanced more slowly than planned because of delays in the delivery of steel piles.",
    "A loan of {money} million US dollars from {lender} financed the first phase of the new breakwater at {port}.",
    "The dredging of the approach channel at {port2} to a depth of {days} metres below chart datum was completed in {month}.",
    "Truck turnaround times at the gates of {port} improved by {pct} per cent after the introduction of appointment slots.",
    "Rail moved {pct2} per cent of the containers leaving {port}, compared with {pct} per cent on average across member ports.",
    "The corridor from {port} to the interior carried {n} thousand tonnes of transit cargo, most of it {cargo}.",
    "Member ports recorded {m} lost-time injuries per million hours worked, the lowest rate since the Council began collecting the figure.",
    "Two drills simulating an oil spill in the harbour of {port2} were held jointly with the coastguard of {country}.",
    "Shore power was installed at {m} berths at {port}, allowing vessels to switch off their auxiliary engines while alongside.",
    "Energy use per container handled at {port} fell by {pct} per cent, mainly because of the replacement of diesel straddle carriers.",
    "The Council trained {n} pilots, tug masters and crane operators in {year}, {pct} per cent of them women.",
    "An apprenticeship scheme for marine engineers opened at {port2} with an intake of {m} trainees.",
    "The electronic manifest system went live at {port} in {month}, and {pct} per cent of declarations are now lodged electronically.",
    "Outages of the port community system at {port2} totalled {days} hours over the year, against a target of no more than {m} hours.",
    "Revenue from port dues at {port} rose to {money} million US dollars, while operating costs rose by {pct} per cent.",
    "Receivables older than ninety days at {port2} amounted to {pct} per cent of annual billing at the end of {year}.",
    "Capital expenditure across member ports totalled {money} million US dollars, of which {pct} per cent went to quay and yard works.",
    "The audit committee met {m} times during the year and reviewed the risk register of {port} in detail in {month}.",
    "Insurance premiums for the floating craft of {port2} increased by {pct} per cent after a year of higher claims across the region.",
    "Congestion at {port} eased in the second half of the year as {terminal} added night shifts.",
    "Transshipment volumes at {port2} grew by {pct} per cent as shipping lines shifted feeder services along the coast.",
    "The new customs scanner at {port} processed an average of {n} containers a day once commissioning was complete in {month}.",
    "The yard at {terminal} in {port2} was resurfaced over {m} hectares, reducing equipment breakdowns caused by uneven paving.",
    "Fishing landings at {port} declined for the {ordinal} year running, to {n} tonnes, as offshore stocks remained under pressure.",
    "Water quality monitoring at {m} stations around {port2} showed no exceedances of the national limits for hydrocarbons in {year}.",
    "Port state control inspections at {port} detained {m} foreign vessels, most of them for deficiencies in fire safety equipment.",
    "Tariffs at {port2} were indexed to inflation in {month} for the first time since {year2}.",
    "The hinterland depot serving {port} handled {n} thousand containers, relieving pressure on the port's own stacking area.",
]

ORDINALS = ["second", "third", "fourth", "fifth"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _fill(template: str, rng: random.Random) -> str:
    port, port2 = rng.sample(PORTS, 2)
    values = {
        "port": port,
        "port2": port2,
        "country": COUNTRY[port],
        "cargo": rng.choice(CARGOES),
        "terminal": rng.choice(TERMINALS),
        "lender": rng.choice(LENDERS),
        "n": f"{rng.randint(12, 980):,}",
        "m": rng.randint(2, 19),
        "pct": rng.randint(3, 68),
        "pct2": rng.randint(3, 40),
        "year": rng.choice([2021, 2022, 2023]),
        "year2": rng.choice([2012, 2014, 2016, 2018]),
        "month": rng.choice(MONTHS),
        "days": rng.randint(2, 16),
        "money": rng.randint(8, 420),
        "ordinal": rng.choice(ORDINALS),
    }
    sentence = template.format(**values)
    return sentence[0].upper() + sentence[1:]


def _paragraph(rng: random.Random) -> str:
    return " ".join(_fill(t, rng) for t in rng.sample(SENTENCES, rng.randint(3, 6)))


def _blocks(rng: random.Random, size: int) -> list[tuple[str, str]]:
    """("heading" | "text", content) blocks for the whole report."""
    blocks: list[tuple[str, str]] = [
        ("heading", "GULF OF GUINEA PORTS COUNCIL"),
        ("heading", "Annual Report 2023"),
    ]
    blocks += [("heading", FOREWORD[0])] + [("text", p) for p in FOREWORD[1:]]
    per_chapter = size // len(CHAPTERS)
    for number, title in enumerate(CHAPTERS, start=1):
        if number == 7:
            blocks += [("heading", MESSAGE[0])] + [("text", p) for p in MESSAGE[1:]]
        blocks.append(("heading", f"CHAPTER {number}  {title.upper()}"))
        written = 0
        section = 1
        while written < per_chapter:
            blocks.append(
                (
                    "heading",
                    f"{number}.{section}  {rng.choice(PORTS)}: {rng.choice(['operations', 'performance', 'investment', 'outlook', 'safety', 'people'])}",
                )
            )
            for _ in range(rng.randint(3, 7)):
                paragraph = _paragraph(rng)
                blocks.append(("text", paragraph))
                written += len(paragraph.encode("utf-8")) + 2
            section += 1
    blocks += [("heading", OUTLOOK[0])] + [("text", p) for p in OUTLOOK[1:]]
    return blocks


def build() -> str:
    rng = random.Random(SEED)
    pages_lines: list[list[str]] = [[]]
    for kind, content in _blocks(rng, TARGET_BYTES - 20_000):
        lines = pages_lines[-1]
        if kind == "heading":
            if content.isupper() and content.startswith(("CHAPTER", "A WORD", "OUTLOOK")):
                pages_lines.append([])  # chapters and messages open a new page
                lines = pages_lines[-1]
            lines += ["", content, ""]
        elif "\n" in content:  # the signature block keeps its lines
            lines += [*content.splitlines(), ""]
        else:
            lines += [*textwrap.wrap(content, WIDTH, break_on_hyphens=False), ""]
    body_lines = LINES_PER_PAGE - 4
    chunks: list[list[str]] = []
    for lines in pages_lines:
        for start in range(0, len(lines), body_lines):
            chunk = lines[start : start + body_lines]
            while chunk and not chunk[0]:
                chunk.pop(0)
            if any(chunk):
                chunks.append(chunk + [""] * (body_lines - len(chunk)))
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        footer = f"\u2014 {number} \u2014".center(WIDTH).rstrip()
        pages.append("\n".join([HEADER, "", *chunk, "", footer]) + "\n")
    return "\f".join(pages)
