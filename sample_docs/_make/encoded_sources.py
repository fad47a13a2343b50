# ruff: noqa: E501
"""Two short documents whose point is their encoding (invented; every person in them is fictional).

- council-minutes-latin1.txt: Windows-1252 ("Latin-1" as Windows writes it): accented names and
  curly quotes as single cp1252 bytes (0x93/0x94, 0x91/0x92), so the file is not valid UTF-8.
- wire-brief-utf16.txt: UTF-16 little-endian with a byte order mark, CRLF line ends, and characters
  outside Latin-1 (the cedi sign).
"""

from __future__ import annotations

from pathlib import Path

COUNCIL_MINUTES = """\
ST AUBIN AND DISTRICT COUNCIL

Minutes of the ordinary meeting held on Thursday 7 March 2024 at the Parish Hall, St Aubin

Present: Cllr José Araújo (Chair), Cllr Zoë Fairbairn, Cllr Renée Dubois, Cllr Seán Ó Briain
In attendance: Mrs Inês Carvalho (Clerk)
Apologies: Cllr François Le Maistre

1. Minutes of the previous meeting

The minutes of the meeting of St Aubin and District Council held on 1 February 2024 were approved as a true record.

2. Harbour wall repairs

The Chair reported that the contractor’s revised estimate for the harbour wall was €184,500, an increase of 12 per cent on the figure approved in October. Cllr Fairbairn asked whether the increase had been tested against other bids. The Chair said the council had no alternative bid “because nobody else wanted the job”.

Cllr Dubois said: “We cannot keep patching a wall that the sea has already decided to move. Either we rebuild it properly or we tell the residents of the Bulwarks the truth.”

RESOLVED: that the revised estimate be accepted, subject to a fixed completion date of 30 September 2024.

3. Café licence, the Bulwarks

Cllr Ó Briain reported that eleven residents had objected to late opening at the Café Mañana on the Bulwarks. One resident’s letter described the noise as “a nightly festival nobody asked for”.

Cllr Fairbairn noted that the café employed eleven local people and had not been the subject of any complaint to the police.

RESOLVED: that the licence be renewed with a closing time of 11 pm from Sunday to Thursday.

4. Any other business

The Clerk reminded members that the ‘Spring Clean’ volunteer day would take place on Saturday 23 March, starting at the slipway.

The meeting closed at 9.10 pm.

Signed ............................ (Chair)        Date ..................
"""

WIRE_BRIEF = """\
Ghana raises cocoa farmgate price 45% to fight smuggling

ACCRA, April 9 (Atlantic Wire) – Ghana’s cocoa regulator will raise the price it pays farmers by 45 per cent for the coming season, the Ghana Cocoa Board said on Tuesday, as it tries to stem the smuggling of beans into neighbouring Côte d’Ivoire and Togo.

The new price of ₵33,120 per tonne takes effect on April 10, according to a statement signed by the board’s deputy chief executive, Kofi Asante-Mensah.

“Farmers must be paid enough to stay in cocoa, and to sell their beans in Ghana,” Asante-Mensah told reporters in Accra.

He said the board had secured financing for the whole of the season’s purchases and would not need to delay payments to farmers, as it did last year.

Traders said the increase still left Ghanaian prices below those on offer across the border.

“It narrows the gap. It does not close it,” said Efua Mensimah, a cocoa analyst at Sankofa Commodities in Kumasi.

(Reporting by Yaa Boakye; Editing by Daniel Frimpong)
"""


def write_all(out: Path) -> None:
    (out / "council-minutes-latin1.txt").write_bytes(
        COUNCIL_MINUTES.replace("\n", "\r\n").encode("cp1252")
    )
    (out / "wire-brief-utf16.txt").write_bytes(
        "\ufeff".encode("utf-16-le") + WIRE_BRIEF.replace("\n", "\r\n").encode("utf-16-le")
    )
