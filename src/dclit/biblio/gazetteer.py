"""Country and region names (English, French, Spanish, Portuguese, German), for telling
"au Brésil (2000)" — a place followed by a date — from a citation of an author.

Names are compared lower-cased without diacritics (``place_key``). Organisations
that happen to contain a place ("World Bank", "UN-HABITAT", "Council of Europe")
are not places: only a name that is a place as a whole counts. Country names that
are also common surnames or first names (Jordan, Holland, England, Israel, Chad,
France, China, India …) are left out: "Jordan (2003)" is usually an author.
"""
from __future__ import annotations

import re
import unicodedata

_COUNTRIES = """
afghanistan, afrique du sud, agypten, albania, albanie, alemanha, alemania, algeria, algerie,
algerien, allemagne, andorra, andorre, angleterre, angola, arabia saudita, arabie saoudite,
argelia, argentina, argentine, argentinien, armenia, armenie, athiopien, australia, australie,
australien, austria, autriche, azerbaidjan, azerbaijan, bahamas, bahrain, bahrein, bangladesh,
barbade, barbados, belarus, belgica, belgien, belgique, belgium, belize, benin, bhoutan, bhutan,
bielorussie, birmanie, bolivia, bolivie, bolivien, bosnia, bosnia and herzegovina, bosnie,
bosnie-herzegovine, botswana, brasil, brasilien, brazil, bresil, brunei, bulgaria, bulgarie,
bulgarien, burkina faso, burundi, cabo verde, cambodge, cambodia, camboya, cameroon, cameroun,
camerun, canada, cap-vert, cape verde, chile, chili, chine, chipre, chypre, colombia, colombie,
comores, comoros, congo, corea, corea del sur, coree, coree du nord, coree du sud, costa rica,
cote d'ivoire, cote divoire, croatia, croatie, cyprus, czech republic, czechia, danemark, denmark,
deutschland, dinamarca, djibouti, dominica, dominican republic, ecosse, ecuador, egipto,
egypt, egypte, el salvador, emirats arabes unis, equateur, equatorial guinea, eritrea, erythree,
eslovaquia, eslovenia, espagne, espana, espanha, estados unidos, estland, estonia, estonie,
eswatini, etats-unis, ethiopia, ethiopie, etiopia, federation de russie, fidji, fiji, finland,
finlande, finlandia, finnland, franca, francia, frankreich, gabon, gambia, gambie, georgie,
germany, ghana, grande-bretagne, great britain, grece, grecia, greece, grenada, grenade,
griechenland, guatemala, guinea-bissau, guinee, guinee equatoriale, guinee-bissau, guyana, haiti,
honduras, hongrie, hungary, hungria, iceland, inde, indien, indonesia, indonesie, indonesien,
inglaterra, irak, iran, iraq, ireland, irland, irlanda, irlande, islande, islandia, italia, italie,
italien, italy, ivory coast, jamaica, jamaique, japan, japao, japon, jordania, jordanie, jordanien,
kamerun, kanada, kazakhstan, kenya, kirghizistan, kiribati, kolumbien, korea, kosovo, koweit,
kroatien, kuwait, kyrgyzstan, laos, latvia, lebanon, lesotho, lettonie, liban, libano, libanon,
liberia, libia, libya, libye, libyen, liechtenstein, lithuania, lituanie, luxembourg, luxemburg,
luxemburgo, macedoine, macedonia, madagascar, malaisie, malasia, malawi, malaysia, maldives, malta,
malte, maroc, marokko, marruecos, marshall islands, mauritania, mauritanie, mauritius, mexico,
mexiko, mexique, micronesia, mocambique, moldavie, moldova, monaco, mongolia, mongolie, montenegro,
morocco, mosambik, mozambique, myanmar, namibia, namibie, nauru, nepal, netherlands, new zealand,
nicaragua, niederlande, nigeria, north korea, north macedonia, noruega, norvege, norway, norwegen,
nouvelle-zelande, nueva zelanda, osterreich, ouganda, ouzbekistan, paises bajos, pakistan, palau,
palestina, palestine, panama, papua new guinea, paraguay, pays-bas, perou, poland, polen, pologne,
polonia, portugal, qatar, reino unido, republica dominicana, republique dominicaine,
republique tcheque, romania, roumanie, royaume-uni, rumania, rumanien, rusia, russia,
russian federation, russie, russland, rwanda, saint lucia, san marino, saudi arabia, saudi-arabien,
schweden, schweiz, scotland, senegal, serbia, serbie, serbien, seychelles, sierra leone, singapore,
singapour, singapur, siria, slovakia, slovaquie, slovenia, slovenie, slowakei, slowenien,
solomon islands, somalia, somalie, soudan, soudan du sud, south africa, south korea, south sudan,
spain, spanien, sri lanka, sudafrica, sudafrika, sudan, suecia, suede, suica, suisse, suiza,
suriname, swaziland, sweden, switzerland, syria, syrie, syrien, tadjikistan, tailandia, taiwan,
tajikistan, tanzania, tanzanie, tchad, tchequie, thailand, thailande, timor-leste, tonga,
trinidad and tobago, trinite-et-tobago, tschechien, tunesien, tunez, tunisia, tunisie, turkei,
turkiye, turkmenistan, turquia, turquie, tuvalu, u.s., ucrania, uganda, ukraine, ungarn,
united arab emirates, united kingdom, united states, uruguay, usa, uzbekistan, vanuatu, venezuela,
vereinigte staaten, vereinigtes konigreich, viet nam, vietnam, yemen, zambia, zambie, zimbabwe,
zypern
"""

_REGIONS = """
africa, africa occidental, afrika, afrique, afrique australe, afrique de l'est, afrique de l'ouest,
afrique subsaharienne, america, america latina, amerika, amerique, amerique centrale,
amerique du nord, amerique du sud, amerique latine, andalousie, andalucia, asia, asie, asien,
balkans, bavaria, baviere, bayern, caraibes, caribbean, caribe, catalogne, catalonia, cataluna,
catalunya, central america, centroamerica, east africa, europa, europe, flanders, flandre,
lateinamerika, latin america, maghreb, middle east, moyen-orient, north america, oceania, oceanie,
oriente medio, quebec, sahel, scandinavia, scandinavie, south america, southern africa,
sub-saharan africa, sudamerica, wallonia, wallonie, west africa
"""


def place_key(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"^(?:the|la|le|l'|les|el|los|las|o|a|die|der|das)\s+", "", t.replace("’", "'"))
    return re.sub(r"\s+", " ", t.strip(" .,;:"))


def _phrases(blob: str) -> set[str]:
    return {n.strip() for n in blob.replace("\n", " ").split(",") if n.strip()}


PLACE_NAMES = frozenset(_phrases(_COUNTRIES) | _phrases(_REGIONS))


def is_place(name: str) -> bool:
    """True when ``name`` as a whole is a country or region ("Brésil", "la France", "West Africa")."""
    key = place_key(name)
    return bool(key) and key in PLACE_NAMES
