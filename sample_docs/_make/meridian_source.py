# ruff: noqa: E501
"""Source text of "meridian-energy-analysis" (invented; every person in it is fictional).

Markup understood by make_samples.py:

- paragraphs are separated by a blank line;
- a paragraph starting with "^" gets one stray leading space in the wrapped .txt;
- "{-}" inside a word: the word is split at a line end with a hyphen ("nego-" / "tiation"), and
  cleaning must join it back without the hyphen;
- "-{/}" after a real hyphen: a forced line break after that hyphen ("Guinea-" / "Bissau"), and
  cleaning must keep the hyphen;
- everything else (OCR spellings, "|" for "I", "[]" debris, dropped apostrophes, mixed quotation
  marks) is written literally.
"""

HEADER = ("THE MERIDIAN REVIEW \u00b7 Energy & Resources", "Analysis \u2014 12 March 2024")

TITLE = "Bissau's gas gamble: who really gains from the Cacheu power deal"
AUTHOR = "Helena Duarte"

BODY = """\
Bissau's gas gamble: who really gains from the Cacheu power deal

By Helena Duarte, West Africa correspondent

^When the government of Guinea-Bissau announced in January that it had reached an outline agreement with a Portuguese and Polish consortium to build a gas-fired power station near Cacheu, the news was greeted in Bissau with a mixture of relief and suspicion. The country has some of the lowest rates of access to elec{-}tricity in West Africa, and the capital's evening blackouts have become a fixture of political life. Yet the terms of the deal, under which Orla Energia and Baltica Power would develop an offshore gas field and sell power to the state utility for twenty-five years, remain largely unpublished.

The agreement is the centrepiece of the ministrys plan to double the country's generating capacity by 2028. It is also, by most accounts, the product of a nego{-}tiation that nearly collapsed twice: once over the price formula, and once over who would carry the currency risk if the exchange rate ever came under strain. []J

^Ask anyone in the capital and they will tell you that Guinea-{/}Bissau has been here before. A hydropower scheme on the Corubal river, announced with fanfare more than a decade ago, never left the drawing board, and an earlier plan to import power from Senegal stalled over unpaid bills. The difference this time, on paper, is that the construction risk sits with private investors rather than with the state. The difference in practice depends on a contract that nobody outside government has been allowed to read.

\u201cThis is the most important infrastructure decision the country will take in a generation, and almost nobody outside the ministry has read the contract," said Petra Marsh, a Lisbon-based energy analyst who has followed the talks since they began in 2022.

Marsh, who also lectures on energy economics at the University of Lisbon, is not opposed to the project. "| think the plant is needed, and | think gas is a reasonable bridge for a country that burns diesel in rented power barges," she said. "But a bridge to what? Nobody in Bissau has answered that question yet."

Orla Energia, a mid-sized company from Porto best known for solar farms in the Algarve, has never built a gas plant. Its partner, Baltica Power, has run gas turbines in Poland and the Baltic states for two decades but has no experience in Africa. Together they have hired a Senegalese contractor for the onshore works and a Norwegian firm to survey the seabed off the Cacheu estuary.

^The consortium's financing depends heavily on the European Investment Bank, which is expected to lend about 180 million euros, and on a partial risk guarantee from the World Bank. The banks lead negotiator on the project is Anna Kowalczyk, a Warsaw-born project-{/}finance specialist who previously worked on port concessions in Senegal and Ghana.

Kowalczvk has been unusually candid about why the bank is willing to take on a project of this size in a country with a long record of political upheaval. "We do not lend here because it is easy," she told a briefing in Lisbon last month, adding: "We lend here because if the first large private power project fails, there will not be a second one for twenty years."

"However," Kowa1czyk said, "the guarantee is not a blank cheque. If the tariff is changed by decree, the guarantee falls away, and every lender in the deal knows it."

Kowalczyh added that the bank's purpose in the deal is to "give an anchor to private lenders who would otherwise stay away", and that it had insisted on an independent review of the consortium's "neutral" pricing formula.

That formula is at the heart of the dispute. Under the draft seen by The Meridian Review, the state utility, EAGB, would pay for power at a price indexed partly to European gas benchmarks and partly to a fixed capacity charge, due whether or not the plant runs. Critics say the arrangement leaves the treasury exposed to swings it cannot control. The International Monetary Fund, in a staff note last autumn, called similar structures elsewhere in the region "a contingent liability hiding in plain sight".

^The warning echoes a report published in November by Sahel Risk Partners, a consultancy based in Dakar, under the title "Power Before Politics: Gas Contracts in Small Coastal States". Its author, Ibrahima Diallo, a former adviser to the Senegalese energy regulator, found that capacity charges in three comparable contracts had ended up costing the host govern{-}ments more than the fuel itself.

"Capacity charges are where small states lose money quietly," Diallo said in a telephone interview from Dakar. "Nobody marches in the street against an indexation clause."

The man who must sell the deal at home is Domingos Sanh\u00e1, the minister of energy and natural resources, a former engineer at the state utility who was appointed last year. He has staked his reputation on it. The minister said in an interview with national radio last week that the agreement would be signed by the end of June. He also promised that the first power would flow "within thirty months of signature".

The gas would come from Block 7C, an offshore licence about 120 kilometres from the coast, close to the maritime boundary with Senegal. Estimates of its reserves vary widely, and no appraisal well has yet been drilled. [] Fishing communities along the Cacheu estuary and in the Bijag\u00f3s archipelago, a UNESCO biosphere reserve, have asked for a full environmental study before any pipe{-}line is laid.

"We are not selling the sea," he said. "We are renting out a pipe, and the rent stays in Guinea-{/}Bissau."

Not everyone is reassured. Fatoumata Bald\u00e9, the head of a women's fish traders' association in Cacheu, described the consultation so far as "one meeting, in Portuguese, in a hotel in Bissau". "We smoke fish, we sell fish, our daughters sell fish," she said. "When they say the pipe will not touch the mangroves, we want to see it on paper."

According to Kowalcyzk, the bank will not disburse any money until an environmental and social impact assessment has been published in full.

"When the minister told us, 'Nothing will be signed under pressure,' we took him at his word, and we still do," Kowalczyk said.

^Beyond the tariff lies the question of who else will buy the power. The consortium's business plan assumes that surplus electricity will be exported through the OMVG interconnector to Guinea, Senegal and The Gambia, an assumption that depends on regional grid tariffs still being negotiated under ECOWAS rules. The consortiums lawyers have argued that exports would lower the price for households in Bissau; the finance ministry has been less sure.

Parliament, which must ratify the agreement, has not yet seen it. "If the contract is good, publish it. If it is bad, we will publish it for them," said Aissatu C\u00f3, an opposition member of the parliamentary energy committee.

C\u00f3 said the committee had asked three times for a copy of the draft and had been refused each time. The document is expected to be tabled once the review is complete.

In Marsh's opinion, if the minister survives the cabinet reshuffle expected after the budget vote, he will have little choice but to reopen the capacity charge. 'He cannot sign a contract that his own finance ministry says it cannot afford,' she surmised.

Diallo is more sceptical still. In Diallo's opinion, if the minister signs before the independent review is finished, he will own every problem the plant ever has. 'A minister can survive a blackout. He cannot survive a contract that the next government publishes,' he surmised.

Marsh points to Senegal, whose own offshore gas came on stream after years of delay, as a warning rather than a model. \u201cDakar had a regulator, a budget office and a parliament that asked questions, and it still took a decade,\u201d she said.

^What happens next depends on three dates. The independent review of the tariff is due at the end of April; the European Investment Bank's board is expected to consider the loan in September; and the rainy season, which in the Cacheu region turns dirt roads into rivers from July onwards, sets a hard limit on when onshore construction can begin. Miss any one of them and the first power slips into 2028 at the earliest.

For now, the deal's defenders and its critics agree on one thing: the status quo is untenable. Diesel generators and rented barges cost the utility more each year than the entire health budget, and the long-{/}term cost of doing nothing is paid in spoiled fish, shuttered clinics and lost school hours.

"The test of this deal is not whether the lights come on in 2027. It is whether anyone in Bissau can still afford to keep them on in 2035," Marsh said.
"""

CONTACT = """\
Helena Duarte reports on energy and politics in West Africa for The Meridian Review.
Contact the newsdesk: newsdesk@meridianreview.example \u00b7 +351 21 000 0000
\u00a9 2024 The Meridian Review Ltd. All rights reserved. No part of this article may be
reproduced without the written permission of the publisher."""
